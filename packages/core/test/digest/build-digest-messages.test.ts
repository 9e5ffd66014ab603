import { ACTION_IDS, decodeActionValue, validateMessage } from "@nwh/core/blocks";
import type { WebhookRecord } from "@nwh/core/nexudus";
import { SLACK_LIMITS } from "@nwh/core/slack";
import { describe, expect, it } from "vitest";
import { buildDigest, type Digest } from "../../src/digest/build-digest";
import {
  allClearMessage,
  buildDigestMessages,
  digestFailureMessage,
} from "../../src/digest/build-digest-messages";
import { locationNamesOf } from "../../src/digest/group-by-location";
import { blocksOf } from "../service/support";
import { business, DAY, HOUR, iso, NOW, webhook } from "./fixtures";

const TZ = "Europe/London";

function texts(blocks: readonly unknown[]): string[] {
  // biome-ignore lint/suspicious/noExplicitAny: Block Kit objects
  return (blocks as any[]).flatMap((b) => [
    ...(b.text?.text ? [b.text.text as string] : []),
    ...(b.fields ?? []).map((f: { text: string }) => f.text),
    ...(b.elements ?? []).map((e: { text?: string | { text: string } }) =>
      typeof e.text === "string" ? e.text : (e.text?.text ?? ""),
    ),
  ]);
}

/** An account of `failing` webhooks in trouble over `locations` locations, deterministic. */
function bigAccount(failing: number, locations: number, name: (i: number) => string) {
  const businesses = Array.from({ length: locations }, (_, i) => business(i + 1, `Location ${i + 1} & Co`));
  const records: WebhookRecord[] = Array.from({ length: failing }, (_, i) =>
    webhook({
      Id: 100_000 + i,
      BusinessId: (i % locations) + 1,
      Name: name(i),
      Active: i % 7 !== 0,
      ErrorCount: i % 7 === 0 ? 10 : (i % 9) + 1,
      LastTrigger: i % 11 === 0 ? null : iso(NOW - ((i % 5) + 1) * 7 * HOUR),
      LastError: `The remote server returned an error: (500) Internal Server Error. token=abc${i}secret`,
      URL: `https://user:pw@hooks.zapier.com/hooks/catch/123/${i}abc/?api_key=k${i}`,
    }),
  );
  return { businesses, records };
}

function digestOf(records: WebhookRecord[], businesses = [business(1, "Downtown Hub")]): Digest {
  return buildDigest(records, locationNamesOf(businesses), { now: NOW, minErrors: 1 });
}

