import { validateMessage } from "@nwh/core/blocks";
import { DigestError, runDigest } from "@nwh/core/digest";
import {
  createNexudusClient,
  NexudusAuthError,
  NexudusFirewallError,
  NexudusHttpError,
  NexudusNetworkError,
  NexudusPacedError,
  NexudusThrottleError,
  NexudusTimeoutError,
  NexudusTooManyRecordsError,
  type WebhookRecord,
} from "@nwh/core/nexudus";
import { type Emulator, startEmulator } from "@nwh/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { type DigestConfig, failureReason } from "../../src/digest/run-digest";
import { createMemorySlackPort, type MemorySlackPort } from "../support/memory-slack-port";
import { memoryStore } from "../support/memory-store";
import { business, DAY, fixedClock, HOUR, iso, NOW, webhook } from "./fixtures";

const CHANNEL = "C0DIGEST";
const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

const TROUBLE: WebhookRecord[] = [
  webhook({ Id: 1, BusinessId: 1, Name: "Zapier bookings", Active: false, ErrorCount: 10 }),
  webhook({ Id: 2, BusinessId: 2, Name: "HubSpot members", ErrorCount: 7, LastTrigger: iso(NOW - 5 * HOUR) }),
  webhook({ Id: 3, BusinessId: 1, Name: "Make invoices", ErrorCount: 2, LastTrigger: null }),
  webhook({ Id: 4, BusinessId: 1, Name: "Healthy" }),
  webhook({ Id: 5, BusinessId: 2, Name: "Paused by hand", Active: false, ErrorCount: 0 }),
];

/** An emulator serving `webhooks`, a real client on it, an in-memory channel, a fixed clock and a recorded sleep. */
async function setup(webhooks: WebhookRecord[], config: Partial<DigestConfig> = {}) {
  const emulator = await startEmulator({
    account: { businesses: [business(1, "Downtown Hub"), business(2, "Riverside Loft")], webhooks },
    rateLimit: false,
    now: () => NOW,
  });
  running.push(emulator);
  const client = createNexudusClient({
    baseUrl: emulator.url,
    auth: { scheme: "bearer", ...emulator.credentials },
    limiter: false,
    maxAttempts: 3,
    backoffBaseMs: 1,
    backoffMaxMs: 2,
  });
  const clock = fixedClock();
  const slack = createMemorySlackPort(clock);
  const slept: number[] = [];
  const deps = {
    client,
    slack,
    store: memoryStore(clock),
    clock,
    sleep: async (ms: number) => {
      slept.push(ms);
      clock.advance(ms);
    },
    config: { channel: CHANNEL, timeZone: "Europe/London", minErrors: 1, allClear: true, ...config },
  };
  return { emulator, slack, clock, slept, deps };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the run to reject");
    },
    (error: unknown) => error,
  );
}

const sys = (e: Emulator) => e.requests.filter((r) => r.path.startsWith("/api/sys/"));

