import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { queryErrorMessage } from "../../src/blocks/error-messages";
import type { WebhookListRecord } from "../../src/nexudus/schemas";
import {
  applyLocalFilters,
  describeQuery,
  formatQuery,
  parseCommand,
  QUERY_LIMITS,
  resolveLocations,
  type SearchQuery,
  toNexudusPlan,
} from "../../src/query";
import type { FieldFilter } from "../../src/query/local-filters";
import { SORT_FIELDS } from "../../src/query/sort-fields";
import { BUSINESSES } from "./helpers";

/*
 * Properties over arbitrary text (anything a user could paste) and over text built from the language's own
 * fragments (to reach deep into the parser). fast-check shrinks any failure to a minimal input.
 */

const anyText = fc.oneof(
  fc.string({ maxLength: 2000, unit: "binary" }),
  fc.string({ maxLength: 2000, unit: "grapheme" }),
  // UTF-16 code units: lone surrogates and control characters included.
  fc.string({
    maxLength: 2000,
    unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  }),
);

const KEYS = [
  "name",
  "action",
  "event",
  "location",
  "business",
  "url",
  "host",
  "description",
  "desc",
  "error",
  "lasterror",
  "errors",
  "triggered",
  "created",
  "updated",
  "sort",
  "page",
  "size",
  "stale",
  "ACTION",
  "Name",
  "actoin",
  "foo",
];
const VALUES = [
  "zapier",
  "hooks.zapier.com",
  "https://a.example/x",
  "within:7d",
  "before:2w",
  "before:2025-01-01",
  "invoice",
  "#12",
  '"invoice paid"',
  "'x y'",
  "BookingCreate",
  "6",
  "21",
  "91",
  "booking",
  "3",
  ">3",
  ">=3",
  "<3",
  "<=0",
  "3..10",
  "..10",
  "3..",
  "10..3",
  "2025-01-01",
  "2025-01-01T08:30",
  "2024-02-29",
  "2025-02-30",
  "7d",
  "12h",
  "2w",
  "<7d",
  ">30d",
  "30d..7d",
  "today",
  "yesterday",
  ">=yesterday",
  "<2025-03-30",
  "2025-01-01..2025-02-01",
  "errors",
  "-updated",
  "name",
  "0",
  "1",
  "25",
  "26",
  '"Downtown Hub"',
  "downtown",
  "101",
  "🚀",
  '""',
  "\u2018curly\u2019",
  "a&amp;b",
  "&lt;x&gt;",
  "\\",
  'say\\"',
  "O'Brien",
  "x:y",
  "-",
  "..",
  "",
  "\u00e9t\u00e9",
];
const WORDS = [
  "xero",
  "invoice",
  "sale",
  "#123",
  "failing",
  "disabled",
  "inactive",
  "paused",
  "active",
  "enabled",
  "healthy",
  "stale",
  "all",
  "help",
  "show",
  "pause",
  "resume",
  "123",
  "zapier",
  "faling",
  "-test",
  "-",
  "O'Brien",
  "🚀",
  '"quoted words"',
  '"failing"',
  "-disabled",
  "'",
  '"',
  "\u201c",
  '-"a b"',
  "<!channel>",
  "&amp;",
  "Hub",
];

const term = fc.oneof(
  fc.constantFrom(...WORDS),
  fc
    .tuple(fc.constantFrom("", "-"), fc.constantFrom(...KEYS), fc.constantFrom(...VALUES))
    .map(([d, k, v]) => `${d}${k}:${v}`),
);
const languageText = fc
  .tuple(
    fc.array(term, { minLength: 1, maxLength: 6 }),
    fc.constantFrom(" ", "  ", "\t", "\u00a0", " \u200b"),
  )
  .map(([terms, sep]) => terms.join(sep));

