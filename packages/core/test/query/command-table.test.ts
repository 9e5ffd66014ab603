import { describe, expect, it } from "vitest";
import { COMMAND_TABLE, parseCommand } from "../../src/query";
import type { CommandRow } from "../../src/query/row-types";
import { command, filtersOf, planOf, search, UTC_CTX } from "./helpers";

/*
 * One case per row of the `/webhooks` command table in DESIGN.md, asserting the Nexudus parameters the
 * table names. `now` is 2025-06-15 09:30 UTC; dates here are read in UTC (zones: time-zones.test.ts).
 */

describe("command table: commands", () => {
  it.each([
    ["", { kind: "overview" }],
    ["   \t ", { kind: "overview" }],
    ["help", { kind: "help" }],
    ["HELP", { kind: "help" }],
    ["failing help", { kind: "help" }],
    ["show 87654321", { kind: "show", id: 87654321 }],
    ["87654321", { kind: "show", id: 87654321 }],
    ["Show 12", { kind: "show", id: 12 }],
    ["pause 123", { kind: "pause", id: 123 }],
    ["resume 123", { kind: "resume", id: 123 }],
  ])("%j → %j", (text, expected) => {
    // Prepare / Act
    const parsed = command(text);
    // Assess
    expect(parsed).toEqual(expected);
  });
});

/** The default order of a failing-type search (issue 18 item 7). */
const MOST_ERRORS_FIRST = { orderBy: "ErrorCount", dir: "-1" };