describe("runDigest", () => {
  it("marks webhooks of open incidents, and goes on without them when the table cannot say", async () => {
    // Prepare: webhook 2 is in an acknowledged incident since a day ago.
    const { slack, deps } = await setup(TROUBLE);
    const since = NOW - DAY;
    const acked = {
      id: "i1",
      channel: "C0ALERTS",
      mention: [],
      causeKey: "k",
      host: "h",
      error: "e",
      openedAt: since,
      state: "at-risk" as const,
      members: {
        "2": { id: 2, name: "HubSpot members", businessId: 2, errors: 7, state: "at-risk" as const, since },
      },
      post: { lines: 0 },
      flags: { ackBy: "U0ACKER01" },
      version: 1,
    };
    const warnings: string[] = [];
    // Act: one run with the incidents, one (the next day) whose read of them fails.
    await runDigest({ ...deps, openIncidents: async () => [acked] });
    const first = JSON.stringify(slack.messages);
    deps.clock.advance(DAY);
    const second = await runDigest({
      ...deps,
      openIncidents: async () => {
        throw new Error("ResourceNotFoundException: table gone");
      },
      logger: { info: () => {}, warn: (message) => void warnings.push(message) },
    });
    // Assess
    expect(first).toContain(`failing since <!date^${Math.floor(since / 1000)}^`);
    expect(first).toContain("*Being handled* — 1 webhook in an acknowledged or snoozed incident");
    expect(second.status).toBe("posted");
    expect(warnings).toEqual(["the open incidents could not be read; the digest goes without them"]);
  });

  it("reads every failing and disabled webhook and the locations, then posts the parent and its thread", async () => {
    // Prepare
    const { emulator, slack, deps } = await setup(TROUBLE);
    // Act
    const result = await runDigest(deps);
    // Assess: what was asked of Nexudus.
    expect(sys(emulator).map((r) => [r.path, r.query])).toEqual([
      ["/api/sys/webhooks", { from_WebHook_ErrorCount: "1", page: "1", size: "1000" }],
      ["/api/sys/webhooks", { WebHook_Active: "false", page: "1", size: "1000" }],
      ["/api/sys/businesses", { page: "1", size: "1000" }],
    ]);
    // What was posted: the parent with metadata, then one reply in its thread.
    expect(result).toMatchObject({
      status: "posted",
      date: "2026-11-30",
      messagesPosted: 2,
      counts: { disabled: 1, failing: 2, new: 1, neverDelivered: 1, locations: 2 },
      named: 3,
      counted: 0,
    });
    const [parent, reply, ...rest] = slack.messages;
    expect(rest).toEqual([]);
    expect(parent).toMatchObject({
      channel: CHANNEL,
      metadata: {
        event_type: "webhook_digest",
        event_payload: { date: "2026-11-30", failing: 2, disabled: 1 },
      },
    });
    expect(parent?.thread_ts).toBeUndefined();
    expect(result.parentTs).toBe(parent?.ts);
    expect(reply).toMatchObject({ channel: CHANNEL, thread_ts: parent?.ts });
    for (const m of slack.messages) expect(validateMessage(m)).toEqual([]);
    const thread = JSON.stringify(reply?.blocks);
    expect(thread).toContain("Downtown Hub");
    expect(thread).toContain("Riverside Loft");
    expect(thread).not.toContain("Healthy");
    expect(thread).not.toContain("Paused by hand");
  });

  it("is safe to repeat: a second run on the same day posts nothing and asks Nexudus nothing", async () => {
    // Prepare
    const { emulator, slack, clock, deps } = await setup(TROUBLE);
    await runDigest(deps);
    const posted = slack.messages.length;
    const asked = emulator.requests.length;
    clock.advance(10 * HOUR);
    // Act
    const again = await runDigest(deps);
    // Assess
    expect(again).toMatchObject({ status: "already-posted", date: "2026-11-30", messagesPosted: 0 });
    expect(again.parentTs).toBe(slack.messages[0]?.ts);
    expect(slack.messages).toHaveLength(posted);
    expect(emulator.requests).toHaveLength(asked);
  });

  it("posts again on the next day, and ignores digests in other channels", async () => {
    // Prepare: yesterday's digest here, today's in another channel.
    const { slack, clock, deps } = await setup(TROUBLE);
    clock.advance(-DAY);
    await runDigest(deps);
    clock.advance(DAY);
    await slack.postMessage({
      channel: "C0OTHER",
      text: "x",
      blocks: [],
      metadata: { event_type: "webhook_digest", event_payload: { date: "2026-11-30" } },
    });
    // Act
    const result = await runDigest(deps);
    // Assess
    expect(result).toMatchObject({ status: "posted", date: "2026-11-30" });
    const parents = slack.messages.filter((m) => m.channel === CHANNEL && !m.thread_ts);
    expect(parents.map((m) => m.metadata?.event_payload?.date)).toEqual(["2026-11-29", "2026-11-30"]);
  });

  it("takes the date in DIGEST_TIMEZONE: 23:30 UTC is already tomorrow in Auckland", async () => {
    // Prepare
    const { slack, clock, deps } = await setup(TROUBLE, { timeZone: "Pacific/Auckland" });
    clock.advance(15.5 * HOUR);
    // Act
    const result = await runDigest(deps);
    // Assess
    expect(result.date).toBe("2026-12-01");
    expect(slack.messages[0]?.metadata?.event_payload?.date).toBe("2026-12-01");
  });

  it("spaces its posts at least a second apart, start to start", async () => {
    // Prepare: enough webhooks for several replies.
    const many = Array.from({ length: 300 }, (_, i) =>
      webhook({ Id: 10_000 + i, BusinessId: (i % 2) + 1, ErrorCount: (i % 9) + 1, Name: `Integration ${i}` }),
    );
    const { slack, slept, deps } = await setup(many);
    // Act
    const result = await runDigest(deps);
    // Assess
    expect(result.messagesPosted).toBeGreaterThan(3);
    expect(slept).toEqual(Array.from({ length: result.messagesPosted - 1 }, () => 1000));
    const times = slack.messages.map((m) => Number(m.ts));
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1);
    for (const m of slack.messages.slice(1)) expect(m.thread_ts).toBe(slack.messages[0]?.ts);
  });

  it("with a minimum of errors, asks for that many and keeps inactive webhooks below it (as paused)", async () => {
    // Prepare
    const { emulator, deps } = await setup(
      [
        webhook({ Id: 1, ErrorCount: 2 }),
        webhook({ Id: 2, ErrorCount: 3 }),
        webhook({ Id: 3, ErrorCount: 1, Active: false }),
      ],
      { minErrors: 3 },
    );
    // Act
    const result = await runDigest(deps);
    // Assess
    expect(sys(emulator)[0]?.query.from_WebHook_ErrorCount).toBe("3");
    expect(result.counts).toMatchObject({ failing: 1, disabled: 0, paused: 1 });
  });
});

