import { decodeActionValue } from "@nwh/core/blocks";
import { parseCommand, type SearchQuery } from "@nwh/core/query";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadResults } from "../../src/service/load-results";
import { ADMIN, answerText, buttonsOf, expectSafe, requestsTo, startService, textOf, USER } from "./support";

/*
 * Issue 18 "Search", end to end against the emulator's demo account: what a new user typed and what the
 * answer must be.
 */

type Started = Awaited<ReturnType<typeof startService>>;

function queryOf(text: string): SearchQuery {
  const parsed = parseCommand(text);
  if (!parsed.ok || parsed.command.kind !== "search") throw new Error(`not a search: ${text}`);
  return parsed.command.query;
}

/** What the answer's summary shows after "query". */
function queryLine(message: { blocks: unknown[] }): string | undefined {
  return /query (`[^`]*`)/.exec(JSON.stringify(message.blocks))?.[1];
}

describe("searching the demo account", () => {
  let s: Started;
  beforeEach(async () => {
    s = await startService();
  });
  afterEach(() => s.close());

  it("item 1: bare words each must match, in any order", async () => {
    // Act
    const message = await answerText("xero invoice", s.deps, { viewer: USER });
    // Assess
    expectSafe(message);
    const text = textOf(message);
    expect(text).toContain("*2* found");
    expect(text).toContain("Invoice paid → Xero (Zapier)");
    expect(text).toContain("Invoice refund → Xero credit note");
    const search = requestsTo(s.emu, "/sys/webhooks").at(-1)!;
    expect(search.query.WebHook_Name).toBe("invoice");
    expect(search.query.size).toBe("1000");
  });

  it("item 2: #id opens the webhook, as the results show it", async () => {
    // Act
    const message = await answerText("#1415233068", s.deps, { viewer: USER });
    // Assess
    expectSafe(message);
    expect(textOf(message)).toContain("Booking updated → catering order");
    expect(requestsTo(s.emu, "/sys/webhooks/1415233068")).toHaveLength(1);
  });

  it("item 3: a word like a keyword is searched; the hint comes only when nothing matches", async () => {
    // Act
    const none = await answerText("sale", s.deps, { viewer: USER });
    s.emu.account.webhooks[0]!.Name = "Sale → Slack #sales";
    const found = await answerText("sale", s.deps, { viewer: USER });
    // Assess
    expectSafe(none);
    expect(requestsTo(s.emu, "/sys/webhooks")[0]!.query.WebHook_Name).toBe("sale");
    expect(textOf(none)).toContain("Did you mean `stale`?");
    expect(textOf(found)).toContain("Sale → Slack #sales");
    expect(textOf(found)).not.toContain("Did you mean");
  });

  it("item 4: action:invoice finds every invoice event and names them", async () => {
    // Prepare
    const invoiceEvents = [15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 65, 66, 67];
    const invoiceHooks = s.emu.account.webhooks.filter((w) => invoiceEvents.includes(w.Action));
    // Act
    const message = await answerText("action:invoice size:25", s.deps, { viewer: USER });
    // Assess
    expectSafe(message);
    const text = textOf(message);
    expect(text).toContain(`*${invoiceHooks.length}* found`);
    expect(text).toContain("`CoworkerInvoiceCreate`, `CoworkerInvoiceDelete`");
    expect(text).toContain("`CoworkerInvoicePaid`");
    expect(requestsTo(s.emu, "/sys/webhooks").every((r) => r.query.WebHook_Action === undefined)).toBe(true);
  });

  it("item 6: an unknown location id is answered without a search, with the nearest locations", async () => {
    // Act
    const message = await answerText("location:999", s.deps, { viewer: USER });
    const known = await answerText("location:1414900342 size:1", s.deps, { viewer: USER });
    // Assess
    expectSafe(message);
    const text = textOf(message);
    expect(text).toContain("No location has the id 999");
    expect(text).toContain("Downtown Hub");
    expect(text).toContain("1414900125");
    expect(textOf(known)).toContain("found");
    expect(requestsTo(s.emu, "/sys/webhooks")).toHaveLength(1);
  });

  it("item 7: failing-type searches list the most errors first, then the oldest last success, and say so", async () => {
    // Prepare
    const expected = s.emu.account.webhooks
      .filter((w) => w.ErrorCount >= 5)
      .sort(
        (a, b) =>
          b.ErrorCount - a.ErrorCount ||
          (a.LastTrigger ? Date.parse(a.LastTrigger) : 0) - (b.LastTrigger ? Date.parse(b.LastTrigger) : 0),
      )
      .map((w) => w.Id);
    // Act
    const model = await loadResults(queryOf("errors:>=5 size:25"), s.deps, {});
    const message = await answerText("errors:>=5", s.deps, { viewer: USER });
    // Assess
    expect(model.records.map((r) => r.Id)).toEqual(expected);
    expect(model.query).toBe("errors:>=5 sort:-errors size:25");
    expect(queryLine(message)).toBe("`errors:&gt;=5 sort:-errors`");
  });

  it("item 7: stale lists the oldest last success first", async () => {
    // Act
    const model = await loadResults(queryOf("stale size:25"), s.deps, {});
    // Assess
    const times = model.records.map((r) => Date.parse(r.LastTrigger!));
    expect(times.length).toBeGreaterThan(2);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(model.query).toBe("stale sort:triggered size:25");
  });

  it("host: finds every webhook sending to a host, checked here rather than sent to Nexudus", async () => {
    // Prepare
    const zapier = s.emu.account.webhooks.filter((w) => new URL(w.URL).hostname === "hooks.zapier.com");
    // Act
    const message = await answerText("host:hooks.zapier.com size:25", s.deps, { viewer: USER });
    // Assess
    expectSafe(message);
    expect(zapier.length).toBeGreaterThan(3);
    expect(textOf(message)).toContain(`*${zapier.length}* found`);
    const search = requestsTo(s.emu, "/sys/webhooks").at(-1)!;
    expect(search.query.WebHook_URL).toBeUndefined();
    expect(queryLine(message)).toBe("`host:hooks.zapier.com size:25`");
  });

  it("item 8: the query line is escaped once", async () => {
    // Act
    const message = await answerText('name:"<!channel>"', s.deps, { viewer: USER });
    // Assess
    expectSafe(message);
    expect(queryLine(message)).toBe("`name:&lt;!channel&gt;`");
  });

  it("issue 13 item 4: a credential typed in a search is refused, and never reaches a button", async () => {
    // Act
    const refused = await answerText("url:https://ops:S3cr3t-pass@hooks.example-coworking.com/kisi", s.deps, {
      viewer: ADMIN,
    });
    const byHost = await answerText("url:hooks.example-coworking.com", s.deps, { viewer: ADMIN });
    // Assess
    expectSafe(refused);
    expect(textOf(refused)).toContain("holds what looks like a password or token");
    expect(textOf(refused)).not.toContain("S3cr3t-pass");
    expect(buttonsOf(refused)).toEqual([]);
    expect(requestsTo(s.emu, "/sys/webhooks")).toHaveLength(1);
    for (const b of buttonsOf(byHost)) expect(decodeActionValue(b.value)?.q ?? "").not.toContain("S3cr3t");
  });
});