const ZONES = [
  "UTC",
  "Europe/London",
  "America/New_York",
  "Asia/Tokyo",
  "Australia/Lord_Howe",
  "Pacific/Kiritimati",
  "America/St_Johns",
];
const planContext = fc.record({
  now: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
  timeZone: fc.constantFrom(...ZONES),
  minErrors: fc.integer({ min: 0, max: 10 }),
});

const INTEGER = /^\d+$/;
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const DOCUMENTED: Readonly<Record<string, (v: string) => boolean>> = {
  page: (v) => INTEGER.test(v) && Number(v) >= 1 && Number(v) <= QUERY_LIMITS.maxPage,
  size: (v) => INTEGER.test(v) && Number(v) >= QUERY_LIMITS.minSize && Number(v) <= QUERY_LIMITS.maxSize,
  orderBy: (v) => Object.values(SORT_FIELDS).includes(v),
  dir: (v) => v === "1" || v === "-1",
  WebHook_Business: (v) => INTEGER.test(v) && Number(v) > 0,
  WebHook_Name: (v) => v.length > 0,
  WebHook_Action: (v) => INTEGER.test(v) && Number(v) >= 1 && Number(v) <= 90,
  WebHook_Description: (v) => v.length > 0,
  WebHook_URL: (v) => v.length > 0,
  WebHook_Active: (v) => v === "true" || v === "false",
  WebHook_LastError: (v) => v.length > 0,
  WebHook_ErrorCount: (v) => INTEGER.test(v),
  from_WebHook_ErrorCount: (v) => INTEGER.test(v),
  to_WebHook_ErrorCount: (v) => INTEGER.test(v),
  ...Object.fromEntries(
    ["LastTrigger", "CreatedOn", "UpdatedOn"].flatMap((p) => [
      [`from_WebHook_${p}`, isMinute],
      [`to_WebHook_${p}`, isMinute],
    ]),
  ),
};

function isMinute(v: string): boolean {
  if (!DATE.test(v)) return false;
  return new Date(`${v}Z`).toISOString().slice(0, 16) === v;
}

function assertOutcomeShape(text: string): void {
  const outcome = parseCommand(text);
  if (outcome.ok) {
    expect(["overview", "help", "search", "show", "pause", "resume"]).toContain(outcome.command.kind);
    return;
  }
  expect(outcome.errors.length).toBeGreaterThan(0);
  expect(outcome.errors.length).toBeLessThanOrEqual(QUERY_LIMITS.maxErrors);
  for (const e of outcome.errors) {
    expect(typeof e.term).toBe("string");
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.message).not.toMatch(/[<>&]/);
    expect(Array.isArray(e.suggestions)).toBe(true);
    expect(e.suggestions.length).toBeLessThanOrEqual(8);
  }
}

async function resolved(query: SearchQuery): Promise<SearchQuery | undefined> {
  const outcome = await resolveLocations(query, async () => BUSINESSES);
  return outcome.ok ? outcome.query : undefined;
}