describe("runDigest when nothing fails", () => {
  it("posts the all-clear once a day when DIGEST_ALL_CLEAR is on", async () => {
    // Prepare
    const { slack, deps } = await setup([webhook({ Name: "Healthy" }), webhook({ Active: false })]);
    // Act
    const first = await runDigest(deps);
    const second = await runDigest(deps);
    // Assess
    expect(first).toMatchObject({ status: "all-clear", messagesPosted: 1 });
    expect(second).toMatchObject({ status: "already-posted", messagesPosted: 0 });
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]?.text).toContain("all clear");
    expect(slack.messages[0]?.metadata).toEqual({
      event_type: "webhook_digest",
      event_payload: { date: "2026-11-30", failing: 0, disabled: 0 },
    });
    expect(validateMessage(slack.messages[0]!)).toEqual([]);
  });

  it("posts nothing when DIGEST_ALL_CLEAR is off", async () => {
    // Prepare
    const { slack, deps } = await setup([webhook({ Name: "Healthy" })], { allClear: false });
    // Act
    const result = await runDigest(deps);
    // Assess
    expect(result).toMatchObject({ status: "nothing-to-post", messagesPosted: 0 });
    expect(slack.messages).toEqual([]);
  });
});

describe("runDigest when something fails", () => {
  it("Nexudus down: posts a short warning in the channel and rejects; a later run still posts the digest", async () => {
    // Prepare
    const { emulator, slack, deps } = await setup(TROUBLE);
    emulator.faults.sequence([503, 503, 503]);
    // Act
    const error = await rejectionOf(runDigest(deps));
    // Assess
    expect(error).toBeInstanceOf(DigestError);
    expect(error).toMatchObject({ reason: "Nexudus answered 503 3 times.", warningPosted: true });
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]).toMatchObject({
      channel: CHANNEL,
      text: "⚠️ The webhook digest for 30 Nov 2026 could not be built: Nexudus answered 503 3 times.",
    });
    expect(slack.messages[0]?.metadata?.event_type).not.toBe("webhook_digest");
    expect(validateMessage(slack.messages[0]!)).toEqual([]);
    // Nexudus is back: the warning does not count as the day's digest.
    const retry = await runDigest(deps);
    expect(retry.status).toBe("posted");
  });

  it("does not repeat the same warning on a retried run, but still rejects", async () => {
    // Prepare
    const { emulator, slack, deps } = await setup(TROUBLE);
    emulator.faults.fraction(1, 503);
    await rejectionOf(runDigest(deps));
    // Act
    const error = await rejectionOf(runDigest(deps));
    // Assess
    expect(error).toMatchObject({ name: "DigestError", warningPosted: true });
    expect(slack.messages).toHaveLength(1);
  });

  it("still rejects when even the warning cannot be posted", async () => {
    // Prepare
    const { emulator, slack, deps } = await setup(TROUBLE);
    emulator.faults.fraction(1, 503);
    slack.failNextPosts(new Error("An API error occurred: channel_not_found"));
    // Act
    const error = await rejectionOf(runDigest(deps));
    // Assess
    expect(error).toBeInstanceOf(DigestError);
    expect(error).toMatchObject({ warningPosted: false });
    expect(slack.messages).toEqual([]);
  });

  it("Slack history unreadable: warns, rejects, and asks Nexudus nothing", async () => {
    // Prepare
    const { emulator, slack, deps } = await setup(TROUBLE);
    slack.failNextHistory(new Error("An API error occurred: missing_scope"));
    // Act
    const error = await rejectionOf(runDigest(deps));
    // Assess
    expect(error).toBeInstanceOf(DigestError);
    expect(slack.messages[0]?.text).toBe(
      "⚠️ The webhook digest for 30 Nov 2026 could not be built: Slack refused to read the channel's history (An API error occurred: missing_scope).",
    );
    expect(sys(emulator)).toEqual([]);
  });

  it("a reply refused mid-thread: says so in the thread and rejects", async () => {
    // Prepare
    const { slack, deps } = await setup(TROUBLE);
    const port: MemorySlackPort = slack;
    const post = port.postMessage.bind(port);
    let calls = 0;
    port.postMessage = async (args) => {
      calls += 1;
      if (calls === 2) throw new Error("An API error occurred: msg_blocks_too_long");
      return post(args);
    };
    // Act
    const error = await rejectionOf(runDigest(deps));
    // Assess
    expect(error).toBeInstanceOf(DigestError);
    const [parent, warning] = slack.messages;
    expect(warning?.thread_ts).toBe(parent?.ts);
    expect(warning?.text).toBe(
      "⚠️ The webhook digest for 30 Nov 2026 could not be completed: Slack refused part 1 of 1 of the thread, so the rest is missing (An API error occurred: msg_blocks_too_long).",
    );
  });
});