describe("command table: searches → Nexudus parameters", () => {
  it.each<[string, Record<string, string>]>([
    ["failing", { from_WebHook_ErrorCount: "1", orderBy: "ErrorCount", dir: "-1" }],
    ["disabled", { WebHook_Active: "false" }],
    ["inactive", { WebHook_Active: "false" }],
    ["paused", { WebHook_Active: "false" }],
    ["active", { WebHook_Active: "true" }],
    ["enabled", { WebHook_Active: "true" }],
    ["healthy", { to_WebHook_ErrorCount: "0" }],
    ["stale", { to_WebHook_LastTrigger: "2025-06-08T09:30", orderBy: "LastTrigger", dir: "1" }],
    ["stale:30d", { to_WebHook_LastTrigger: "2025-05-16T09:30", orderBy: "LastTrigger", dir: "1" }],
    ["all", {}],
    ["name:zapier", { WebHook_Name: "zapier" }],
    ["zapier", { WebHook_Name: "zapier" }],
    ["zapier sync", { WebHook_Name: "zapier" }],
    ['"zapier sync"', { WebHook_Name: "zapier sync" }],
    ['"failing"', { WebHook_Name: "failing" }],
    ["action:BookingCreate", { WebHook_Action: "6" }],
    ["action:bookingcreate", { WebHook_Action: "6" }],
    ["action:6", { WebHook_Action: "6" }],
    ['action:"invoice paid"', { WebHook_Action: "21" }],
    ['event:"booking created"', { WebHook_Action: "6" }],
    ["location:123", { WebHook_Business: "123" }],
    ['location:"Downtown Hub"', { WebHook_Business: "101" }],
    ["business:uptown", { WebHook_Business: "103" }],
    ["url:zapier.com", { WebHook_URL: "zapier.com" }],
    ["description:crm", { WebHook_Description: "crm" }],
    ["desc:crm", { WebHook_Description: "crm" }],
    ["error:timeout", { WebHook_LastError: "timeout" }],
    ["lasterror:timeout", { WebHook_LastError: "timeout" }],
    ["errors:3", { WebHook_ErrorCount: "3", ...MOST_ERRORS_FIRST }],
    ["errors:>=3", { from_WebHook_ErrorCount: "3", ...MOST_ERRORS_FIRST }],
    ["errors:>3", { from_WebHook_ErrorCount: "4", ...MOST_ERRORS_FIRST }],
    ["errors:<=3", { to_WebHook_ErrorCount: "3" }],
    ["errors:<3", { to_WebHook_ErrorCount: "2" }],
    ["errors:3..10", { from_WebHook_ErrorCount: "3", to_WebHook_ErrorCount: "10", ...MOST_ERRORS_FIRST }],
    ["errors:3..", { from_WebHook_ErrorCount: "3", ...MOST_ERRORS_FIRST }],
    ["errors:..10", { to_WebHook_ErrorCount: "10" }],
    [
      "triggered:2025-01-01",
      { from_WebHook_LastTrigger: "2025-01-01T00:00", to_WebHook_LastTrigger: "2025-01-01T23:59" },
    ],
    [
      "triggered:2025-01-01T08:30",
      { from_WebHook_LastTrigger: "2025-01-01T08:30", to_WebHook_LastTrigger: "2025-01-01T08:30" },
    ],
    ["triggered:<7d", { from_WebHook_LastTrigger: "2025-06-08T09:30" }],
    ["triggered:>7d", { to_WebHook_LastTrigger: "2025-06-08T09:30" }],
    ["triggered:<12h", { from_WebHook_LastTrigger: "2025-06-14T21:30" }],
    ["triggered:<2w", { from_WebHook_LastTrigger: "2025-06-01T09:30" }],
    ["triggered:7d", { from_WebHook_LastTrigger: "2025-06-08T09:30" }],
    [
      "triggered:today",
      { from_WebHook_LastTrigger: "2025-06-15T00:00", to_WebHook_LastTrigger: "2025-06-15T23:59" },
    ],
    [
      "triggered:yesterday",
      { from_WebHook_LastTrigger: "2025-06-14T00:00", to_WebHook_LastTrigger: "2025-06-14T23:59" },
    ],
    ["triggered:>2025-01-01", { from_WebHook_LastTrigger: "2025-01-02T00:00" }],
    ["triggered:>=2025-01-01", { from_WebHook_LastTrigger: "2025-01-01T00:00" }],
    ["triggered:<2025-01-01", { to_WebHook_LastTrigger: "2024-12-31T23:59" }],
    ["triggered:<=2025-01-01", { to_WebHook_LastTrigger: "2025-01-01T23:59" }],
    ["triggered:>2025-01-01T08:30", { from_WebHook_LastTrigger: "2025-01-01T08:31" }],
    [
      "created:2025-01-01..2025-01-31",
      { from_WebHook_CreatedOn: "2025-01-01T00:00", to_WebHook_CreatedOn: "2025-01-31T23:59" },
    ],
    ["created:2025-01-01..", { from_WebHook_CreatedOn: "2025-01-01T00:00" }],
    ["created:..2025-01-31", { to_WebHook_CreatedOn: "2025-01-31T23:59" }],
    [
      "updated:30d..7d",
      { from_WebHook_UpdatedOn: "2025-05-16T09:30", to_WebHook_UpdatedOn: "2025-06-08T09:30" },
    ],
    [
      "updated:7d..30d",
      { from_WebHook_UpdatedOn: "2025-05-16T09:30", to_WebHook_UpdatedOn: "2025-06-08T09:30" },
    ],
    ["updated:>=yesterday", { from_WebHook_UpdatedOn: "2025-06-14T00:00" }],
    ["sort:errors", { orderBy: "ErrorCount", dir: "1" }],
    ["sort:-updated", { orderBy: "UpdatedOn", dir: "-1" }],
    ["sort:name", { orderBy: "Name", dir: "1" }],
    ["sort:action", { orderBy: "Action", dir: "1" }],
    ["sort:triggered", { orderBy: "LastTrigger", dir: "1" }],
    ["sort:created", { orderBy: "CreatedOn", dir: "1" }],
    ["sort:url", { orderBy: "URL", dir: "1" }],
    ["failing sort:name", { from_WebHook_ErrorCount: "1", orderBy: "Name", dir: "1" }],
    [
      "stale triggered:>30d",
      { to_WebHook_LastTrigger: "2025-05-16T09:30", orderBy: "LastTrigger", dir: "1" },
    ],
    ["failing errors:>=5", { from_WebHook_ErrorCount: "5", orderBy: "ErrorCount", dir: "-1" }],
  ])("%s", async (text, expected) => {
    // Prepare / Act
    const filters = await filtersOf(text);
    // Assess
    expect(filters).toEqual(expected);
  });

  it("failing uses DIGEST_MIN_ERRORS as its threshold", async () => {
    // Act
    const filters = await filtersOf("failing", { ...UTC_CTX, minErrors: 3 });
    // Assess
    expect(filters.from_WebHook_ErrorCount).toBe("3");
  });

  it("paging: page and size are sent, with defaults 1 and 10", async () => {
    // Act
    const defaults = await planOf("failing");
    const paged = await planOf("failing page:2 size:20");
    // Assess
    expect(defaults).toMatchObject({ page: 1, size: 10, localPaging: false });
    expect(defaults.params).toMatchObject({ page: "1", size: "10" });
    expect(paged).toMatchObject({ page: 2, size: 20 });
    expect(paged.params).toMatchObject({ page: "2", size: "20" });
  });

  it.each([
    ["-action:BookingCreate", [{ field: "action", value: 6 }]],
    ["-location:12", [{ field: "location", value: { id: 12 } }]],
    ['-location:"Downtown Hub"', [{ field: "location", value: { id: 101 } }]],
    ["-name:test", [{ field: "name", value: "test" }]],
    ["-test", [{ field: "name", value: "test" }]],
    ["-url:zapier", [{ field: "url", value: "zapier" }]],
    ["-error:timeout", [{ field: "error", value: "timeout" }]],
  ])("exclusion %s: applied locally, so every page is fetched", async (text, exclusions) => {
    // Act
    const plan = await planOf(`failing ${text}`);
    // Assess
    expect(plan.localFilters).toEqual(exclusions.map((e) => ({ ...e, exclude: true })));
    expect(plan.localPaging).toBe(true);
    expect(plan.params).not.toHaveProperty("page");
    expect(plan.params).not.toHaveProperty("size");
    expect(plan.params).toMatchObject({ from_WebHook_ErrorCount: "1" });
  });

  it("keys, keywords and enum names ignore case", () => {
    // Act
    const query = search("FAILING Action:BOOKINGCREATE NAME:Zapier Sort:-Errors");
    // Assess
    expect(query).toEqual({
      failing: true,
      action: 6,
      name: "Zapier",
      sort: { field: "errors", descending: true },
    });
  });
});

describe("command table: every row and alias is understood", () => {
  const rows: readonly CommandRow[] = COMMAND_TABLE;
  const examples = rows.flatMap((row) => row.examples.map((example) => [row.name, example] as const));

  it.each(examples)("%s example %j parses", (_row, example) => {
    // Act
    const outcome = parseCommand(example);
    // Assess
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
  });

  const aliases = rows.flatMap((row) => row.aliases.map((alias) => [row.name, alias, row] as const));
  it.each(aliases)("%s: alias %s means the same", (_name, alias, row) => {
    // Prepare
    const value = row.kind === "qualifier" ? `:${row.examples[0]!.split(":").slice(1).join(":")}` : "";
    const canonical = row.kind === "qualifier" ? `${row.name}${value}` : row.name;
    // Act / Assess
    expect(parseCommand(`${alias}${value}`)).toEqual(parseCommand(canonical));
  });
});
