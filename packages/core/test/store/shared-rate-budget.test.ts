import { NexudusPacedError, type Sleep } from "@nwh/core/nexudus";
import { SHARED_LIMITS, sharedRateBudget, type VersionedCell } from "@nwh/core/store";
import { describe, expect, it } from "vitest";
import { createRateLimiter, type LimiterHooks } from "../../src/nexudus/rate-limiter";
import {
  earliestIn,
  emptyBudgetState,
  parseBudgetState,
  recordIn,
  serializeBudgetState,
} from "../../src/store/rate-budget-state";

/*
 * Several environments, each with its own limiter, sharing one budget cell, on one virtual clock: every
 * send of all of them together keeps the spacing and every window.
 */

const START = Date.parse("2025-06-01T08:00:00Z");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const hooks: LimiterHooks = {
  paced: (waitMs) => new NexudusPacedError("/test", 0, waitMs),
  aborted: () => new Error("aborted"),
  onWait: () => {},
};
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Virtual time for several sleepers at once: when every caller is waiting, the clock jumps to the
 * earliest wake-up (after a few turns of the event loop, so that work set off by the last wake-up has
 * started its own waits).
 */
function sharedVirtualTime(start: number) {
  let now = start;
  const timers: Array<{ at: number; wake: () => void }> = [];
  let pumping = false;
  const pump = async () => {
    if (pumping) return;
    pumping = true;
    while (timers.length > 0) {
      for (let i = 0; i < 20; i++) await turn();
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (!next) break;
      now = Math.max(now, next.at);
      next.wake();
    }
    pumping = false;
  };
  const sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      timers.push({ at: now + Math.max(0, ms), wake: resolve });
      void pump();
    });
  return { clock: { now: () => now }, sleep };
}

/** One cell in memory; reads and writes take a turn of the event loop, so that writers interleave. */
function memoryCell(clock: { now(): number }): VersionedCell & { conflicts: number; reads: number } {
  let stored: { value: string; version: number; until: number } | undefined;
  const cell = {
    conflicts: 0,
    reads: 0,
    async read() {
      cell.reads += 1;
      await turn();
      return stored && stored.until > clock.now()
        ? { value: stored.value, version: stored.version }
        : undefined;
    },
    async write(value: string, expected: number | undefined, ttlMs: number) {
      await turn();
      const live = stored && stored.until > clock.now() ? stored : undefined;
      if (live?.version !== expected) {
        cell.conflicts += 1;
        return false;
      }
      stored = { value, version: (expected ?? 0) + 1, until: clock.now() + ttlMs };
      return true;
    },
  };
  return cell;
}

/** Two environments, `a` and `b`, sharing one budget cell on one virtual clock from `START`. */
function twoEnvironments() {
  const time = sharedVirtualTime(START);
  const cell = memoryCell(time.clock);
  const a = sharedRateBudget({ cell, env: "a", clock: time.clock, sleep: time.sleep });
  const b = sharedRateBudget({ cell, env: "b", clock: time.clock, sleep: time.sleep });
  return { time, cell, a, b };
}

/** The most sends in any window of `span` ms ending at a send. */
function busiest(times: number[], span: number): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u > t - span && u <= t).length));
}

