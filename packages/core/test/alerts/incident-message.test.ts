import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changeLine, incidentMessage } from "../../src/alerts/incident-message";
import type { Incident } from "../../src/alerts/incident-model";
import { validateMessage } from "../../src/blocks";

/*
 * Incident messages carry Nexudus text (names, hosts, errors): hostile text is escaped once, and the only
 * control sequences left are the bot's own (dates, the acting users' mentions).
 */

const NOW = Date.UTC(2026, 11, 1, 9, 0);

const HOSTILE = [
  "<!channel>",
  "<!here|here>",
  "<@U0ATTACKER>",
  "<https://evil.example|click>",
  "a & b < c > d",
  "&lt;!channel&gt;",
  "```fence```",
  "*bold* _it_ ~s~",
  "x".repeat(5000),
];

function incidentOf(text: string): Incident {
  return {
    id: "inc-1",
    channel: "C0ALERTS01",
    mention: ["S0ONCALL01"],
    causeKey: "k",
    host: text.slice(0, 200),
    error: text,
    openedAt: NOW - 3_600_000,
    state: "at-risk",
    members: {
      "11": { id: 11, name: text, businessId: 5, errors: 8, state: "at-risk", since: NOW - 3_600_000 },
      "12": { id: 12, name: `${text} 2`, businessId: 6, errors: 3, state: "failing", since: NOW },
    },
    post: { lines: 0 },
    flags: { ackBy: "U0ACKER01", snoozedBy: "U0SNOOZER", snoozedUntil: NOW + 3_600_000 },
    version: 1,
  };
}

/** Every `<…>` sequence in a text, which must all be the bot's own. */
function controlSequences(text: string): string[] {
  return text.match(/<[^>]*>/g) ?? [];
}

const OWN = /^<(!date\^\d+\^[^>|]*(\|[^>]*)?|@U0(ACKER01|SNOOZER))>$/;

function expectEscaped(json: string): void {
  for (const sequence of controlSequences(json)) expect(sequence).toMatch(OWN);
  // Every & is the start of one of the three escapes, never a raw one (which Slack would read).
  expect(json.replace(/&(amp|lt|gt);/g, "")).not.toContain("&");
}

describe("incident messages", () => {
  it.each(HOSTILE)("escape hostile Nexudus text once (%#), and stay valid", (text) => {
    const incident = incidentOf(text);
    const message = incidentMessage(incident, new Map([[5, text]]), {
      now: NOW,
      atRisk: 7,
      disableAfter: 10,
    });

    const json = JSON.stringify({ text: message.text, blocks: message.blocks });
    expectEscaped(json);
    expect(json).not.toContain("!channel>");
    expect(validateMessage(message)).toEqual([]);
    // Escaped once: the visible text shows the entity the user typed, not a doubly escaped one.
    if (text === "a & b < c > d") expect(json).toContain("a &amp; b &lt; c &gt; d");
    if (text === "&lt;!channel&gt;") expect(json).toContain("&amp;lt;!channel&amp;gt;");
  });

  it("escape any text in names and errors (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => {
        const message = incidentMessage(incidentOf(text), new Map(), {
          now: NOW,
          atRisk: 7,
          disableAfter: 10,
        });
        expectEscaped(JSON.stringify({ text: message.text, blocks: message.blocks }));
        expect(validateMessage(message)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("thread lines name webhooks by id only", () => {
    const incident = incidentOf("<!channel>");
    const line = changeLine(incident, [{ kind: "joined", ids: [12] }, { kind: "opened" }], 10);
    expect(controlSequences(line)).toEqual([]);
    expect(line).toContain("#12");
  });
});

describe("an incident the first poll found already failing", () => {
  function found(): Incident {
    const incident = incidentOf("Zap");
    for (const member of Object.values(incident.members)) member.foundFailing = true;
    return incident;
  }
  const options = { now: NOW, atRisk: 7, disableAfter: 10 };

  it("says since when it is watched, not that it opened then", () => {
    const json = JSON.stringify(incidentMessage(found(), new Map(), options).blocks);
    expect(json).toContain("Watched since <!date^");
    expect(json).not.toContain("Opened");
    // One the watch saw open keeps saying so.
    expect(JSON.stringify(incidentMessage(incidentOf("Zap"), new Map(), options).blocks)).toContain(
      "Opened <!date^",
    );
  });

  it("says it lasted at least as long as it was watched", () => {
    const incident = { ...found(), closedAt: NOW, closedAs: "recovered" as const };
    expect(changeLine(incident, [{ kind: "closed", as: "recovered" }], 10)).toBe(
      "Recovered after at least 1 h.",
    );
    expect(JSON.stringify(incidentMessage(incident, new Map(), options).blocks)).toContain(
      "Recovered* after at least 1 h",
    );
  });
});
