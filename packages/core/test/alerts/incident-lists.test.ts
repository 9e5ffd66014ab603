import { describe, expect, it } from "vitest";
import {
  incidentDetailsMessage,
  incidentsListMessage,
  watchStandingOf,
} from "../../src/alerts/incident-lists";
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

describe("an empty incidents list", () => {
  const CHANNEL = "C0ALERTS01";
  const listed = (
    state: Parameters<typeof watchStandingOf>[0],
    config: Parameters<typeof watchStandingOf>[1],
  ) => textOf(incidentsListMessage([], { now: NOW, standing: watchStandingOf(state, config) }));

  it("is an all-clear only once the watch polled and read Nexudus", () => {
    const notPolled = listed({ failures: 0 }, { channel: CHANNEL });
    const notPolledOff = listed({ failures: 0 }, { channel: CHANNEL, defaultSubscription: false });
    const failing = listed({ failures: 3, initialisedAt: NOW - HOUR }, { channel: CHANNEL });
    const clear = listed({ failures: 0, initialisedAt: NOW - HOUR }, { channel: CHANNEL });
    const off = listed({ failures: 0, off: { reason: "no-channel", since: NOW - HOUR } }, {});

    expect(notPolled).toContain("The watch has not polled Nexudus yet");
    expect(notPolled).not.toContain("alerts off");
    expect(notPolledOff).toContain(
      "It will find alerts off unless a channel subscribes to them: DEFAULT_SUBSCRIPTION=off",
    );
    expect(failing).toContain("its last 3 polls could not read Nexudus");
    expect(off).toContain("*Alerts are off* (since <!date^");
    expect(off).toContain("neither ALERT_CHANNEL nor DIGEST_CHANNEL is set");
    for (const text of [notPolled, notPolledOff, failing, off])
      expect(text).not.toContain("large_green_circle");
    expect(clear).toContain(":large_green_circle: No open incident");
    expect(clear).toContain(`watched since <!date^${(NOW - HOUR) / 1000}^`);
  });

  it("a list read while Nexudus cannot be read says its incidents are as last read", () => {
    const standing = watchStandingOf({ failures: 1, initialisedAt: NOW - HOUR }, { channel: CHANNEL });
    const text = textOf(incidentsListMessage([incident([member(1, 3)])], { now: NOW, standing }));
    expect(text).toContain("The watch's last poll could not read Nexudus");
  });
});

describe("an incident's Details", () => {
  it("says a disabled webhook's count, and when the watch read the counts", () => {
    const details = incidentDetailsMessage(
      incident([member(1, 11, { state: "disabled" }), member(2, 12, { state: "at-risk" })], {
        state: "disabled",
        readAt: NOW - 60_000,
      }),
      new Map(),
      { now: NOW },
    );
    const text = textOf(details);
    expect(text).toContain(":no_entry: disabled by Nexudus (11 errors)");
    expect(text).toContain("▰▰▰▰▰▰▰▰▰▰ 12 (Nexudus disables at 10)");
    expect(text).toContain(`As the watch read them <!date^${(NOW - 60_000) / 1000}^`);
    expect(text).not.toMatch(/\b1[1-9]\/10\b/);
  });
});
