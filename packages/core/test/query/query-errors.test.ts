import { describe, expect, it } from "vitest";
import { queryErrorMessage } from "../../src/blocks/error-messages";
import {
  localFilterLimitError,
  parseCommand,
  QUERY_LIMITS,
  resolveLocations,
  type SearchQuery,
  toNexudusPlan,
} from "../../src/query";
import type { QueryError, QueryErrorCode } from "../../src/query/query-types";
import { errorsOf, recordingLookup, search, UTC_CTX } from "./helpers";

/** How to provoke each kind of error; keyed by code, so a new code without a case fails to compile. */
const CASES = {
  "too-long": {
    text: `name:${"x".repeat(QUERY_LIMITS.maxInputLength)}`,
    term: /^name:x+…$/,
    message: /limit is 500/,
  },
  "unclosed-quote": {
    text: 'name:"invoice sync',
    term: 'name:"invoice sync',
    message: /never closed/,
    suggestions: ['name:"invoice sync"'],
  },
  "stray-dash": { text: "failing -", term: "-", message: /lone `-`/ },
  "unknown-qualifier": {
    text: "actoin:booking",
    term: "actoin:booking",
    message: /did you mean `action:`\?/i,
    suggestions: ["action:booking"],
  },
  "missing-value": {
    text: "name: zapier",
    term: "name:",
    message: /needs a value right after the colon/,
    suggestions: ["name:zapier"],
  },
  "bad-number": { text: "page:two", term: "page:two", message: /whole number/ },
  "out-of-range": { text: "size:26", term: "size:26", message: /from 1 to 25/ },
  "unknown-action": {
    text: "action:BokingCreate",
    term: "action:BokingCreate",
    message: /not a webhook action\. Did you mean `BookingCreate`/,
    suggestions: ["action:BookingCreate"],
  },
  // A word few events share is a family (`action:booking`, search-terms.test.ts); too many are listed.
  "ambiguous-action": {
    text: "action:update",
    term: "action:update",
    message: /matches 20 actions: `TeamUpdated`, `TariffUpdate`, `BookingUpdate`, .* and 12 more\. Pick one/,
    suggestions: [
      "action:TeamUpdated",
      "action:TariffUpdate",
      "action:BookingUpdate",
      "action:ProductUpdate",
      "action:CoworkerUpdate",
      "action:BlogPostUpdate",
      "action:CheckinUpdated",
      "action:BusinessUpdate",
    ],
  },
  "bad-date": {
    text: "created:2025-02-30",
    term: "created:2025-02-30",
    message: /no such date; use YYYY-MM-DD/,
  },
  "bad-span": { text: "stale:soon", term: "stale:soon", message: /12h, 7d, 2w/ },
  "reversed-range": {
    text: "errors:10..3",
    term: "errors:10..3",
    message: /starts after it ends/,
    suggestions: ["3..10"],
  },
  contradiction: {
    text: "active disabled",
    term: "disabled",
    message: /`disabled` contradicts `active`/,
    suggestions: ["active", "disabled"],
  },
  "not-excludable": {
    text: "-description:crm",
    term: "-description:crm",
    message: /do not carry descriptions/,
  },
  "unknown-sort": {
    text: "sort:erors",
    term: "sort:erors",
    message: /can be sorted by name, action, errors/,
    suggestions: ["sort:errors"],
  },
  "misplaced-command": { text: "failing show 12", term: "show", message: /goes first/ },
  "extra-terms": {
    text: "show 12 failing",
    term: "failing",
    message: /takes one webhook id/,
    suggestions: ["show 12"],
  },
} satisfies Partial<
  Record<QueryErrorCode, { text: string; term: string | RegExp; message: RegExp; suggestions?: string[] }>
>;