/** Ids named in the replies, from the `#id` after each name. */
function namedIds(replies: Array<{ blocks: unknown[] }>): number[] {
  return replies
    .flatMap((r) => texts(r.blocks))
    .flatMap((t) => [...t.matchAll(/\* #(\d+) · /g)].map((m) => Number(m[1])));
}

describe("buildDigestMessages: the parent", () => {
  it("has the header, counts, the worst items, the Show failing button, a pointer and the metadata", () => {
    // Prepare
    const digest = digestOf([
      webhook({
        Id: 1,
        Name: "Zapier bookings",
        Active: false,
        ErrorCount: 10,
        LastTrigger: iso(NOW - 5 * DAY),
      }),
      webhook({ Id: 2, Name: "HubSpot members", ErrorCount: 8, LastTrigger: iso(NOW - 3 * HOUR) }),
      webhook({ Id: 3, Name: "Make invoices", ErrorCount: 2, LastTrigger: null }),
      webhook({ Id: 4, Name: "Healthy one" }),
      webhook({ Id: 5, Name: "Paused by hand", Active: false }),
    ]);
    // Act
    const { parent, replies, named, counted } = buildDigestMessages(digest, {
      date: "2026-11-30",
      timeZone: TZ,
      now: NOW,
    });
    // Assess
    expect(validateMessage(parent)).toEqual([]);
    expect(blocksOf(parent)[0]).toMatchObject({
      type: "header",
      text: { type: "plain_text", text: "Webhook digest — 30 Nov 2026" },
    });
    const all = texts(parent.blocks).join("\n");
    expect(all).toContain("*Disabled after failures*\n1");
    expect(all).toContain("*Failing*\n2");
    expect(all).toContain("*New since yesterday*\n1");
    expect(all).toContain("*Never delivered*\n1");
    expect(all).toContain("*Locations affected*\n1");
    expect(all).toContain("All 3 in the thread, by location.");
    expect(all.indexOf("Zapier bookings")).toBeLessThan(all.indexOf("HubSpot members"));
    expect(all).not.toContain("Healthy one");
    expect(all).not.toContain("Paused by hand");
    const button = blocksOf(parent).find((b) => b.type === "actions")?.elements[0];
    expect(button).toMatchObject({
      type: "button",
      action_id: ACTION_IDS.digestShowFailing,
      text: { text: "Show failing" },
    });
    expect(decodeActionValue(button.value)).toEqual({ q: "failing" });
    expect(parent.metadata).toEqual({
      event_type: "webhook_digest",
      event_payload: { date: "2026-11-30", failing: 2, disabled: 1 },
    });
    expect(parent.text).toContain("1 disabled, 2 failing (1 new), 1 never delivered, 1 location");
    expect([named, counted, replies.length]).toEqual([3, 0, 1]);
  });

  it("counts webhooks paused by a person apart from those Nexudus disabled, and says who paused them", () => {
    const digest = buildDigest(
      [
        webhook({ Id: 1, Name: "Disabled one", Active: false, ErrorCount: 10, UpdatedBy: "system" }),
        webhook({
          Id: 2,
          Name: "Paused by ops",
          Active: false,
          ErrorCount: 9,
          UpdatedBy: "ops@example.com",
          UpdatedOn: iso(NOW - DAY),
        }),
        webhook({
          Id: 3,
          Name: "Paused by the bot",
          Active: false,
          ErrorCount: 4,
          UpdatedBy: "Bot@Example.com",
        }),
        webhook({ Id: 4, Name: "Failing one", ErrorCount: 3 }),
      ],
      locationNamesOf([business(1, "Downtown Hub")]),
      { now: NOW, minErrors: 1 },
    );

    const { parent, replies } = buildDigestMessages(digest, {
      date: "2026-11-30",
      timeZone: TZ,
      now: NOW,
      botUser: "bot@example.com",
    });

    expect(digest.counts).toMatchObject({ disabled: 1, paused: 2, failing: 1 });
    for (const m of [parent, ...replies]) expect(validateMessage(m)).toEqual([]);
    const all = texts(parent.blocks).join("\n");
    expect(all).toContain("*Disabled after failures*\n1");
    expect(all).toContain("*Paused by a person*\n2");
    expect(parent.text).toContain("1 disabled, 2 paused, 1 failing");
    expect(all).toContain("⏸️ paused by a person or an API client");
    const thread = replies.flatMap((r) => texts(r.blocks)).join("\n");
    expect(thread).toContain("*Downtown Hub* — 1 disabled, 1 failing, 2 paused");
    const line = (name: string) => thread.split("\n").find((l) => l.includes(name))!;
    expect(line("Disabled one")).toMatch(/^⛔ /);
    expect(line("Disabled one")).toContain("disabled by Nexudus after 10 failures");
    expect(line("Paused by ops")).toMatch(/^⏸️ /);
    expect(line("Paused by ops")).toContain("paused by ops@example.com, <!date^");
    expect(line("Paused by the bot")).toContain("paused by this bot");
  });

  it("takes the date in the digest's time zone when none is given", () => {
    // Prepare: 23:30 UTC on 29 Nov is already 30 Nov in Auckland.
    const digest = digestOf([webhook({ ErrorCount: 1 })]);
    const now = Date.UTC(2026, 10, 29, 23, 30);
    // Act
    const auckland = buildDigestMessages(digest, { timeZone: "Pacific/Auckland", now });
    const utc = buildDigestMessages(digest, { timeZone: "UTC", now });
    // Assess
    expect(auckland.parent.metadata.event_payload.date).toBe("2026-11-30");
    expect(utc.parent.metadata.event_payload.date).toBe("2026-11-29");
  });
});

describe("buildDigestMessages: the thread", () => {
  it("renders Nexudus text escaped and defused, and never shows credentials", () => {
    // Prepare
    const digest = digestOf(
      [
        webhook({
          Id: 7,
          Name: "<!channel> *urgent* <https://evil.example|click>",
          ErrorCount: 9,
          URL: "https://bob:hunter2@hooks.zapier.com/hooks/catch/123/abcdef1/?token=s3cr3t",
          LastError:
            "POST https://api.example.com/in?apikey=KEY123 failed: Authorization: Bearer abcdefghijkl",
          LastTrigger: iso(Date.UTC(2026, 10, 29, 10, 15)),
        }),
      ],
      [business(1, "<!here> Downtown & Co")],
    );
    // Act
    const { parent, replies } = buildDigestMessages(digest, { date: "2026-11-30", timeZone: TZ, now: NOW });
    // Assess
    const all = [parent, ...replies].flatMap((m) => [m.text, ...texts(m.blocks)]).join("\n");
    for (const m of [parent, ...replies]) expect(validateMessage(m)).toEqual([]);
    expect(all).not.toMatch(/<!channel>|<!here>|<https:\/\/evil/);
    expect(all).toContain("&lt;!channel&gt;");
    expect(all).toContain("Downtown &amp; Co");
    expect(all).not.toMatch(/\*urgent\*/);
    for (const secret of ["hunter2", "bob", "s3cr3t", "KEY123", "abcdefghijkl", "abcdef1"])
      expect(all).not.toContain(secret);
    expect(all).toContain("hooks.zapier.com");
    expect(all).toContain("9/10 errors");
    expect(all).toContain("BookingCreate");
    // A Slack date token for the last success, with a fallback in the digest's zone (GMT in November).
    expect(all).toContain("<!date^1795947300^{date_short_pretty} {time}|2026-11-29 10:15>");
  });

  it("says never delivered for a webhook without a last success, and marks new failures", () => {
    // Prepare
    const digest = digestOf([
      webhook({ Id: 1, ErrorCount: 3, LastTrigger: null }),
      webhook({ Id: 2, ErrorCount: 3, LastTrigger: iso(NOW - 2 * HOUR) }),
    ]);
    // Act
    const { replies } = buildDigestMessages(digest, { date: "2026-11-30", timeZone: TZ, now: NOW });
    // Assess
    const lines = texts(replies[0]!.blocks).join("\n").split("\n");
    expect(lines.find((l) => l.includes("#1 "))).toContain("never delivered");
    expect(lines.find((l) => l.includes("#1 "))).not.toContain("🆕");
    expect(lines.find((l) => l.includes("#2 "))).toContain("🆕");
  });

  it("names all 1,500 failing webhooks over 200 locations, grouped by location, every message within the limits", () => {
    // Prepare
    const { businesses, records } = bigAccount(1500, 200, (i) => `Zapier → CRM sync ${i}`);
    const digest = digestOf(records, businesses);
    // Act
    const { parent, replies, named, counted } = buildDigestMessages(digest, {
      date: "2026-11-30",
      timeZone: TZ,
      now: NOW,
    });
    // Assess
    expect([named, counted]).toEqual([1500, 0]);
    expect(replies.length).toBeLessThanOrEqual(40);
    for (const m of [parent, ...replies]) expect(validateMessage(m)).toEqual([]);
    const ids = namedIds(replies);
    expect(ids).toHaveLength(1500);
    expect(new Set(ids)).toEqual(new Set(records.map((r) => r.Id)));
    // Location order: the thread follows the digest's groups.
    const headings = replies
      .flatMap((r) => texts(r.blocks))
      .flatMap((t) => t.split("\n"))
      .filter((l) => /^\*Location \d+ &amp; Co\* — /.test(l))
      .map((l) => l.slice(1, l.indexOf("*", 1)));
    expect(headings).toEqual(digest.groups.map((g) => g.name.replace("&", "&amp;")));
    expect(texts(parent.blocks).join("\n")).toContain("All 1,500 in the thread, by location.");
  });

  it("when naming all would take too many replies, names the worst and counts the rest per location", () => {
    // Prepare: names of 80 `&` (400 characters escaped) make every line long.
    const { businesses, records } = bigAccount(
      1500,
      200,
      (i) => `${"&".repeat(74)}${String(i).padStart(6, "0")}`,
    );
    const digest = digestOf(records, businesses);
    // Act
    const { parent, replies, named, counted } = buildDigestMessages(digest, {
      date: "2026-11-30",
      timeZone: TZ,
      now: NOW,
    });
    // Assess: within the cap, every message valid.
    expect(replies.length).toBeLessThanOrEqual(40);
    for (const m of [parent, ...replies]) expect(validateMessage(m)).toEqual([]);
    expect(named).toBeGreaterThan(0);
    expect(named + counted).toBe(1500);
    // The named ones are exactly the worst `named`, each once.
    const ids = namedIds(replies);
    expect(ids).toHaveLength(named);
    expect(new Set(ids)).toEqual(new Set(digest.items.slice(0, named).map((i) => i.record.Id)));
    // Every other one is counted under its location, with the search that lists it.
    const countedByLocation = new Map<number, number>();
    for (const text of replies.flatMap((r) => texts(r.blocks))) {
      for (const m of text.matchAll(
        /^• \*[^*]+\*: (?:(\d+) disabled)?(?:, )?(?:(\d+) failing)? — `\/webhooks failing location:(\d+)`$/gm,
      )) {
        countedByLocation.set(Number(m[3]), Number(m[1] ?? 0) + Number(m[2] ?? 0));
      }
    }
    const expected = new Map<number, number>();
    for (const item of digest.items.slice(named)) {
      expected.set(item.record.BusinessId, (expected.get(item.record.BusinessId) ?? 0) + 1);
    }
    expect(countedByLocation).toEqual(expected);
    expect(texts(parent.blocks).join("\n")).toMatch(
      new RegExp(
        `The worst ${named.toLocaleString("en-US")} are named in the thread, by location; the other ${counted.toLocaleString("en-US")} are counted per location in the thread's last (reply|\\d+ replies)\\.`,
      ),
    );
  });

  it("counts everything when even one named reply would not fit the cap", () => {
    // Prepare
    const { businesses, records } = bigAccount(300, 30, (i) => `${"<".repeat(74)}${i}`);
    const digest = digestOf(records, businesses);
    // Act
    const { replies, named, counted } = buildDigestMessages(digest, {
      date: "2026-11-30",
      timeZone: TZ,
      now: NOW,
      maxReplies: 1,
    });
    // Assess
    expect([replies.length, named, counted]).toEqual([1, 0, 300]);
    expect(validateMessage(replies[0]!)).toEqual([]);
  });

  it("splits one location longer than a section and a message, repeating its heading as continued", () => {
    // Prepare: 400 webhooks at one location.
    const records = Array.from({ length: 400 }, (_, i) =>
      webhook({ Id: 5000 + i, ErrorCount: (i % 9) + 1, Name: `Hook ${i}` }),
    );
    const digest = digestOf(records);
    // Act
    const { replies } = buildDigestMessages(digest, { date: "2026-11-30", timeZone: TZ, now: NOW });
    // Assess
    expect(replies.length).toBeGreaterThan(1);
    for (const r of replies) expect(validateMessage(r)).toEqual([]);
    expect(namedIds(replies)).toEqual(digest.items.map((i) => i.record.Id));
    const firsts = replies.map((r) => texts(r.blocks)[1]!.split("\n")[0]);
    expect(firsts[0]).toBe("*Downtown Hub* — 400 failing");
    for (const f of firsts.slice(1)) expect(f).toBe("*Downtown Hub* (continued)");
    for (const [i, r] of replies.entries())
      expect(r.text).toBe(`Webhook digest — 30 Nov 2026 · part ${i + 1} of ${replies.length}`);
    for (const r of replies) {
      for (const b of blocksOf(r))
        if (b.type === "section") expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
  });
});

describe("allClearMessage and digestFailureMessage", () => {
  it("all-clear: one line, valid, with the digest metadata so a second run does not repeat it", () => {
    // Act
    const message = allClearMessage({ date: "2026-11-30" });
    // Assess
    expect(validateMessage(message)).toEqual([]);
    expect(message.text).toContain("Webhook digest — 30 Nov 2026");
    expect(message.text).toContain("all clear");
    expect(message.metadata).toEqual({
      event_type: "webhook_digest",
      event_payload: { date: "2026-11-30", failing: 0, disabled: 0 },
    });
  });

  it("failure: short, valid, escaped", () => {
    // Act
    const message = digestFailureMessage({
      date: "2026-11-30",
      reason: "Nexudus answered 503 3 times <!here>.",
    });
    // Assess
    expect(validateMessage(message)).toEqual([]);
    expect(message.text).toBe(
      "⚠️ The webhook digest for 30 Nov 2026 could not be built: Nexudus answered 503 3 times &lt;!here&gt;.",
    );
  });
});

describe("digest lines: untrusted text", () => {
  it("cleans names and errors as the search results do: no bidi overrides, no secrets, no pings", () => {
    // Prepare
    const hostile = webhook({
      Id: 4242,
      ErrorCount: 4,
      Name: "Invoice \u202egnp.exe ?token=SECRET123abc <!channel>",
      LastError: "401 from https://ops:hunter2@x.example/cb?api_key=k3y",
    });

    // Act
    const { replies } = buildDigestMessages(digestOf([hostile], [business(1, "Hub")]), {
      date: "2026-11-30",
      timeZone: "UTC",
      now: NOW,
    });
    const text = JSON.stringify(replies);

    // Assess
    expect(text).toContain("#4242");
    for (const leaked of ["\u202e", "\\u202e", "SECRET123abc", "hunter2", "k3y", "<!channel>"])
      expect(text).not.toContain(leaked);
  });
});
