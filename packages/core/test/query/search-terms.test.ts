import { describe, expect, it } from "vitest";
import {
  applyLocalFilters,
  describeQuery,
  formatQuery,
  helpMessage,
  orderRecords,
  parseCommand,
  QUERY_LIMITS,
  queryHints,
  queryNotes,
} from "../../src/query";
import { command, errorsOf, filtersOf, planOf, record, search } from "./helpers";

/*
 * The search terms a new user tripped over (issue 18, "Search"). `now` is 2025-06-15 09:30 UTC.
 */

const INVOICE_EVENTS = [15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 65, 66, 67];

describe("bare words: each one a term that must match (item 1)", () => {
  it("sends the longest word to Nexudus and checks every word here, after fetching every match", async () => {
    // Act
    const plan = await planOf("xero invoice");
    // Assess
    expect(search("xero invoice")).toEqual({ words: ["xero", "invoice"] });
    expect(plan.params.WebHook_Name).toBe("invoice");
    expect(plan.localPaging).toBe(true);
    expect(plan.params).not.toHaveProperty("page");
    expect(plan.localFilters).toEqual([{ field: "words", value: ["xero", "invoice"], exclude: false }]);
  });

  it("keeps the first of equally long words, and sends one word alone without local filtering", async () => {
    // Act
    const tie = await planOf("sync xero");
    const one = await planOf("zapier");
    // Assess
    expect(tie.params.WebHook_Name).toBe("sync");
    expect(one.params).toMatchObject({ WebHook_Name: "zapier", page: "1", size: "10" });
    expect(one.localFilters).toEqual([]);
  });

  it("keeps a quoted phrase as one phrase", async () => {
    // Act
    const plan = await planOf('"invoice sync"');
    // Assess
    expect(search('"invoice sync"')).toEqual({ words: ["invoice sync"] });
    expect(plan.params.WebHook_Name).toBe("invoice sync");
    expect(plan.localPaging).toBe(false);
  });

  it("matches each word ignoring case and accents, anywhere in the name", async () => {
    // Prepare
    const records = [
      record({ Id: 1, Name: "Invoice paid → Xero (Zapier)" }),
      record({ Id: 2, Name: "Invoice created → accounting export" }),
      record({ Id: 3, Name: "XÉRO: invoices backfill" }),
      record({ Id: 4, Name: "Xero contacts" }),
    ];
    const plan = await planOf("xero invoice");
    // Act
    const kept = applyLocalFilters(records, plan.localFilters);
    // Assess
    expect(kept.map((r) => r.Id)).toEqual([1, 3]);
  });

  it("writes words back as bare words, quoting what would read as something else", () => {
    // Act / Assess
    expect(formatQuery(search("xero invoice"))).toBe("xero invoice");
    expect(formatQuery(search('"invoice sync" xero'))).toBe('"invoice sync" xero');
    expect(formatQuery(search('"failing" "123" "#5" "-x" "a:b"'))).toBe('"failing" "123" "#5" "-x" "a:b"');
    expect(describeQuery(search("xero invoice"))).toBe("all webhooks with “xero” and “invoice” in the name");
  });

  it("bounds the local check like exclusions, and names what needs it when over the bound", async () => {
    // Act
    const { localFilterLimitError } = await import("../../src/query");
    const plan = await planOf("xero invoice -action:6");
    const over = localFilterLimitError(QUERY_LIMITS.maxExclusionRecords + 1, plan.localFilters);
    // Assess
    expect(localFilterLimitError(QUERY_LIMITS.maxExclusionRecords, plan.localFilters)).toBeUndefined();
    expect(over?.code).toBe("too-many-records");
    expect(over?.message).toMatch(/extra name words and `-action:` are checked/);
    expect(over?.message).toMatch(/matches 5,001; the limit is 5,000\. Narrow the search/);
  });
});