describe("parse errors: one per kind", () => {
  it.each(Object.entries(CASES))("%s", (code, c) => {
    // Act
    const errors = errorsOf(c.text);
    // Assess
    expect(errors).toHaveLength(1);
    const [error] = errors as [QueryError];
    expect(error.code).toBe(code);
    if (typeof c.term === "string") expect(error.term).toBe(c.term);
    else expect(error.term).toMatch(c.term);
    expect(error.message).toMatch(c.message);
    expect(error.suggestions).toEqual("suggestions" in c ? c.suggestions : []);
  });

  it.each<[string, QueryErrorCode, RegExp]>([
    ["failing healthy", "contradiction", /`failing` contradicts `healthy`/],
    ["healthy errors:>=2", "contradiction", /`healthy` means no errors/],
    ["failing errors:0", "contradiction", /`failing` means at least one error/],
    ["action:6 action:7", "contradiction", /a webhook has one action/],
    ["zapier name:hubspot", "contradiction", /both search the name/],
    ["errors:>=5 errors:<=3", "reversed-range", /ends below/],
    ["triggered:<7d triggered:>30d", "reversed-range", /nothing can match/],
    ["created:2025-03-01..2025-01-01", "reversed-range", /starts after it ends/],
    ["errors:<0", "out-of-range", /fewer than 0/],
    ["page:0", "out-of-range", /from 1 to 1,000/],
    ["page:1001", "out-of-range", /from 1 to 1,000/],
    ["action:91", "out-of-range", /numbered 1 to 90/],
    ["stale:0d", "out-of-range", /at least 1/],
    ["triggered:<99999999d", "out-of-range", /at most/],
    ["errors:1.5", "bad-number", /whole number/],
    ["size:-3", "bad-number", /whole number/],
    ["show 0", "out-of-range", /from 1/],
    ["show 99999999999999999999", "out-of-range", /from 1/],
    ["pause abc", "bad-number", /whole number/],
    ["triggered:2025-01-01T25:00", "bad-date", /no such time/],
    ["triggered:3mo", "bad-date", /YYYY-MM-DD/],
    ["triggered:", "missing-value", /needs a value/],
    ["errors:..", "missing-value", /at least one end/],
    ['""', "missing-value", /is empty/],
    ["pause", "missing-value", /To list the webhooks a person paused, type `disabled errors:[<＜]=9`/],
    ["-failing", "not-excludable", /use `healthy` instead/],
    ["-disabled", "not-excludable", /use `active` instead/],
    ["-errors:3", "not-excludable", /use a comparator/],
    ["-sort:name", "not-excludable", /sort:-field/],
    ["-stale:30d", "not-excludable", /`triggered:within:30d`/],
    ["failing:yes", "unknown-qualifier", /takes no value: write `failing` alone/],
    ["id:123", "unknown-qualifier", /`show 123`/],
    ["https://hooks.zapier.com/x", "unknown-qualifier", /`url:https:\/\/hooks\.zapier\.com\/x`/],
    ["colour:red", "unknown-qualifier", /\/webhooks help/],
  ])("%s → %s", (text, code, message) => {
    // Act
    const errors = errorsOf(text);
    // Assess
    expect(errors.map((e) => e.code)).toContain(code);
    expect(errors.find((e) => e.code === code)!.message).toMatch(message);
  });

  it("unknown-keyword: a likely keyword typo is reported with the search's other mistakes", () => {
    // Prepare: alone, `faling` is searched as a name (search-terms.test.ts).
    const errors = errorsOf("faling page:0");
    // Act
    const error = errors.find((e) => e.code === "unknown-keyword")!;
    // Assess
    expect(error.term).toBe("faling");
    expect(error.message).toMatch(/did you mean `failing`\?.*`name:faling`/i);
    expect(error.suggestions).toEqual(["failing", "name:faling"]);
  });

  it("reports every mistake in one answer, not only the first", () => {
    // Act
    const errors = errorsOf("actoin:booking faling errors:>x size:99");
    // Assess
    expect(errors.map((e) => e.code)).toEqual([
      "unknown-qualifier",
      "unknown-keyword",
      "bad-number",
      "out-of-range",
    ]);
  });

  it("caps the number of errors reported", () => {
    // Act
    const errors = errorsOf(
      Array.from({ length: 15 }, (_, i) => `q${String.fromCharCode(97 + i)}z:v`).join(" "),
    );
    // Assess
    expect(errors).toHaveLength(QUERY_LIMITS.maxErrors);
  });

  it("measures length in characters, so 500 emoji are accepted and 501 are not", () => {
    // Prepare
    const emoji = "🙂";
    // Act
    const ok = parseCommand(`"${emoji.repeat(498)}"`);
    const tooLong = parseCommand(`"${emoji.repeat(499)}"`);
    // Assess
    expect(ok.ok).toBe(true);
    expect(tooLong.ok).toBe(false);
  });

  it("accepts longer canonical text when asked to (button values)", () => {
    // Prepare
    const long = `name:${"x".repeat(700)}`;
    // Act / Assess
    expect(parseCommand(long).ok).toBe(false);
    expect(parseCommand(long, { maxLength: QUERY_LIMITS.maxCanonicalLength }).ok).toBe(true);
  });
});

