import { createNexudusClient } from "@nwh/core/nexudus";
import { type Account, demoAccount, type Emulator, generateAccount, startEmulator } from "@nwh/emulator";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhookListRecord } from "../../src/nexudus/schemas";
import { applyLocalFilters, parseCommand, type SearchQuery, toNexudusPlan } from "../../src/query";
import { compileQuery } from "../../src/query/match-query";
import type { PlanContext } from "../../src/query/query-types";

/*
 * A subscription is checked on records already read, so `compileQuery` must keep exactly what the search
 * keeps: the emulator's filtering of the plan's Nexudus parameters, then the plan's local filters. Queries
 * are built from the account's own vocabulary (its locations, hosts, errors, name words) so that most
 * match something, and compared over every record the emulator lists.
 */

const NOW = Date.parse("2025-03-30T09:10:00Z");

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3);

/** Term fragments drawn from an account: everything the language can filter, exclusions included. */
function termsOf(account: Account): fc.Arbitrary<string> {
  const locations = account.businesses.map((b) => b.Id);
  const nameWords = [...new Set(account.webhooks.flatMap((w) => words(w.Name)))].slice(0, 40);
  const hosts = [...new Set(account.webhooks.map((w) => new URL(w.URL).hostname))];
  const errorWords = [...new Set(account.webhooks.flatMap((w) => words(w.LastError ?? "")))].slice(0, 20);
  const actions = [...new Set(account.webhooks.map((w) => w.Action))].slice(0, 12);
  const span = fc.tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom("h", "d", "w"));
  const spanText = span.map(([n, u]) => `${n}${u}`);
  const dateText = fc
    .integer({ min: -120, max: 2 })
    .map((days) => new Date(NOW + days * 86_400_000).toISOString().slice(0, 10));
  const instant = fc.oneof(spanText, dateText, fc.constantFrom("today", "yesterday"));
  const dateValue = fc.oneof(
    spanText.map((s) => `within:${s}`),
    spanText.map((s) => `before:${s}`),
    fc.tuple(fc.constantFrom(">", ">=", "<", "<=", ""), instant).map(([c, v]) => `${c}${v}`),
    fc.tuple(dateText, dateText).map(([a, b]) => (a <= b ? `${a}..${b}` : `${b}..${a}`)),
    fc
      .tuple(dateText, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([d, h, m]) => `>=${d}T${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`),
  );
  const count = fc.integer({ min: 0, max: 11 });
  const neg = fc.boolean().map((b) => (b ? "-" : ""));
  return fc.oneof(
    fc.constantFrom("failing", "disabled", "active", "healthy", "stale", "all"),
    spanText.map((s) => `stale:${s}`),
    fc.oneof(
      count.map((n) => `errors:${n}`),
      fc.tuple(fc.constantFrom(">", ">=", "<", "<="), count).map(([c, n]) => `errors:${c}${n}`),
      fc.tuple(count, count).map(([a, b]) => `errors:${Math.min(a, b)}..${Math.max(a, b)}`),
    ),
    fc
      .tuple(fc.constantFrom("triggered", "created", "updated"), dateValue)
      .map(([key, value]) => `${key}:${value}`),
    fc.tuple(neg, fc.constantFrom(...locations)).map(([n, id]) => `${n}location:${id}`),
    fc.tuple(neg, fc.constantFrom(...actions)).map(([n, id]) => `${n}action:${id}`),
    fc.tuple(neg, fc.constantFrom("invoice", "booking", "coworker")).map(([n, w]) => `${n}action:${w}`),
    fc.constantFrom(...nameWords),
    fc.constantFrom(...nameWords).map((w) => `-${w}`),
    fc.tuple(neg, fc.constantFrom(...nameWords)).map(([n, w]) => `${n}name:${w}`),
    fc.tuple(neg, fc.constantFrom(...hosts)).map(([n, h]) => `${n}host:${h.split(".").slice(-2).join(".")}`),
    fc.tuple(neg, fc.constantFrom(...hosts)).map(([n, h]) => `${n}url:${h}`),
    fc.tuple(neg, fc.constantFrom(...errorWords)).map(([n, w]) => `${n}error:${w}`),
    fc.constantFrom("sort:-errors", "sort:name", "page:2", "size:5"),
  );
}

function ctxArb(): fc.Arbitrary<PlanContext> {
  return fc.record({
    now: fc.constant(NOW),
    timeZone: fc.constantFrom("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"),
    minErrors: fc.integer({ min: 1, max: 3 }),
  });
}

const ids = (records: readonly WebhookListRecord[]) => records.map((r) => r.Id).sort((a, b) => a - b);

/** What the search finds: the emulator's filtering of the plan's parameters, then its local filters. */
async function searched(
  client: ReturnType<typeof createNexudusClient>,
  query: SearchQuery,
  ctx: PlanContext,
): Promise<number[] | "impossible"> {
  const plan = toNexudusPlan(query, ctx);
  if (plan.impossible.length > 0) return "impossible";
  const { page: _page, size: _size, ...params } = plan.params;
  const { records } = await client.searchAllWebhooks(params, { pageSize: 1000 });
  return ids(applyLocalFilters(records, plan.localFilters));
}

const OFFSETS = [-60_000, -1, 0, 1, 30_000, 59_999, 60_000];

/**
 * A generated account whose dates sit on the edges of the minutes that query bounds name (spans counted
 * back from NOW, midnights and half hours in every zone used), where an off-by-a-minute reading shows.
 */
