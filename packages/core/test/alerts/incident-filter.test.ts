import { describe, expect, it } from "vitest";
import { compileIncidentQuery } from "../../src/alerts/incident-filter";
import type { Incident, IncidentMember } from "../../src/alerts/incident-model";
import { parseCommand } from "../../src/query/parse-command";
import type { SearchQuery } from "../../src/query/query-types";

/* `/webhooks incidents <search>`: which open incidents a search keeps, checked on what they remember. */

const NOW = Date.UTC(2026, 11, 1, 11, 31);
const CTX = { now: NOW, timeZone: "UTC", minErrors: 1 };

function member(id: number, extra: Partial<IncidentMember> = {}): IncidentMember {
  return { id, name: `Zap ${id}`, businessId: 1, errors: 3, state: "failing", since: NOW, ...extra };
}

function incident(
  id: string,
  host: string,
  members: IncidentMember[],
  error = "(401) Unauthorized",
): Incident {
  return {
    id,
    channel: "C0ALERTS01",
    mention: [],
    causeKey: `${host}|${error}`,
    host,
    error,
    openedAt: NOW,
    state: "failing",
    members: Object.fromEntries(members.map((m) => [String(m.id), m])),
    post: { lines: 0 },
    flags: {},
    version: 1,
  };
}

const INCIDENTS = [
  incident("zapier", "hooks.zapier.com", [member(1, { name: "Zap test" }), member(2, { businessId: 7 })]),
  incident(
    "crm",
    "crm.example.test",
    [member(3, { name: "CRM sync", state: "disabled", errors: 10 })],
    "timeout",
  ),
  // Its only disabled webhook left the incident (paused): it no longer counts.
  incident("left", "left.example.test", [member(4, { name: "Left", businessId: 9, state: "paused" })]),
];

function queryOf(text: string): SearchQuery {
  const parsed = parseCommand(`incidents ${text}`);
  if (!parsed.ok || parsed.command.kind !== "incidents" || !parsed.command.query)
    throw new Error(`no incidents search: ${text}`);
  return parsed.command.query;
}

function kept(text: string): string[] {
  const compiled = compileIncidentQuery(queryOf(text), CTX);
  if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join("; "));
  return INCIDENTS.filter(compiled.test).map((i) => i.id);
}

describe("incidents <search>", () => {
  it("reads `incidents` alone as before, and a search after it", () => {
    expect(parseCommand("incidents")).toEqual({ ok: true, command: { kind: "incidents" } });
    expect(parseCommand("incidents all")).toEqual({ ok: true, command: { kind: "incidents" } });
    expect(parseCommand("alerts failing")).toEqual({
      ok: true,
      command: { kind: "incidents", query: { failing: true } },
    });
  });

  it("keeps the incidents with at least one open webhook the search matches", () => {
    expect(kept("host:zapier.com")).toEqual(["zapier"]);
    expect(kept("location:7")).toEqual(["zapier"]);
    expect(kept("location:9")).toEqual([]);
    expect(kept("disabled")).toEqual(["crm"]);
    expect(kept("active")).toEqual(["zapier"]);
    expect(kept("errors:>=10")).toEqual(["crm"]);
    expect(kept("error:timeout")).toEqual(["crm"]);
    expect(kept("url:example.test")).toEqual(["crm"]);
    expect(kept("sync")).toEqual(["crm"]);
    // Webhook 2 is not named test: the zapier incident stays.
    expect(kept("-name:test")).toEqual(["zapier", "crm"]);
    expect(kept("-name:zap")).toEqual(["crm"]);
    expect(kept("-location:1")).toEqual(["zapier"]);
    expect(kept("failing sort:-errors")).toEqual(["zapier", "crm"]);
  });

  it("answers a mistyped search with the parser's usual message", () => {
    const typed = parseCommand("incidents hots:zapier.com");
    const searched = parseCommand("hots:zapier.com");
    expect(typed.ok).toBe(false);
    expect(typed).toEqual(searched);
  });

  it("refuses the terms an incident cannot be checked for, naming each", () => {
    const compiled = compileIncidentQuery(
      queryOf("action:BookingCreate triggered:within:7d -action:InvoicePaid failing"),
      CTX,
    );
    expect(compiled.ok).toBe(false);
    const messages = compiled.ok ? [] : compiled.errors.map((e) => e.message);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toContain("`action:BookingCreate` cannot narrow the incidents");
    expect(messages[0]).toContain("the event");
    expect(messages[1]).toContain("`triggered:within:7d`");
    expect(messages[2]).toMatch(/^`-action:\w*InvoicePaid` cannot narrow the incidents/);
  });
});