describe("the shared rate budget", () => {
  it("keeps four bursting environments together 120 ms apart and within the minute, conflicts retried", async () => {
    // Prepare: four environments, 40 requests each, all in flight at once.
    const time = sharedVirtualTime(START);
    const cell = memoryCell(time.clock);
    const sent: number[] = [];
    const environments = Array.from({ length: 4 }, (_, i) =>
      createRateLimiter(
        {
          shared: {
            budget: sharedRateBudget({ cell, env: `env${i}`, clock: time.clock, sleep: time.sleep }),
          },
        },
        time.clock,
        time.sleep,
      ),
    );

    // Act
    await Promise.all(
      environments.flatMap((limiter) =>
        Array.from({ length: 40 }, async () => {
          await limiter.acquire({ startedAt: START }, hooks);
          sent.push(time.clock.now());
        }),
      ),
    );

    // Assess
    sent.sort((a, b) => a - b);
    expect(sent).toHaveLength(160);
    const gaps = sent.slice(1).map((t, i) => t - sent[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(SHARED_LIMITS.minIntervalMs + SHARED_LIMITS.marginMs);
    expect(busiest(sent, MINUTE)).toBe(SHARED_LIMITS.perMinute);
    expect(cell.conflicts).toBeGreaterThan(0);
  });

  it.each([
    ["reads: an hour and a day", "read", { perHour: 30, perDay: 40 }],
    ["writes: a minute and a day", "write", { writesPerMinute: 2, writesPerDay: 5 }],
  ] as const)("keeps every cap together, %s (shrunk)", async (_name, kind, caps) => {
    // Prepare: small caps so that each of them binds; three environments, 15 requests each.
    const time = sharedVirtualTime(START);
    const cell = memoryCell(time.clock);
    const sent: number[] = [];
    const environments = Array.from({ length: 3 }, (_, i) =>
      createRateLimiter(
        {
          shared: {
            budget: sharedRateBudget({
              cell,
              env: `env${i}`,
              limits: caps,
              clock: time.clock,
              sleep: time.sleep,
            }),
            consultAbovePerMinute: 1,
          },
        },
        time.clock,
        time.sleep,
      ),
    );

    // Act
    await Promise.all(
      environments.flatMap((limiter) =>
        Array.from({ length: 15 }, async () => {
          await limiter.acquire({ startedAt: START }, hooks, kind);
          sent.push(time.clock.now());
        }),
      ),
    );

    // Assess: each cap held, and was reached (it was what made the others wait).
    sent.sort((a, b) => a - b);
    expect(sent).toHaveLength(45);
    if (kind === "read") {
      expect(busiest(sent, HOUR)).toBe(30);
      expect(busiest(sent, DAY)).toBe(40);
    } else {
      expect(busiest(sent, MINUTE)).toBe(2);
      expect(busiest(sent, DAY)).toBe(5);
    }
    expect(sent.at(-1)! - sent[0]!).toBeGreaterThanOrEqual(DAY);
  });

  it("says how many sends other environments made lately, and reports sends made without asking", async () => {
    // Prepare
    const { a, b } = twoEnvironments();

    // Act: A reports two sends made unasked and reserves one; B looks, then reserves.
    const first = await a.reserve({
      kind: "read",
      notBefore: START,
      now: START,
      unreported: [
        { kind: "read", at: START - 1_000 },
        { kind: "read", at: START - 500 },
      ],
    });
    const seen = await b.look(START);
    const second = await b.reserve({ kind: "read", notBefore: START, now: START, unreported: [] });
    const later = await b.look(START + 2 * MINUTE);

    // Assess: A's own sends were no one else's; B saw A's three and went 120 ms after A's reservation.
    expect(first).toEqual({ at: START, from: START, others: 0 });
    expect(seen.others).toBe(3);
    expect(second).toEqual({ at: START + 120, from: START + 120, others: 3 });
    expect(later.others).toBe(0);
  });

  it("writes without reading while no other environment wrote since, and reads again once one did", async () => {
    // Prepare
    const { cell, a, b } = twoEnvironments();
    const reserve = (env: typeof a, at: number) =>
      env.reserve({ kind: "read", notBefore: at, now: at, unreported: [] });

    // Act: A alone reserves five sends; then B reserves one; then A one more.
    const alone: number[] = [];
    for (let i = 0; i < 5; i++) alone.push((await reserve(a, START + i * 1_000)).at);
    const readsAlone = cell.reads;
    const fromB = await reserve(b, START + 4_050);
    const readsBeforeA = cell.reads;
    const afterB = await reserve(a, START + 4_060);

    // Assess: one read for A's five (the first); B read once; A's stale copy cost one failed write and
    // one read, and its send still keeps clear of B's (and of its own before it).
    expect(alone).toEqual([0, 1, 2, 3, 4].map((i) => START + i * 1_000));
    expect(readsAlone).toBe(1);
    expect(readsBeforeA).toBe(2);
    expect(cell.reads).toBe(3);
    expect(cell.conflicts).toBe(1);
    expect(fromB).toEqual({ at: START + 4_120, from: START + 4_120, others: 5 });
    expect(afterB.at).toBe(START + 4_240);
    expect(afterB.others).toBe(1);
  });

  it("reads first after a quiet spell: a cell that expired starts its versions again", async () => {
    // Prepare: A reserves once (the cell's version 1); a day passes and the cell expires; B reserves
    // (a new cell, version 1 again).
    const { time, a, b } = twoEnvironments();
    await a.reserve({ kind: "read", notBefore: START, now: START, unreported: [] });
    await time.sleep(26 * HOUR);
    const later = time.clock.now();
    const fromB = await b.reserve({ kind: "read", notBefore: later, now: later, unreported: [] });

    // Act
    const fromA = await a.reserve({ kind: "read", notBefore: later, now: later, unreported: [] });

    // Assess: A's old copy matched B's version, yet A read the cell and went 120 ms after B.
    expect(fromB.at).toBe(later);
    expect(fromA).toEqual({ at: later + 120, from: later + 120, others: 1 });
  });

  it("sends once every limit holds, before a slot reserved ahead for a write slower than this one", async () => {
    // Prepare: one environment that reserves every send; its first three writes take 8 ms on the clock
    // (so its slots are reserved ahead by about that much), the fourth 2 ms.
    const time = sharedVirtualTime(START);
    const cell = memoryCell(time.clock);
    const writeTimes = [8, 8, 8, 2];
    const slowCell: VersionedCell = {
      read: () => cell.read(),
      async write(value, expected, ttlMs) {
        await time.sleep(writeTimes.shift() ?? 2);
        return cell.write(value, expected, ttlMs);
      },
    };
    const a = sharedRateBudget({ cell: slowCell, env: "a", clock: time.clock, sleep: time.sleep });
    const limiter = createRateLimiter(
      { shared: { budget: a, consultAbovePerMinute: 1 } },
      time.clock,
      time.sleep,
    );
    const sent: number[] = [];

    // Act: four sends, 1 s apart.
    for (let i = 0; i < 4; i++) {
      await time.sleep(START + i * 1_000 - time.clock.now());
      await limiter.acquire({ startedAt: time.clock.now() }, hooks);
      sent.push(time.clock.now() - START - i * 1_000);
    }
    const recorded = parseBudgetState((await cell.read())?.value ?? "").sends.map(([t]) => t - START);
    const b = sharedRateBudget({ cell, env: "b", clock: time.clock, sleep: time.sleep });
    const now = time.clock.now();
    const fromB = await b.reserve({ kind: "read", notBefore: now, now, unreported: [] });

    // Assess: each send went when its write came back; the slots were reserved ahead by the writes' running
    // average (0, 4, 6, 7 ms), so the last send went 5 ms before its slot, and the next environment spaces
    // around the slot.
    expect(sent).toEqual([8, 8, 8, 2]);
    expect(recorded).toEqual([0, 1_004, 2_006, 3_007]);
    expect(fromB.at).toBe(START + 3_007 + SHARED_LIMITS.minIntervalMs + SHARED_LIMITS.marginMs);
  });

  it("reads back what it stored, and reads anything unreadable as no sends", () => {
    let state = emptyBudgetState();
    for (const [kind, at, env] of [
      ["read", START, "a"],
      ["write", START + 200, "b"],
      ["read", START + 400, "a"],
    ] as const)
      state = recordIn(state, kind, at, env, SHARED_LIMITS);

    const again = parseBudgetState(serializeBudgetState(state));

    expect(again).toEqual(state);
    expect(earliestIn(again, "read", START, SHARED_LIMITS)).toBe(START + 400 + 120);
    for (const bad of ["", "{", "null", '{"b":"x"}', '{"b":1,"s":[["x",0]]}'])
      expect(parseBudgetState(bad).sends).toEqual([]);
  });
});
