import { describe, expect, it } from "vitest";
import { incidentDetailsMessage, incidentsListMessage } from "../../src/alerts/incident-lists";
import type { Incident, IncidentMember } from "../../src/alerts/incident-model";
import { validateMessage } from "../../src/blocks";
import { safeLiteral } from "../../src/blocks/untrusted-text";

/* `/webhooks incidents` and an incident's Details: what they say of each incident and its webhooks. */

const NOW = Date.UTC(2026, 11, 1, 11, 31);
const HOUR = 3_600_000;

function member(id: number, errors: number, extra: Partial<IncidentMember> = {}): IncidentMember {
  return { id, name: `Zap ${id}`, businessId: 1, errors, state: "failing", since: NOW - HOUR, ...extra };
}

function incident(members: IncidentMember[], extra: Partial<Incident> = {}): Incident {
  return {
    id: "inc-1",
    channel: "C0ALERTS01",
    mention: [],
    causeKey: "k",
    host: "hooks.zapier.com",
    error: "(401) Unauthorized",
    openedAt: NOW - HOUR,
    state: "failing",
    members: Object.fromEntries(members.map((m) => [String(m.id), m])),
    post: { lines: 0 },
    flags: {},
    version: 1,
    ...extra,
  };
}

const textOf = (message: { blocks: unknown[] }) => JSON.stringify(message.blocks);

describe("the incidents list", () => {
  it("says how long an incident the watch saw open has been open", () => {
    const text = textOf(incidentsListMessage([incident([member(1, 3)])], { now: NOW }));
    expect(text).toContain("open for 1 h");
  });

  it("says since when it watches one the first poll found already failing, never a duration", () => {
    const found = incident([member(1, 3, { foundFailing: true })], { openedAt: NOW - 30_000 });

    const list = incidentsListMessage([found], { now: NOW });
    const details = incidentDetailsMessage(found, new Map(), { now: NOW });

    expect(textOf(list)).toContain(`watched since <!date^${Math.floor((NOW - 30_000) / 1000)}^`);
    expect(textOf(list)).not.toContain("under a minute");
    expect(textOf(details)).toContain("watched since <!date^");
    expect(textOf(details)).not.toContain("open for");
    for (const m of [list, details]) expect(validateMessage(m)).toEqual([]);
  });

  it("names each incident's worst webhook, escaped, with its id, and how many more", () => {
    const hostile = "<!channel> *Zap* & `x`";
    const list = incidentsListMessage(
      [
        incident([member(1, 3), member(2, 8, { name: hostile, state: "at-risk" }), member(3, 5)], {
          state: "at-risk",
        }),
        incident([member(4, 4)], { id: "inc-2" }),
      ],
      { now: NOW },
    );

    const lines = (list.blocks as Array<{ text?: { text: string } }>).map((b) => b.text?.text ?? "");
    expect(lines[1]).toContain(`*${safeLiteral(hostile, 60)}* #2 +2 more`);
    expect(safeLiteral(hostile, 60)).toContain("&lt;!channel&gt;");
    expect(lines[2]).toContain("*Zap 4* #4  ·");
    expect(lines[2]).not.toContain("more");
    expect(JSON.stringify(list.blocks)).not.toContain("<!channel>");
    expect(validateMessage(list)).toEqual([]);
  });
});
