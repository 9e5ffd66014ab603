import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  boundedChangeLines,
  changeLine,
  changeLines,
  incidentMessage,
  mentionOf,
} from "../../src/alerts/incident-message";
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

describe("what an incident message says, in words that stay true", () => {
  const options = { now: NOW, atRisk: 7, disableAfter: 10 };
  const json = (incident: Incident) => JSON.stringify(incidentMessage(incident, new Map(), options).blocks);

  it("says a short incident recovered within a minute, never 'after under a minute'", () => {
    const quick = {
      ...incidentOf("Zap"),
      openedAt: NOW - 20_000,
      closedAt: NOW,
      closedAs: "recovered" as const,
    };
    const found = structuredClone(quick);
    for (const member of Object.values(found.members)) member.foundFailing = true;

    expect(changeLine(quick, [{ kind: "closed", as: "recovered" }], 10)).toBe("Recovered within a minute.");
    expect(changeLine(found, [{ kind: "closed", as: "recovered" }], 10)).toBe(
      "Recovered within a minute of being watched.",
    );
    expect(json(found)).toContain("*Recovered* within a minute of being watched");
    expect(json(found)).not.toMatch(/under a minute|after at least under/);
  });

  it("asks to resume one webhook in the singular, with its count, and several in the plural", () => {
    const one = incidentOf("Zap");
    one.state = "disabled";
    Object.assign(one.members["11"]!, { state: "disabled", errors: 11 });
    const two = structuredClone(one);
    Object.assign(two.members["12"]!, { state: "disabled", errors: 10 });

    const confirmOf = (incident: Incident) => {
      const actions = incidentMessage(incident, new Map(), options).blocks.find((b) => b.type === "actions");
      const resume = (
        actions as { elements: Array<{ action_id?: string; confirm?: unknown }> }
      ).elements.find((e) => e.action_id === "webhooks_incident_resume");
      return JSON.stringify(resume?.confirm);
    };

    expect(confirmOf(one)).toContain("Resume this webhook?");
    expect(confirmOf(one)).toContain(
      "Nexudus will send its events again. Its error count stays at 11: one more failed delivery disables it again",
    );
    expect(confirmOf(one)).not.toMatch(/their|them/i);
    expect(confirmOf(two)).toContain("Resume 2 webhooks?");
    expect(confirmOf(two)).toContain("Nexudus will send their events again. Their error counts stay");
    expect(confirmOf(two)).not.toMatch(/\bits\b|\bit again/);
  });

  it("says a count past Nexudus's 10 as a count, never as 11/10, in the message and the thread", () => {
    const incident = incidentOf("Zap");
    incident.state = "disabled";
    Object.assign(incident.members["11"]!, { state: "disabled", errors: 11 });
    Object.assign(incident.members["12"]!, { state: "at-risk", errors: 12 });
    const atRisk = structuredClone(incident);
    atRisk.state = "at-risk";
    delete atRisk.members["11"];

    expect(json(incident)).toContain("disabled (11 errors)");
    expect(json(incident)).toContain("▰▰▰▰▰▰▰▰▰▰ 12 (Nexudus disables at 10)");
    expect(json(atRisk)).toContain("*About to be disabled*: 12 errors");
    expect(changeLine(atRisk, [{ kind: "escalated", to: "at-risk", errors: 12 }], 10)).toBe(
      "About to be disabled: 12 errors.",
    );
    for (const text of [json(incident), json(atRisk)]) expect(text).not.toMatch(/\b1[1-9]\/10\b/);
  });
});

describe("a thread line's text", () => {
  const GROUP = mentionOf("S0ONCALL01");
  const USER = mentionOf("U0ONCALL02");
  /** A joined change of `n` webhooks, as `changeLine` writes it (about 7 characters an id). */
  const joined = (from: number, n: number) =>
    `${n} more webhooks failing this way: ${Array.from({ length: n }, (_, i) => `#${from + i}`).join(", ")}.`;

  it("ends with its mentions, once each, when the oldest changes are dropped for room", () => {
    let text = changeLines(undefined, "About to be disabled: 7/10.", [GROUP, USER]);
    for (let round = 0; round < 6; round++) text = changeLines(text, joined(3000 + round * 100, 100));
    // A mention asked for again (another try of the same line) is not said twice.
    text = changeLines(text, joined(4000, 10), [GROUP]);

    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/^…\d+ earlier changes\n/);
    expect(text).not.toContain("About to be disabled");
    expect(controlSequences(text)).toEqual([GROUP, USER]);
    expect(text.endsWith(`#4009. ${GROUP} ${USER}`)).toBe(true);
  });

  it("says how many mentions did not fit, never drops one silently, and counts them once across tries", () => {
    // A channel whose subscriptions name 120 user groups: more than one line's room for mentions.
    const many = Array.from({ length: 120 }, (_, i) => mentionOf(`S0GROUP${String(i).padStart(4, "0")}`));
    const first = changeLines(undefined, "About to be disabled: 7/10.", many);
    // The post failed; the next poll joins a change to it (no new mentions).
    const again = changeLines(first, joined(5000, 50));

    for (const text of [first, again]) {
      const said = controlSequences(text);
      expect(text.length).toBeLessThanOrEqual(3000);
      expect(said).toEqual(many.slice(0, said.length));
      expect(said.length).toBeGreaterThan(40);
      expect(text).toContain(`(+${120 - said.length} more to mention: over one Slack message's limit)`);
      expect(text.match(/more to mention/g)).toHaveLength(1);
    }
    expect(controlSequences(again)).toEqual(controlSequences(first));
  });

  it("cuts one change too long for a line at a space, keeping its mentions whole", () => {
    const text = changeLines(undefined, `${joined(100_000, 500)} About to be disabled: 7/10.`, [GROUP]);

    expect(text.length).toBeLessThanOrEqual(3000);
    expect(controlSequences(text)).toEqual([GROUP]);
    expect(text.endsWith(`,… ${GROUP}`)).toBe(true);
  });

  it("bounds a line recorded before lines were, and leaves one changeLines made as it is", () => {
    // Recorded by an older version: mentions inside the joined text, one split by its cut.
    const old = `${joined(1, 200)} ${GROUP}\n${joined(500, 400)} ${USER}\nClosed. <!subteam^S0ON…`;
    const bounded = boundedChangeLines(old);
    const made = changeLines(changeLines(undefined, joined(1, 300), [GROUP]), joined(900, 200));

    expect(old.length).toBeGreaterThan(3000);
    expect(bounded.length).toBeLessThanOrEqual(3000);
    expect(controlSequences(bounded)).toEqual([GROUP, USER]);
    expect(bounded.endsWith(`Closed. ${GROUP} ${USER}`)).toBe(true);
    expect(boundedChangeLines(made)).toBe(made);
    expect(boundedChangeLines("Opened: 1 webhook failing this way.")).toBe(
      "Opened: 1 webhook failing this way.",
    );
  });
});