function edgeAccount(): Account {
  const account = generateAccount({ webhooks: 400, locations: 4, failingRatio: 0.4, seed: 99, now: NOW });
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const edge = () => {
    const base = next(2) === 0 ? NOW : NOW - (NOW % 1_800_000);
    const unit = [3_600_000, 1_800_000, 86_400_000][next(3)]!;
    return new Date(base - next(60) * unit + OFFSETS[next(OFFSETS.length)]!).toISOString();
  };
  for (const w of account.webhooks) {
    if (w.LastTrigger !== null) w.LastTrigger = edge();
    w.CreatedOn = edge();
    w.UpdatedOn = edge();
  }
  return account;
}

describe.each([
  ["the demo account", () => demoAccount(NOW)],
  ["an account with dates on minute edges", edgeAccount],
  [
    "a generated account",
    () =>
      generateAccount({
        webhooks: 400,
        locations: 7,
        failingRatio: 0.3,
        disabledRatio: 0.1,
        seed: 17,
        now: NOW,
      }),
  ],
])("compileQuery agrees with the emulator's search on %s", (_name, makeAccount) => {
  const account = makeAccount();
  let client: ReturnType<typeof createNexudusClient>;
  let listed: WebhookListRecord[];
  let emu: Emulator;

  beforeAll(async () => {
    emu = await startEmulator({ account, rateLimit: false });
    client = createNexudusClient({
      baseUrl: emu.url,
      auth: { scheme: "bearer", ...emu.credentials },
      limiter: false,
    });
    listed = (await client.searchAllWebhooks({}, { pageSize: 1000 })).records;
  });
  afterAll(() => emu.close());

  it("keeps the same webhooks for generated queries of one to four terms", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(termsOf(account), { minLength: 1, maxLength: 4 }),
        ctxArb(),
        async (terms, ctx) => {
          // Prepare
          const parsed = parseCommand(terms.join(" "));
          fc.pre(parsed.ok && parsed.command.kind === "search");
          const query = (
            parsed.ok && parsed.command.kind === "search" ? parsed.command.query : {}
          ) as SearchQuery;
          const compiled = compileQuery(query, ctx);
          if (!compiled.ok) throw new Error(`not compiled: ${compiled.errors[0]?.message}`);

          // Act
          const found = await searched(client, query, ctx);
          const matched = ids(listed.filter(compiled.test));

          // Assess: a search that cannot match anything is never run; the test keeps nothing then.
          expect(matched).toEqual(found === "impossible" ? [] : found);
        },
      ),
      { numRuns: 120, seed: 1717 },
    );
  });
});

describe("compileQuery", () => {
  const record = (over: Partial<WebhookListRecord>): WebhookListRecord => ({
    Id: 1,
    BusinessId: 10,
    Name: "Invoice paid → Xero",
    Action: 21,
    URL: "https://hooks.zapier.com/x",
    Active: true,
    ErrorCount: 4,
    LastError: "The operation has timed out.",
    LastTrigger: "2025-03-29T10:00:00Z",
    CreatedOn: "2024-01-01T00:00:00Z",
    UpdatedOn: "2025-03-29T10:00:00Z",
    ...over,
  });
  const ctx: PlanContext = { now: NOW, timeZone: "Europe/Paris", minErrors: 3 };
  const compile = (text: string, c: PlanContext = ctx) => {
    const parsed = parseCommand(text);
    if (!parsed.ok || parsed.command.kind !== "search") throw new Error(text);
    return compileQuery(parsed.command.query, c);
  };

  it("names a term no list record can be checked for", () => {
    // Act
    const compiled = compile("failing description:crm");
    // Assess
    expect(compiled.ok).toBe(false);
    if (compiled.ok) return;
    expect(compiled.errors.map((e) => [e.code, e.term])).toEqual([["not-matchable", "description:crm"]]);
    expect(compiled.errors[0]!.message).toContain("description:");
  });

  it("reads failing with the configured threshold and dates in the context's zone", () => {
    // Prepare: 09:10 UTC is 11:10 in Paris (summer time began at 01:00 UTC that day).
    const failing = compile("failing");
    const today = compile("triggered:today");
    // Assess
    expect(failing.ok && failing.test(record({ ErrorCount: 3 }))).toBe(true);
    expect(failing.ok && failing.test(record({ ErrorCount: 2 }))).toBe(false);
    // 23:30 UTC the day before is 00:30 on the 30th in Paris: today there, not in UTC.
    expect(today.ok && today.test(record({ LastTrigger: "2025-03-29T23:30:00Z" }))).toBe(true);
    const utc = compile("triggered:today", { ...ctx, timeZone: "UTC" });
    expect(utc.ok && utc.test(record({ LastTrigger: "2025-03-29T23:30:00Z" }))).toBe(false);
  });

  it("ignores order and paging, and leaves out what an exclusion names", () => {
    // Prepare
    const compiled = compile("-host:zapier.com sort:-errors page:3");
    // Assess
    expect(compiled.ok && compiled.test(record({}))).toBe(false);
    expect(compiled.ok && compiled.test(record({ URL: "https://hook.eu1.make.com/abc" }))).toBe(true);
  });

  it("matches nothing dated for a record whose date cannot be read", () => {
    // Prepare
    const compiled = compile("triggered:before:1d");
    // Assess
    expect(compiled.ok && compiled.test(record({ LastTrigger: null }))).toBe(false);
    expect(compiled.ok && compiled.test(record({ LastTrigger: "2025-01-01T00:00:00Z" }))).toBe(true);
  });
});
