import {
  NEXUDUS_LIMITS,
  NexudusPacedError,
  NexudusTimeoutError,
  type SharedRateBudget,
  type Sleep,
} from "@nwh/core/nexudus";
import { PUBLISHED_LIMITS } from "@nwh/emulator";
import { describe, expect, it } from "vitest";
import { createRateLimiter, type LimiterHooks, type RequestKind } from "../../src/nexudus/rate-limiter";
import { clientFor, emulator, recordingFetch, rejectionOf, sysRequests, virtualTime } from "./support";

const START = Date.parse("2025-06-01T08:00:00Z");
const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);
const hooks: LimiterHooks = {
  paced: (waitMs) => new NexudusPacedError("/test", 0, waitMs),
  aborted: () => new Error("aborted"),
  onWait: () => {},
};

/**
 * A shared budget in memory that records what it is asked. `others` says how many sends the other
 * environments made lately; a look answers after a turn of the event loop; each reservation is the earliest time ≥ 120 ms after the previous one.
 */
function recordingBudget(
  others: () => number,
  options: { delayFirst?: number; lookAnswers?: Promise<void> } = {},
) {
  const looks: number[] = [];
  const reservations: Array<Parameters<SharedRateBudget["reserve"]>[0]> = [];
  let last: number | undefined;
  const budget: SharedRateBudget = {
    look: async (now) => {
      looks.push(now);
      // A table read takes a while: the request that set it off does not wait for it.
      await (options.lookAnswers ?? new Promise((resolve) => setImmediate(resolve)));
      return { others: others() };
    },
    reserve: async (request) => {
      reservations.push(request);
      const wait = reservations.length === 1 ? (options.delayFirst ?? 0) : 0;
      const at = Math.max(request.notBefore + wait, last === undefined ? 0 : last + 120);
      last = at;
      return { at, others: others() };
    },
  };
  return { budget, looks, reservations };
}

/** The most sends in any window of `span` ms (windows ending at each send). */
function busiest(times: number[], span: number): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u > t - span && u <= t).length));
}

