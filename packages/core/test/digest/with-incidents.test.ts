import type { Incident } from "@nwh/core/alerts";
import { validateMessage } from "@nwh/core/blocks";
import { describe, expect, it } from "vitest";
import { buildDigest } from "../../src/digest/build-digest";
import { buildDigestMessages } from "../../src/digest/build-digest-messages";
import { locationNamesOf } from "../../src/digest/group-by-location";
import { withIncidents } from "../../src/digest/with-incidents";
import { business, DAY, HOUR, NOW, webhook } from "./fixtures";

/* The digest with the alerts' incidents: since when each webhook fails, and what someone is handling. */

const TZ = "Europe/Paris";

function incident(id: string, members: number[], flags: Incident["flags"], since: number): Incident {
  return {
    id,
    channel: "C0ALERTS01",
    mention: [],
    causeKey: id,
    host: "hooks.example.com",
    error: "(500)",
    openedAt: since,
    state: "failing",
    members: Object.fromEntries(
      members.map((m) => [
        String(m),
        { id: m, name: `w${m}`, businessId: 1, errors: 5, state: "failing", since },
      ]),
    ),
    post: { lines: 0 },
    flags,
    version: 1,
  };
}

const records = [
  webhook({ Id: 1, Name: "Worst, acknowledged", ErrorCount: 9, BusinessId: 1 }),
  webhook({ Id: 2, Name: "Snoozed", ErrorCount: 8, BusinessId: 2 }),
  webhook({ Id: 3, Name: "In an open incident", ErrorCount: 5, BusinessId: 1 }),
  webhook({ Id: 4, Name: "In no incident", ErrorCount: 2, BusinessId: 2 }),
];
const locations = locationNamesOf([business(1, "Downtown"), business(2, "Harbour")]);
const incidents = [
  incident("a", [1], { ackBy: "U0ACKER01", ackAt: NOW - HOUR }, NOW - 2 * DAY),
  incident("b", [2], { snoozedBy: "U0SNOOZER", snoozedUntil: NOW + 4 * HOUR }, NOW - DAY),
  incident("c", [3], {}, NOW - 3 * HOUR),
  // An expired snooze is no longer "handled"; a closed incident says nothing.
  {
    ...incident("d", [4], { snoozedUntil: NOW - HOUR }, NOW - HOUR),
    closedAt: NOW - 1,
    closedAs: "recovered" as const,
  },
];

function build(withAlerts: boolean) {
  const plain = buildDigest(records, locations, { now: NOW, minErrors: 1 });
  const digest = withAlerts ? withIncidents(plain, incidents, NOW) : plain;
  return { digest, messages: buildDigestMessages(digest, { timeZone: TZ, now: NOW }) };
}

const replyText = (m: ReturnType<typeof build>["messages"]) => JSON.stringify(m.replies);

describe("the digest with the alerts' incidents", () => {
  it("says since when each webhook of an open incident fails, with Slack's date token", () => {
    const { messages } = build(true);
    const thread = replyText(messages);
    const since = Math.floor((NOW - 3 * HOUR) / 1000);
    expect(thread).toContain(`failing since <!date^${since}^`);
    // The webhook in no (open) incident has no such note.
    const line4 = messages.replies
      .flatMap((r) => (r.blocks as Array<{ text?: { text: string } }>).map((b) => b.text?.text ?? ""))
      .flatMap((t) => t.split("\n"))
      .find((l) => l.includes("#4"))!;
    expect(line4).not.toContain("failing since");
  });

  it("lists the acknowledged and snoozed apart, after the others, naming who and until when", () => {
    const { digest, messages } = build(true);
    expect(digest.items.map((i) => i.record.Id)).toEqual([3, 4, 1, 2]);
    const thread = replyText(messages);
    const apart = thread.indexOf("*Being handled* — 2 webhooks");
    expect(apart).toBeGreaterThan(-1);
    expect(thread.indexOf("In an open incident")).toBeLessThan(apart);
    expect(thread.indexOf("Worst, acknowledged")).toBeGreaterThan(apart);
    expect(thread).toContain("_acknowledged by <@U0ACKER01>_");
    expect(thread).toMatch(/_snoozed until <!date\^\d+\^[^>]*> by <@U0SNOOZER>_/);
    // The parent's worst are the ones nobody handles yet; it says the rest are listed apart.
    const parent = JSON.stringify(messages.parent.blocks);
    expect(parent).toContain("In an open incident");
    expect(parent).not.toContain("Worst, acknowledged");
    expect(parent).toContain("2 webhooks are in an acknowledged or snoozed incident");
    for (const m of [messages.parent, ...messages.replies]) expect(validateMessage(m)).toEqual([]);
  });

  it("says no 'failing since' for a webhook the first poll found already failing (its start is unknown)", () => {
    const found = incident("e", [3], {}, NOW - 3 * HOUR);
    found.members["3"]!.foundFailing = true;
    const digest = withIncidents(buildDigest(records, locations, { now: NOW, minErrors: 1 }), [found], NOW);

    const thread = JSON.stringify(buildDigestMessages(digest, { timeZone: TZ, now: NOW }).replies);

    expect(thread).toContain("In an open incident");
    expect(thread).not.toContain("failing since");
  });

  it("changes nothing without incidents", () => {
    const plain = build(false);
    const none = buildDigest(records, locations, { now: NOW, minErrors: 1 });
    expect(withIncidents(none, [], NOW)).toBe(none);
    expect(replyText(plain.messages)).not.toContain("Being handled");
    expect(replyText(plain.messages)).not.toContain("failing since");
  });
});