describe("properties", () => {
  it("any text up to 2,000 characters never throws and yields a command or errors", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        assertOutcomeShape(text);
      }),
      { numRuns: 500 },
    );
  });

  it("language-shaped text never throws either, and its messages hold no mrkdwn control character", () => {
    fc.assert(
      fc.property(languageText, (text) => {
        assertOutcomeShape(text);
      }),
      { numRuns: 2000 },
    );
  });

  it("suggestions and messages are plain text escaped once: shown as typed, with no entity the user did not type", () => {
    // What a user types, rich in the three control characters and in entity look-alikes; Slack sends it
    // with `&`, `<`, `>` escaped, and shows mrkdwn with them unescaped once.
    const slackEscape = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    const slackShows = (t: string) => t.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    const fromLookAlikes = (t: string) =>
      t
        .replace(/\uff06/g, "&")
        .replace(/\uff1c/g, "<")
        .replace(/\uff1e/g, ">");
    const ENTITIES = ["&lt;", "&gt;", "&amp;"];
    const piece = fc.constantFrom(
      "a",
      "b",
      "&",
      "<",
      ">",
      "!",
      "@",
      "U1",
      "lt;",
      "gt;",
      "amp;",
      "&lt;",
      "x&y",
    );
    const word = fc.array(piece, { minLength: 1, maxLength: 5 }).map((p) => p.join(""));
    const typedTerm = fc.oneof(
      word,
      word.map((w) => `name:"${w}"`),
      word.map((w) => `actoin:${w}`),
      word.map((w) => `-nmae:${w}`),
      word.map((w) => `action:${w}`),
      word.map((w) => `errors:${w}`),
      word.map((w) => `name:"${w}`),
      word.map((w) => `triggered:${w}`),
      word.map((w) => `sort:${w}`),
    );
    const typed = fc.array(typedTerm, { minLength: 1, maxLength: 4 }).map((t) => t.join(" "));
    let checked = 0;
    fc.assert(
      fc.property(typed, (text) => {
        const outcome = parseCommand(slackEscape(text));
        if (outcome.ok) return;
        const noNewEntity = (shown: string) => {
          for (const entity of ENTITIES)
            if (shown.includes(entity)) expect(text, `${entity} in ${shown}`).toContain(entity);
        };
        const message = queryErrorMessage(outcome.errors);
        const shown = slackShows(JSON.stringify(message.blocks));
        for (const e of outcome.errors) {
          noNewEntity(fromLookAlikes(e.message));
          for (const suggestion of e.suggestions) {
            checked += 1;
            noNewEntity(suggestion);
            // Shown as it is meant to be typed, once escaped (the code span holds it verbatim).
            // (Up to the code span's 60 characters, counted escaped.)
            if (!e.message.includes(suggestion) && slackEscape(suggestion).length <= 60)
              expect(shown).toContain(JSON.stringify(suggestion).slice(1, -1));
          }
        }
      }),
      { numRuns: 1500 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  it("the words-and-name suggestion, typed as shown, searches the same words", () => {
    const piece = fc.constantFrom("a", "&", "<", ">", "!", "@U1", "lt;", "&lt;");
    const word = fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join(""));
    const slackEscape = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    fc.assert(
      fc.property(
        word,
        fc.array(
          word.filter((w) => !/^[-#\d"']/.test(w) && !w.includes(":")),
          { minLength: 1, maxLength: 3 },
        ),
        (name, words) => {
          const outcome = parseCommand(slackEscape(`name:"${name}" ${words.join(" ")}`));
          if (outcome.ok) return;
          const contradiction = outcome.errors.find((e) => e.code === "contradiction");
          if (!contradiction) return;
          const again = parseCommand(slackEscape(contradiction.suggestions[0]!));
          expect(again.ok).toBe(true);
          if (!again.ok || again.command.kind !== "search") return;
          expect(new Set(again.command.query.words)).toEqual(new Set([name, ...words]));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("parameters use only documented names, with values in the documented formats", async () => {
    let planned = 0;
    await fc.assert(
      fc.asyncProperty(languageText, planContext, async (text, ctx) => {
        const outcome = parseCommand(text);
        if (!outcome.ok || outcome.command.kind !== "search") return;
        const query = await resolved(outcome.command.query);
        if (!query) return;
        const plan = toNexudusPlan(query, ctx);
        planned++;
        for (const [name, value] of Object.entries(plan.params)) {
          expect(DOCUMENTED, `undocumented parameter ${name}`).toHaveProperty(name);
          expect(DOCUMENTED[name]!(value), `${name}=${value}`).toBe(true);
        }
        expect("page" in plan.params).toBe(!plan.localPaging);
        expect(plan.localPaging).toBe(plan.localFilters.length > 0);
      }),
      { numRuns: 2000 },
    );
    // The property means little unless many inputs got that far.
    expect(planned).toBeGreaterThan(100);
  });

  it("formatQuery round-trips: parsing the canonical text gives an equal query", () => {
    let searches = 0;
    fc.assert(
      fc.property(languageText, (text) => {
        const outcome = parseCommand(text);
        if (!outcome.ok || outcome.command.kind !== "search") return;
        searches++;
        const query = outcome.command.query;
        const canonical = formatQuery(query);
        const again = parseCommand(canonical, { maxLength: QUERY_LIMITS.maxCanonicalLength });
        expect(again, canonical).toEqual({ ok: true, command: { kind: "search", query } });
        expect(formatQuery(query)).toBe(canonical);
        expect(describeQuery(query).length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
    expect(searches).toBeGreaterThan(100);
  });

  it("any text value survives formatQuery and parseCommand unchanged", () => {
    const separators = /[\s\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]/g;
    const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
    // What a value can be after parsing: well-formed, NFC, single spaces for separators, trimmed.
    const value = fc
      .string({
        minLength: 1,
        maxLength: 80,
        unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      })
      .map((s) => s.replace(loneSurrogate, "\ufffd").normalize("NFC").replace(separators, " ").trim())
      .filter((s) => s !== "");
    fc.assert(
      fc.property(
        value,
        fc.constantFrom("name", "url", "description", "error", "location", "exclude"),
        (v, field) => {
          const query: SearchQuery =
            field === "location"
              ? { location: /^\d{1,15}$/.test(v) && Number(v) > 0 ? { id: Number(v) } : { name: v } }
              : field === "exclude"
                ? { exclude: [{ field: "name", value: v }] }
                : { [field]: v };
          const canonical = formatQuery(query);
          expect(parseCommand(canonical, { maxLength: QUERY_LIMITS.maxCanonicalLength }), canonical).toEqual({
            ok: true,
            command: { kind: "search", query },
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("applyLocalFilters keeps exactly the records no exclusion matches", () => {
    const record = fc.record({
      Id: fc.integer({ min: 1, max: 1e6 }),
      BusinessId: fc.constantFrom(101, 102, 103),
      Name: fc.constantFrom("Zapier invoices", "HubSpot sync", "Test hook", "Ma\u0301laga CRM"),
      Action: fc.integer({ min: 1, max: 90 }),
      URL: fc.constantFrom("https://hooks.zapier.com/x", "https://api.hubapi.com/y"),
      Active: fc.boolean(),
      ErrorCount: fc.integer({ min: 0, max: 10 }),
      LastError: fc.option(fc.constantFrom("Timeout", "404 Not Found"), { nil: null }),
    });
    const exclusion: fc.Arbitrary<FieldFilter> = fc.oneof(
      fc.record({
        field: fc.constantFrom("name", "url", "error"),
        value: fc.constantFrom("zap", "HUB", "test", "málaga", "timeout", "404"),
        exclude: fc.constant(true),
      }),
      fc.record({
        field: fc.constant("action"),
        value: fc.integer({ min: 1, max: 90 }),
        exclude: fc.constant(true),
      }),
      fc.record({
        field: fc.constant("location"),
        value: fc.constantFrom(101, 102, 103).map((id) => ({ id })),
        exclude: fc.constant(true),
      }),
    );
    const fold = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    const hit = (r: WebhookListRecord, e: FieldFilter) =>
      e.field === "action"
        ? r.Action === e.value
        : e.field === "location"
          ? r.BusinessId === (e.value as { id: number }).id
          : fold(
              (e.field === "name" ? r.Name : e.field === "url" ? r.URL : r.LastError) ?? "\u0000",
            ).includes(fold(e.value as string));
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 30 }),
        fc.array(exclusion, { maxLength: 4 }),
        (records, exclusions) => {
          const kept = applyLocalFilters(records, exclusions);
          expect(kept).toEqual(records.filter((r) => !exclusions.some((e) => hit(r, e))));
        },
      ),
    );
  });
});