describe("ids as the bot shows them (item 2)", () => {
  it.each([
    ["#1415233068", { kind: "show", id: 1415233068 }],
    ["  #12 ", { kind: "show", id: 12 }],
    ["show #1415233068", { kind: "show", id: 1415233068 }],
    ["pause #12", { kind: "pause", id: 12 }],
    ["resume #12", { kind: "resume", id: 12 }],
  ])("%j → %j", (text, expected) => {
    // Act / Assess
    expect(command(text)).toEqual(expected);
  });

  it("explains an id among search terms instead of searching names for it", () => {
    // Act
    const [error] = errorsOf("failing #12");
    // Assess
    expect(error).toMatchObject({ code: "misplaced-command", term: "#12", suggestions: ["show 12"] });
    expect(error!.message).toMatch(/`#12` names one webhook/);
  });

  it("says what an id is when it is not one (item 14)", () => {
    // Act
    const [zero] = errorsOf("show 0");
    const [hashZero] = errorsOf("pause #0");
    // Assess
    expect(zero!.message).toBe(
      "`0` is not a webhook id. An id is a whole number from 1 up, such as `show 1415233068`.",
    );
    expect(hashZero!.message).toMatch(/such as `pause 1415233068`/);
    expect(zero!.message).not.toMatch(/9,007/);
  });
});

describe("a word that looks like a keyword is a name search (item 3)", () => {
  it("searches the name, and keeps the hint for when nothing is found", () => {
    // Act
    const query = search("sale");
    // Assess
    expect(query).toEqual({ words: ["sale"] });
    expect(queryHints(query)).toEqual([
      expect.objectContaining({ code: "unknown-keyword", term: "sale", suggestions: ["stale"] }),
    ]);
    expect(queryHints(query)[0]!.message).toMatch(/No webhook name contains `sale`\. Did you mean `stale`\?/);
    expect(queryHints(search("zapier"))).toEqual([]);
  });

  it("still reports the likely typo when the search has real mistakes", () => {
    // Act
    const errors = errorsOf("faling size:99");
    // Assess
    expect(errors.map((e) => e.code)).toEqual(["unknown-keyword", "out-of-range"]);
    expect(errors[0]!.message).toMatch(/did you mean `failing`\?.*`name:faling`/i);
    expect(errors[0]!.suggestions).toEqual(["failing", "name:faling"]);
  });
});

describe("event families (item 4)", () => {
  it("reads a word shared by several events as any of them, filtered locally", async () => {
    // Act
    const query = search("action:invoice");
    const plan = await planOf("failing action:invoice");
    // Assess
    expect(query).toEqual({ action: { words: "invoice", ids: INVOICE_EVENTS } });
    expect(plan.params).not.toHaveProperty("WebHook_Action");
    expect(plan.params).toMatchObject({ from_WebHook_ErrorCount: "1" });
    expect(plan.localFilters).toEqual([{ field: "action", value: query.action, exclude: false }]);
    expect(formatQuery(query)).toBe("action:invoice");
  });

  it("names the events in the answer", () => {
    // Act
    const notes = queryNotes(search("action:booking location:12"));
    // Assess
    expect(notes).toEqual([
      "`action:booking` means any of 3 events: `BookingCreate`, `BookingUpdate`, `BookingDelete`.",
    ]);
    expect(describeQuery(search("action:invoice"))).toBe("all webhooks for 13 “invoice” events");
  });

  it("keeps exactly the records of those events, and leaves them out with a minus", async () => {
    // Prepare
    const records = [
      record({ Id: 1, Action: 21 }),
      record({ Id: 2, Action: 6 }),
      record({ Id: 3, Action: 66 }),
    ];
    // Act
    const kept = applyLocalFilters(records, (await planOf("action:invoice")).localFilters);
    const left = applyLocalFilters(records, (await planOf("-action:invoice")).localFilters);
    // Assess
    expect(kept.map((r) => r.Id)).toEqual([1, 3]);
    expect(left.map((r) => r.Id)).toEqual([2]);
  });

  it("still refuses a word shared by too many events, listing them", () => {
    // Act
    const [error] = errorsOf("action:create");
    // Assess
    expect(error!.code).toBe("ambiguous-action");
    expect(error!.message).toMatch(/^`action:create` matches 25 actions: `TeamCreated`, `TariffCreate`, /);
    expect(error!.message).toMatch(/and 17 more/);
  });
});