describe("error messages are safe mrkdwn", () => {
  it.each([
    "foo:<!channel>",
    "name:x name:<!here>",
    "action:<https://evil.example|click>",
    "errors:&lt;script&gt;",
    "sort:`evil`",
    "faling& size:0",
  ])("%j: no < > & at all (safe as mrkdwn, and under escaping again), backticks neutralized", (text) => {
    // Act
    const errors = errorsOf(text);
    // Assess
    for (const e of errors) {
      expect(e.message).not.toMatch(/[<>&]/);
      expect(e.message).not.toContain("`evil`");
    }
  });

  it("suggests words as they are typed, escaped once in the answer (Slack shows `<!channel> <@U123>`)", () => {
    // Act: what Slack sends for `name:"<!channel>" <@U123>`.
    const errors = errorsOf('name:"&lt;!channel&gt;" &lt;@U123&gt;');
    const json = JSON.stringify(queryErrorMessage(errors).blocks);

    // Assess
    expect(errors[0]!.suggestions).toEqual(["<!channel> <@U123>"]);
    expect(errors[0]!.message).toContain("(`＜!channel＞ ＜@U123＞`)");
    expect(json).toContain("Try `&lt;!channel&gt; &lt;@U123&gt;`.");
    expect(json).not.toMatch(/&amp;lt;|＆lt;/);
  });

  it("shows comparators as full-width look-alikes, which the parser reads back", () => {
    // Act
    const [error] = errorsOf("errors:<0");
    // Assess
    expect(error!.message).toContain("`errors:＜0`");
    expect(search("errors:＜3 triggered:＞30d created:＞＝2025-01-01")).toEqual(
      search("errors:<3 triggered:>30d created:>=2025-01-01"),
    );
  });
});

describe("location errors (resolveLocations)", () => {
  it("an ambiguous name lists the matches with their ids", async () => {
    // Prepare
    const query = search("location:downtown");
    // Act
    const outcome = await resolveLocations(query, recordingLookup().lookup);
    // Assess
    expect(outcome).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          code: "ambiguous-location",
          term: "location:downtown",
          suggestions: ['location:"Downtown Hub"', 'location:"Downtown Annex"'],
        }),
      ],
    });
    if (!outcome.ok)
      expect(outcome.errors[0]!.message).toMatch(/`Downtown Hub` \(101\), `Downtown Annex` \(102\)/);
  });

  it("two locations with the same name are told apart by id", async () => {
    // Act
    const outcome = await resolveLocations(search("location:riverside"), recordingLookup().lookup);
    // Assess
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.errors[0]!.suggestions).toEqual(["location:105", "location:106"]);
  });

  it("an unknown name suggests the nearest", async () => {
    // Act
    const outcome = await resolveLocations(search("location:uptwon"), recordingLookup().lookup);
    // Assess
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.errors[0]).toMatchObject({
        code: "unknown-location",
        suggestions: ['location:"Uptown Loft"'],
      });
      expect(outcome.errors[0]!.message).toMatch(
        /No location is called `uptwon`\. Did you mean `Uptown Loft`\?/,
      );
    }
  });

  it("names inside exclusions are checked too", async () => {
    // Act
    const outcome = await resolveLocations(search("-location:nowhere"), recordingLookup().lookup);
    // Assess
    expect(outcome.ok).toBe(false);
    if (!outcome.ok)
      expect(outcome.errors[0]).toMatchObject({ code: "unknown-location", term: "-location:nowhere" });
  });
});

describe("too many records for exclusions", () => {
  it("is an error above the bound and nothing at it", () => {
    // Prepare
    const filters = [{ field: "name", value: "zapier", exclude: true }];
    // Act
    const over = localFilterLimitError(QUERY_LIMITS.maxExclusionRecords + 1, filters);
    const at = localFilterLimitError(QUERY_LIMITS.maxExclusionRecords, filters);
    // Assess
    expect(at).toBeUndefined();
    expect(over).toMatchObject({ code: "too-many-records" });
    expect(over!.message).toMatch(/matches 5,001; the limit is 5,000\. Narrow the search/);
  });
});

describe("a query that was never resolved", () => {
  it("cannot be planned", async () => {
    // Prepare
    const { toNexudusPlan } = await import("../../src/query");
    const { UnresolvedLocationError } = await import("../../src/query/resolve-locations");
    const query: SearchQuery = search('location:"Downtown Hub"');
    // Act / Assess
    expect(() => toNexudusPlan(query, { now: 0, timeZone: "UTC", minErrors: 1 })).toThrow(
      UnresolvedLocationError,
    );
  });
});

describe("searches that cannot match once the context is known", () => {
  it("reports failing above the errors range, and reversed date ranges, in the plan", () => {
    const failing = toNexudusPlan(search("failing errors:..2"), { ...UTC_CTX, minErrors: 3 });
    const stale = toNexudusPlan(search("stale:30d triggered:>=2025-06-01"), UTC_CTX);
    const fine = toNexudusPlan(search("failing errors:..2"), UTC_CTX);

    expect(failing.impossible.map((e) => e.code)).toEqual(["contradiction"]);
    expect(failing.impossible[0]?.message).toContain("at least 3 errors");
    expect(stale.impossible[0]?.term).toBe("stale");
    expect(fine.impossible).toEqual([]);
  });
});
