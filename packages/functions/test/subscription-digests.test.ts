import type { Subscription } from "@nwh/core/subscriptions";
import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "../../core/test/service/support";
import { type Bot, startBot } from "./support/bot";
import { expectAllSlackTrafficSafe, textOf } from "./support/slack-checks";

let bot: Bot | undefined;
afterEach(async () => {
  if (bot) expectAllSlackTrafficSafe(bot.stub);
  await bot?.close();
  bot = undefined;
});

const PARIS = "C0PARIS001";
const NEW_YORK = "C0NEWYORK1";
const GAP = "C0GAP00001";
const DOWNTOWN = 1414900125;
const QUARTER = 15 * 60_000;
// The subscriptions' schedule: every 15 minutes (see the stack).
const TICK = { source: "subscriptions" };

function digestSubscription(
  n: number,
  channel: string,
  at: string,
  timeZone: string,
  query: string,
): Subscription {
  return {
    id: `${n}`.padStart(12, "0"),
    channel,
    query,
    alerts: false,
    digest: true,
    at,
    timeZone,
    mention: [],
    createdBy: "U0ADMIN001",
    createdAt: 1_700_000_000_000 + n,
  };
}

/** The digest parents posted in a channel (not their thread replies): when (UTC), for which date, and the text. */
function parents(b: Bot, channel: string) {
  return (b.stub.channels.get(channel) ?? [])
    .filter((m) => !m.thread_ts && m.metadata?.event_type === "webhook_digest")
    .map((m) => ({
      at: new Date(Number(m.ts.split(".")[0]) * 1000).toISOString().slice(0, 16),
      date: m.metadata?.event_payload?.date,
      subscription: m.metadata?.event_payload?.subscription,
      text: textOf(m),
    }));
}

/** Runs the subscriptions' schedule every 15 minutes from `from` until `until` (ISO, UTC). */
async function tickUntil(b: Bot, clock: ReturnType<typeof manualClock>, until: string): Promise<void> {
  for (; clock.now() < Date.parse(until); clock.advance(QUARTER)) {
    const result = await b.digest(TICK);
    expect(result.status).toBe("not-run");
    expect(result.subscriptions?.failed).toEqual([]);
  }
}

describe("per-subscription digests", () => {
  it("go out at each subscription's own time in its own zone, once a day, across the spring-forward change", async () => {
    // Europe moves its clocks forward on 29 March 2026 at 01:00 UTC; New York did on 8 March.
    const clock = manualClock(Date.parse("2026-03-28T04:30:00Z"));
    bot = await startBot({ clock, clientLimiter: false, env: { DIGEST_TIMEZONE: "UTC" } });
    const store = bot.deps.subscriptions;
    await store.save(
      digestSubscription(1, PARIS, "08:30", "Europe/Paris", `failing location:${DOWNTOWN}`),
      "create",
    );
    await store.save(digestSubscription(2, NEW_YORK, "07:00", "America/New_York", "disabled"), "create");
    // 02:30 does not exist in Paris on the 29th: it goes out when the clock jumps to 03:00.
    await store.save(digestSubscription(3, GAP, "02:30", "Europe/Paris", "all"), "create");

    await tickUntil(bot, clock, "2026-03-30T04:30:00Z");

    const paris = parents(bot, PARIS);
    expect(paris.map(({ at, date }) => ({ at, date }))).toEqual([
      { at: "2026-03-28T07:30", date: "2026-03-28" }, // 08:30 CET
      { at: "2026-03-29T06:30", date: "2026-03-29" }, // 08:30 CEST
    ]);
    expect(parents(bot, NEW_YORK).map(({ at, date }) => ({ at, date }))).toEqual([
      { at: "2026-03-28T11:00", date: "2026-03-28" }, // 07:00 EDT
      { at: "2026-03-29T11:00", date: "2026-03-29" },
    ]);
    expect(parents(bot, GAP).map(({ at, date }) => ({ at, date }))).toEqual([
      { at: "2026-03-28T04:30", date: "2026-03-28" }, // due already when the run began (05:30 CET)
      { at: "2026-03-29T01:00", date: "2026-03-29" }, // 03:00 CEST, the first minute past 02:30
      { at: "2026-03-30T00:30", date: "2026-03-30" }, // 02:30 CEST
    ]);
    // Each lists only its matches, and says which subscription it is.
    for (const digest of paris) {
      expect(digest.subscription).toBe("000000000001");
      expect(digest.text).toContain("Subscription: failing webhooks at Downtown Hub");
      expect(digest.text).not.toMatch(/Riverside Loft|Canal Works|Harbour Point|Old Town Studio/);
    }
    expect(parents(bot, NEW_YORK)[0]!.text).toContain("*Failing*\\n0");
  });

  it("is sent once when two runs reach the same due subscription at the same moment", async () => {
    const clock = manualClock(Date.parse("2026-06-01T09:00:00Z"));
    bot = await startBot({ clock, clientLimiter: false });
    await bot.deps.subscriptions.save(
      digestSubscription(4, PARIS, "08:30", "Europe/Paris", "failing"),
      "create",
    );

    const [a, b] = await Promise.all([bot.digest(TICK), bot.digest(TICK)]);
    const again = await bot.digest(TICK);

    const statuses = [...a.subscriptions!.runs, ...b.subscriptions!.runs].map((r) => r.status).sort();
    expect(statuses).toEqual(["another-run", "posted"]);
    expect(again.subscriptions!.runs.map((r) => r.status)).toEqual(["already-posted"]);
    expect(parents(bot, PARIS)).toHaveLength(1);
  });

  it("stops when the channel's last subscription is removed", async () => {
    const clock = manualClock(Date.parse("2026-06-01T09:00:00Z"));
    bot = await startBot({ clock, clientLimiter: false });
    const subscription = digestSubscription(5, PARIS, "08:30", "Europe/Paris", "failing");
    await bot.deps.subscriptions.save(subscription, "create");
    await bot.digest(TICK);

    await bot.deps.subscriptions.remove(PARIS, subscription.id);
    clock.advance(24 * 60 * 60_000);
    const next = await bot.digest(TICK);

    expect(next.subscriptions!.runs).toEqual([]);
    expect(parents(bot, PARIS)).toHaveLength(1);
  });

  it("sends the configured digest on its own schedule unless DEFAULT_SUBSCRIPTION=off", async () => {
    const DIGEST = "C0DIGEST01";
    bot = await startBot({ env: { DIGEST_CHANNEL: DIGEST, DEFAULT_SUBSCRIPTION: "off" } });
    await bot.deps.subscriptions.save(digestSubscription(6, PARIS, "00:00", "UTC", "failing"), "create");

    const off = await bot.digest({ source: "schedule" });
    // A manual run sends every subscription's digest not sent yet today, whatever its time.
    const manual = await bot.digest({});

    expect(off.status).toBe("off");
    expect(off.subscriptions).toBeUndefined();
    expect(manual.status).toBe("off");
    expect(manual.subscriptions!.runs.map((r) => r.status)).toEqual(["posted"]);
    expect(bot.stub.channels.get(DIGEST)).toBeUndefined();
    expect(parents(bot, PARIS)).toHaveLength(1);
  });
});