describe("relative dates read one way (item 5)", () => {
  it.each<[string, Record<string, string>]>([
    ["triggered:within:7d", { from_WebHook_LastTrigger: "2025-06-08T09:30" }],
    ["triggered:before:7d", { to_WebHook_LastTrigger: "2025-06-08T09:30" }],
    ["created:within:2w", { from_WebHook_CreatedOn: "2025-06-01T09:30" }],
    ["updated:before:12h", { to_WebHook_UpdatedOn: "2025-06-14T21:30" }],
    ["triggered:before:2025-01-01", { to_WebHook_LastTrigger: "2024-12-31T23:59" }],
  ])("%s", async (text, expected) => {
    // Act / Assess
    expect(await filtersOf(text)).toEqual(expected);
  });

  it.each([
    ["triggered:<7d", "triggered:within:7d"],
    ["triggered:7d", "triggered:within:7d"],
    ["triggered:>7d", "triggered:before:7d"],
    ["updated:<=2w", "updated:within:2w"],
    ["triggered:before:2025-01-01", "triggered:<2025-01-01"],
    ["triggered:<2025-01-01", "triggered:<2025-01-01"],
  ])("%s is shown as %s", (text, shown) => {
    // Act / Assess
    expect(formatQuery(search(text))).toBe(shown);
    expect(search(shown)).toEqual(search(text));
  });

  it("takes only a span after within:", () => {
    // Act
    const [error] = errorsOf("triggered:within:2025-01-01");
    // Assess
    expect(error!.code).toBe("bad-span");
    expect(error!.message).toMatch(/within: takes a span such as 7d/);
  });

  it("the help teaches within: and before:", () => {
    // Act
    const text = JSON.stringify(helpMessage().blocks);
    // Assess
    expect(text).toContain("`triggered:within:7d`");
    expect(text).toContain("`triggered:before:30d`");
    expect(text).not.toContain("`triggered:&gt;30d`");
  });
});

describe("default order (item 7)", () => {
  it("asks Nexudus for the most errors first in every failing-type search, the oldest success first for stale", async () => {
    // Act / Assess
    expect(await filtersOf("errors:>=5")).toEqual({
      from_WebHook_ErrorCount: "5",
      orderBy: "ErrorCount",
      dir: "-1",
    });
    expect(await filtersOf("stale")).toEqual({
      to_WebHook_LastTrigger: "2025-06-08T09:30",
      orderBy: "LastTrigger",
      dir: "1",
    });
    expect((await planOf("failing")).order).toEqual({ field: "errors", descending: true });
    expect((await planOf("stale failing")).order).toEqual({ field: "errors", descending: true });
    expect((await planOf("errors:..3")).order).toBeUndefined();
    expect((await planOf("failing sort:name")).order).toEqual({ field: "name", descending: false });
  });

  it("breaks ties in errors by the oldest last success, never delivered first", () => {
    // Prepare: in the order Nexudus gives (errors, then id)
    const records = [
      record({ Id: 1, ErrorCount: 10, LastTrigger: "2025-06-06T00:00:00Z" }),
      record({ Id: 2, ErrorCount: 10, LastTrigger: null }),
      record({ Id: 3, ErrorCount: 10, LastTrigger: "2025-04-06T00:00:00Z" }),
      record({ Id: 4, ErrorCount: 7, LastTrigger: "2025-06-12T00:00:00Z" }),
      record({ Id: 5, ErrorCount: 7, LastTrigger: "2025-06-01T00:00:00Z" }),
    ];
    // Act
    const ordered = orderRecords(records, { field: "errors", descending: true });
    const byName = orderRecords(records, { field: "name", descending: false });
    // Assess
    expect(ordered.map((r) => r.Id)).toEqual([2, 3, 1, 5, 4]);
    expect(byName.map((r) => r.Id)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("parse outcome shape", () => {
  it("a search that parses carries no errors", () => {
    // Act
    const outcome = parseCommand("xero invoice action:invoice triggered:within:7d #12x");
    // Assess
    expect(outcome.ok).toBe(true);
  });
});