describe("the limiter (virtual clock)", () => {
  it("lets many callers be in flight at once, their sends ≥ minInterval + margin apart and within every cap", async () => {
    // Prepare
    const time = virtualTime(START);
    const limiter = createRateLimiter(
      { minIntervalMs: 100, marginMs: 10, perMinute: 20, perHour: 30, perDay: 1000 },
      time.clock,
      time.sleep,
    );
    const sent: number[] = [];

    // Act: 40 callers at once; none of them ever "ends" its exchange.
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        await limiter.acquire({ startedAt: START }, hooks);
        sent.push(time.clock.now());
      }),
    );

    // Assess
    expect(sent).toHaveLength(40);
    for (const gap of gaps(sent)) expect(gap).toBeGreaterThanOrEqual(110);
    expect(busiest(sent, 60_000)).toBeLessThanOrEqual(20);
    expect(busiest(sent, 3_600_000)).toBeLessThanOrEqual(30);
    // The first 20 went 110 ms apart (nothing waited for an answer); the hour cap then held the 31st an hour.
    expect(sent[19]! - sent[0]!).toBe(19 * 110);
    expect(sent[30]! - sent[0]!).toBeGreaterThanOrEqual(3_600_000);
  });

  it("keeps the published limits by default: 120 a minute, 5,000 an hour, 100 ms apart", async () => {
    // Prepare
    const time = virtualTime(START);
    const limiter = createRateLimiter({}, time.clock, time.sleep);
    const sent: number[] = [];

    // Act
    await Promise.all(
      Array.from({ length: 300 }, async () => {
        await limiter.acquire({ startedAt: START }, hooks);
        sent.push(time.clock.now());
      }),
    );

    // Assess
    for (const gap of gaps(sent)) expect(gap).toBeGreaterThanOrEqual(NEXUDUS_LIMITS.minIntervalMs);
    expect(busiest(sent, 60_000)).toBeLessThanOrEqual(NEXUDUS_LIMITS.perMinute);
    expect(busiest(sent, 60_000)).toBe(NEXUDUS_LIMITS.perMinute);
  });

  it("caps writes on their own: 60 a minute and 5,000 a day by default, reads unaffected", async () => {
    // Prepare
    const time = virtualTime(START);
    const limiter = createRateLimiter({ writesPerMinute: 2, writesPerDay: 3 }, time.clock, time.sleep);
    const at: Array<[RequestKind, number]> = [];
    const take = async (kind: RequestKind) => {
      await limiter.acquire({ startedAt: START }, hooks, kind);
      at.push([kind, time.clock.now() - START]);
    };

    // Act
    for (const kind of ["write", "write", "read", "write", "read", "write"] as const) await take(kind);

    // Assess
    const writes = at.filter(([k]) => k === "write").map(([, t]) => t);
    const reads = at.filter(([k]) => k === "read").map(([, t]) => t);
    expect(writes[1]! - writes[0]!).toBeLessThan(1000);
    expect(writes[2]!).toBeGreaterThanOrEqual(writes[0]! + 60_000);
    expect(writes[3]!).toBeGreaterThanOrEqual(writes[0]! + 86_400_000);
    expect(reads[0]! - writes[1]!).toBeLessThan(1000);
    const defaults = createRateLimiter({}, time.clock, time.sleep);
    expect(NEXUDUS_LIMITS).toMatchObject({ writesPerMinute: 60, writesPerDay: 5_000 });
    expect(defaults).toBeDefined();
  });

  it("throws the pacing error at once, without waiting, when the turn would come after the deadline", async () => {
    // Prepare
    const time = virtualTime(START);
    const limiter = createRateLimiter({ minIntervalMs: 100, marginMs: 0 }, time.clock, time.sleep);
    await limiter.acquire({ startedAt: START }, hooks);

    // Act
    const late = await rejectionOf(limiter.acquire({ startedAt: START, deadline: START + 50 }, hooks));
    const inTime = limiter.acquire({ startedAt: START, deadline: START + 150 }, hooks);

    // Assess
    expect(late).toBeInstanceOf(NexudusPacedError);
    expect(late).toMatchObject({ code: "nexudus_paced", waitMs: 100 });
    await inTime;
    expect(time.clock.now()).toBe(START + 100);
    expect(time.slept).toEqual([100]);
  });

  it("projects the queue: a caller behind others is told at once that its turn is past its deadline", async () => {
    // Prepare
    const time = virtualTime(START);
    const limiter = createRateLimiter({ minIntervalMs: 100, marginMs: 0 }, time.clock, time.sleep);
    const first = [0, 1, 2].map(() => limiter.acquire({ startedAt: START }, hooks));

    // Act: three are queued (sends at 0, 100, 200): a fourth would go at 300.
    const error = await rejectionOf(limiter.acquire({ startedAt: START, deadline: START + 250 }, hooks));
    await Promise.all(first);

    // Assess
    expect(error).toMatchObject({ code: "nexudus_paced", waitMs: 300 });
    expect(time.clock.now()).toBe(START + 200);
  });

  it("never asks a shared budget far from the limit: a command's few requests go without the table", async () => {
    // Prepare: a budget that records what it is asked; the others are quiet.
    const time = virtualTime(START);
    const { budget, looks, reservations } = recordingBudget(() => 0);
    const limiter = createRateLimiter({ shared: { budget } }, time.clock, time.sleep);
    const sent: number[] = [];

    // Act: four commands a minute apart, each with three requests in flight together (token, search, businesses).
    for (let command = 0; command < 4; command++) {
      await Promise.all(
        [0, 1, 2].map(async () => {
          await limiter.acquire({ startedAt: START }, hooks);
          sent.push(time.clock.now() - START);
        }),
      );
      await time.sleep(60_000);
    }

    // Assess: the table never touched (no reservation, no look), and the spacing kept locally.
    expect(reservations).toEqual([]);
    expect(looks).toEqual([]);
    expect(sent).toHaveLength(12);
    for (const gap of gaps(sent)) expect(gap).toBeGreaterThanOrEqual(NEXUDUS_LIMITS.minIntervalMs);
  });

  it("reserves each send near the limit (its own queue, then the others' minute), and stops once that is old", async () => {
    // Prepare: the others have sent 110 in the last minute, as every answer of the budget says.
    const time = virtualTime(START);
    const { budget, looks, reservations } = recordingBudget(() => 110);
    const limiter = createRateLimiter({ shared: { budget } }, time.clock, time.sleep);
    const one = () => limiter.acquire({ startedAt: START }, hooks);

    // Act: a burst of 12 (its own queue is near the limit); one alone (the others' minute is); one alone
    // more than a minute later (what it knew of the others is old).
    await Promise.all(Array.from({ length: 12 }, one));
    await one();
    const nearBy = reservations.length;
    await time.sleep(61_000);
    const looksBefore = looks.length;
    await one();

    // Assess
    expect(nearBy).toBe(13);
    expect(reservations).toHaveLength(13);
    expect(looks).toHaveLength(looksBefore);
  });

  it("keeps arrivals 120 ms apart and within the caps when a burst is reserved, several in flight", async () => {
    // Prepare: an environment alone with a real budget in memory; 30 requests at once, none ever answered.
    const time = virtualTime(START);
    const { budget, reservations } = recordingBudget(() => 0);
    const limiter = createRateLimiter({ perMinute: 20, shared: { budget } }, time.clock, time.sleep);
    const sent: number[] = [];

    // Act
    await Promise.all(
      Array.from({ length: 30 }, async () => {
        await limiter.acquire({ startedAt: START }, hooks);
        sent.push(time.clock.now());
      }),
    );

    // Assess: the queue of 30 was near the limit from the first send.
    expect(reservations).toHaveLength(30);
    for (const gap of gaps(sent)) expect(gap).toBeGreaterThanOrEqual(120);
    expect(busiest(sent, 60_000)).toBe(20);
  });

  it("gives up a reserved slot it reached too late, and sends on the next one, which takes the first out", async () => {
    // Prepare: the budget's first slot is 1 s away; the timer that waits for it fires 60 ms late.
    const time = virtualTime(START);
    let late = 60;
    const sleep: Sleep = async (ms, signal) => {
      await time.sleep(ms + late, signal);
      late = 0;
    };
    const { budget, reservations } = recordingBudget(() => 0, { delayFirst: 1_000 });
    const limiter = createRateLimiter({ shared: { budget, consultAbovePerMinute: 1 } }, time.clock, sleep);

    // Act
    await limiter.acquire({ startedAt: START }, hooks);

    // Assess: reserved at +1000, reached at +1060, reserved again from there, giving the first slot back
    // (this budget in memory still spaces from it): sent at +1120.
    expect(reservations.map((r) => r.notBefore - START)).toEqual([0, 1_060]);
    expect(reservations.map((r) => r.release)).toEqual([undefined, { kind: "read", at: START + 1_000 }]);
    expect(time.clock.now() - START).toBe(1_120);
  });

  it("goes on its own limits when the shared budget fails, and reports those sends once it answers", async () => {
    // Prepare
    const time = virtualTime(START);
    const errors: unknown[] = [];
    let failing = true;
    const reported: number[] = [];
    const budget: SharedRateBudget = {
      look: async () => ({ others: 0 }),
      reserve: async ({ notBefore, unreported }) => {
        if (failing) throw new Error("table unreachable");
        reported.push(unreported.length);
        return { at: notBefore, others: 0 };
      },
    };
    const limiter = createRateLimiter(
      { shared: { budget, consultAbovePerMinute: 1, onError: (e) => errors.push(e) } },
      time.clock,
      time.sleep,
    );
    const sent: number[] = [];
    const one = async () => {
      await limiter.acquire({ startedAt: START }, hooks);
      sent.push(time.clock.now() - START);
    };

    // Act
    await one();
    await one();
    failing = false;
    await one();

    // Assess
    expect(sent).toEqual([0, 120, 240]);
    expect(errors).toHaveLength(2);
    expect(reported).toEqual([2]);
  });

  it("lets an aborted waiter go and the queue carry on", async () => {
    // Prepare
    const time = virtualTime(START);
    const limiter = createRateLimiter({ minIntervalMs: 100, marginMs: 0 }, time.clock, time.sleep);
    const controller = new AbortController();
    await limiter.acquire({ startedAt: START }, hooks);
    const head = limiter.acquire({ startedAt: START }, hooks);
    const aborted = limiter.acquire({ startedAt: START, signal: controller.signal }, hooks);
    const last = limiter.acquire({ startedAt: START }, hooks);

    // Act
    controller.abort();

    // Assess
    expect((await rejectionOf(aborted)).message).toBe("aborted");
    await Promise.all([head, last]);
    expect(time.clock.now()).toBe(START + 200);
  });
});