describe("failureReason", () => {
  it("turns each Nexudus error into a short sentence for the channel, and hides other errors' text", () => {
    // Prepare
    const cases: Array<[unknown, string]> = [
      [new NexudusHttpError(503, "GET", "/sys/webhooks", 3), "Nexudus answered 503 3 times."],
      [new NexudusThrottleError(30, 4), "Nexudus is rate-limiting the bot right now."],
      [new NexudusTimeoutError("/sys/webhooks", 5000), "Nexudus did not answer in time."],
      [new NexudusNetworkError("/sys/webhooks", 4), "The bot could not reach Nexudus."],
      [
        new NexudusFirewallError(502, "GET", "/sys/webhooks", 2),
        "Nexudus answered 502 2 times with a page from its firewall or a proxy, not from Nexudus itself.",
      ],
      [
        new NexudusPacedError("/sys/webhooks", 5000, 9000),
        "The bot's requests to Nexudus, paced to its rate limits, would have taken longer than the run had.",
      ],
      [
        new NexudusTooManyRecordsError(5000, 6200),
        "Nexudus matched 6200 webhooks, more than the 5000 the bot goes through in one run.",
      ],
      [new NexudusAuthError(401, "invalid_grant"), new NexudusAuthError(401, "x").userMessage],
      [
        new TypeError("Cannot read properties of undefined (password=hunter2)"),
        "an unexpected error occurred; see the digest function's logs.",
      ],
    ];
    for (const [error, expected] of cases) {
      // Act
      const reason = failureReason(error);
      // Assess: what happened, never advice addressed to nobody.
      expect(reason).toBe(expected);
      expect(reason).not.toMatch(/try again|please/i);
    }
  });
});