describe("the client's limiter against the emulator's published limits", () => {
  it("never draws a 409, sequential or in flight together: arrivals ≥ 100 ms apart", async () => {
    // Prepare: arrivals are stamped at the virtual time each request was sent.
    let nexudus!: Awaited<ReturnType<typeof emulator>>;
    const { fetch, sent } = recordingFetch();
    const time = virtualTime(START, { target: () => nexudus, sent: () => sent.length });
    nexudus = await emulator({ rateLimit: true, now: time.clock.now });
    const client = clientFor(nexudus, { fetch, clock: time.clock, sleep: time.sleep, limiter: {} });

    // Act
    for (const page of ["1", "2", "3"]) await client.searchWebhooks({ page, size: "5" });
    await Promise.all(
      ["4", "5", "6", "7", "8", "9"].map((page) => client.searchWebhooks({ page, size: "5" })),
    );
    await client.searchAllWebhooks({}, { pageSize: 5 });

    // Assess
    const sys = sysRequests(nexudus);
    expect(sys.length).toBeGreaterThan(12);
    expect(sys.filter((r) => r.status !== 200)).toEqual([]);
    for (const gap of gaps(sys.map((r) => r.at)))
      expect(gap).toBeGreaterThanOrEqual(PUBLISHED_LIMITS.minIntervalMs);
    expect(time.slept.length).toBeGreaterThan(0);
  });

  it("is what keeps the 409s away: without it the emulator throttles (and the client recovers)", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: true });
    const client = clientFor(nexudus, { limiter: false, maxRetryAfterMs: 120, maxAttempts: 6 });

    // Act
    await Promise.all(["1", "2", "3"].map((page) => client.searchWebhooks({ page, size: "5" })));

    // Assess
    const statuses = sysRequests(nexudus).map((r) => r.status);
    expect(statuses).toContain(409);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
  });

  it("keeps to a shrunk per-minute quota over a rolling window, waiting instead of sending", async () => {
    // Prepare
    const time = virtualTime(START);
    const nexudus = await emulator({ rateLimit: { minIntervalMs: 100, perMinute: 5 }, now: time.clock.now });
    const client = clientFor(nexudus, {
      clock: time.clock,
      sleep: time.sleep,
      limiter: { minIntervalMs: 100, perMinute: 5 },
    });

    // Act
    for (let page = 1; page <= 12; page++) await client.searchWebhooks({ page: String(page), size: "2" });

    // Assess
    const sys = sysRequests(nexudus);
    expect(sys.map((r) => r.status)).toEqual(Array(12).fill(200));
    const times = nexudus.requests.map((r) => r.at);
    for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(100);
    for (const [i, t] of times.entries()) {
      const inWindow = times.filter((u) => u > t - 60_000 && u <= t);
      expect(inWindow.length, `window ending at request ${i}`).toBeLessThanOrEqual(5);
    }
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(120_000);
    expect(Math.max(...time.slept)).toBeGreaterThan(50_000);
  });

  it("spaces a walk's pages, asked for together, by a shrunk emulator interval", async () => {
    // Prepare
    let nexudus!: Awaited<ReturnType<typeof emulator>>;
    const { fetch, sent } = recordingFetch();
    const time = virtualTime(START, { target: () => nexudus, sent: () => sent.length });
    nexudus = await emulator({ rateLimit: { minIntervalMs: 2000, perMinute: 120 }, now: time.clock.now });
    const client = clientFor(nexudus, {
      fetch,
      clock: time.clock,
      sleep: time.sleep,
      auth: { scheme: "basic", ...nexudus.credentials },
      limiter: { minIntervalMs: 2000, perMinute: 120 },
    });

    // Act
    await Promise.all([client.listAllBusinesses(), client.searchAllWebhooks({}, { pageSize: 10 })]);

    // Assess
    const times = sysRequests(nexudus).map((r) => r.at);
    expect(times).toHaveLength(1 + Math.ceil(nexudus.account.webhooks.length / 10));
    expect(sysRequests(nexudus).every((r) => r.status === 200)).toBe(true);
    for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(2000);
  });

  it("says the bot is pacing itself, never that Nexudus throttled, when its own wait passes the deadline", async () => {
    // Prepare
    const time = virtualTime(START);
    const nexudus = await emulator({ rateLimit: true, now: time.clock.now });
    const client = clientFor(nexudus, {
      clock: time.clock,
      sleep: time.sleep,
      auth: { scheme: "basic", ...nexudus.credentials },
      limiter: { minIntervalMs: 100, perMinute: 2 },
    });
    await client.searchWebhooks({ size: "1" });
    await client.searchWebhooks({ size: "1" });

    // Act
    const error = await rejectionOf(client.searchWebhooks({ size: "1" }, { deadline: START + 5_000 }));

    // Assess
    expect(error).toBeInstanceOf(NexudusPacedError);
    expect(error).toBeInstanceOf(NexudusTimeoutError);
    expect((error as NexudusPacedError).userMessage).toMatch(/pacing its requests/);
    expect((error as NexudusPacedError).userMessage).not.toMatch(/rate-limiting the bot/);
    expect(sysRequests(nexudus).map((r) => r.status)).toEqual([200, 200]);
  });
});
