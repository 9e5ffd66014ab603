import { NexudusPacedError, type Sleep } from "@nwh/core/nexudus";
import { SHARED_LIMITS, sharedRateBudget, type VersionedCell } from "@nwh/core/store";
import { describe, expect, it } from "vitest";
import { createRateLimiter, type LimiterHooks } from "../../src/nexudus/rate-limiter";
import {
  earliestIn,
  emptyBudgetState,
  parseBudgetState,
  recordIn,
  releaseIn,
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

/**
 * The cell behind a table whose writes take a while: `before` ms until the write is applied, `after` ms
 * until its answer is back (a slow table, or a pause in the process that waits for it). Reads take `read` ms.
 */
function slowCell(
  cell: VersionedCell,
  sleep: Sleep,
  write: () => { before: number; after: number },
  read: () => number = () => 0,
): VersionedCell {
  return {
    async read() {
      await sleep(read());
      return cell.read();
    },
    async write(value, expected, ttlMs) {
      const { before, after } = write();
      await sleep(before);
      const written = await cell.write(value, expected, ttlMs);
      await sleep(after);
      return written;
    },
  };
}

/** A small seeded generator (a linear congruential one), so that a random run can be run again. Returns [0, 1). */
function seeded(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0;
    return x / 2 ** 32;
  };
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

  it("sends at once when a write came back late and no other environment is near: the slot given up is taken out", async () => {
    // Prepare: one environment that reserves every send; its first write comes back 30 ms after it started
    // (its slot, reserved 0 ms ahead, is then 30 ms past), the next ones after 2 ms.
    const time = sharedVirtualTime(START);
    const cell = memoryCell(time.clock);
    const afters = [30];
    const a = sharedRateBudget({
      cell: slowCell(cell, time.sleep, () => ({ before: 0, after: afters.shift() ?? 2 })),
      env: "a",
      clock: time.clock,
      sleep: time.sleep,
    });
    const limiter = createRateLimiter(
      { shared: { budget: a, consultAbovePerMinute: 1 } },
      time.clock,
      time.sleep,
    );

    // Act
    await limiter.acquire({ startedAt: START }, hooks);
    const sentAt = time.clock.now() - START;
    const state = parseBudgetState((await cell.read())?.value ?? "");

    // Assess: sent when the second reservation's write came back (30 + 2 ms), not 120 ms after the slot
    // given up; the cell counts one send, at the slot kept (reserved ahead by twice the late one's 30 ms).
    expect(sentAt).toBe(32);
    expect(state.sends).toEqual([[START + 30 + 60, "a"]]);
    expect(state.hour).toEqual([[Math.floor((START + 90) / MINUTE), 1]]);
    expect(state.day).toEqual([[Math.floor((START + 90) / HOUR), 1]]);
  });

  it("re-reserves a late slot from the sends that happened: 120 ms after another environment's, not after its own given up", async () => {
    // Prepare: B has sent at START; A asks 50 ms later, so its slot is START + 120, but its write comes back
    // at START + 150 (late).
    const time = sharedVirtualTime(START);
    const cell = memoryCell(time.clock);
    const b = sharedRateBudget({ cell, env: "b", clock: time.clock, sleep: time.sleep });
    await b.reserve({ kind: "read", notBefore: START, now: START, unreported: [] });
    await time.sleep(50);
    const afters = [100];
    const a = sharedRateBudget({
      cell: slowCell(cell, time.sleep, () => ({ before: 0, after: afters.shift() ?? 2 })),
      env: "a",
      clock: time.clock,
      sleep: time.sleep,
    });
    const limiter = createRateLimiter(
      { shared: { budget: a, consultAbovePerMinute: 1 } },
      time.clock,
      time.sleep,
    );

    // Act
    await limiter.acquire({ startedAt: START + 50 }, hooks);
    const sentAt = time.clock.now() - START;
    const state = parseBudgetState((await cell.read())?.value ?? "");

    // Assess: sent when the second write came back (150 + 2 ms), which is more than 120 ms after B's send
    // (main's code waited until 240, 120 ms after the slot it gave up); its slot, the only one of A's,
    // reserved ahead by twice the 100 ms the late one took.
    expect(sentAt).toBe(152);
    expect(sentAt).toBeGreaterThanOrEqual(SHARED_LIMITS.minIntervalMs + SHARED_LIMITS.marginMs);
    expect(state.sends.map(([t, e]) => [t - START, e])).toEqual([
      [0, "b"],
      [150 + 200, "a"],
    ]);
  });

  it("never sends a late slot when another environment reserved after it: waits 120 ms after that one", async () => {
    // Prepare: A's write is applied at once but its answer comes back 40 ms later; meanwhile B reserves
    // (120 ms after A's slot, since it sees it) and sends on time.
    const time = sharedVirtualTime(START);
    const cell = memoryCell(time.clock);
    const afters = [40];
    const a = sharedRateBudget({
      cell: slowCell(cell, time.sleep, () => ({ before: 0, after: afters.shift() ?? 2 })),
      env: "a",
      clock: time.clock,
      sleep: time.sleep,
    });
    const b = sharedRateBudget({ cell, env: "b", clock: time.clock, sleep: time.sleep });
    const limiter = createRateLimiter(
      { shared: { budget: a, consultAbovePerMinute: 1 } },
      time.clock,
      time.sleep,
    );

    // Act
    const fromA = limiter.acquire({ startedAt: START }, hooks).then(() => time.clock.now() - START);
    await time.sleep(5);
    const fromB = await b.reserve({ kind: "read", notBefore: START + 5, now: START + 5, unreported: [] });
    const sentAt = await fromA;
    const state = parseBudgetState((await cell.read())?.value ?? "");

    // Assess: sent 40 ms after its slot, A would have gone 80 ms before B's send; it gave the slot up and
    // went 120 ms after B's, and the cell counts each environment's send once.
    expect(fromB.at - START).toBe(120);
    expect(sentAt).toBe(240);
    expect(state.sends.map(([t, e]) => [t - START, e])).toEqual([
      [120, "b"],
      [240, "a"],
    ]);
  });

  it("keeps a slot when the table slows down: the one after a late slot is reserved ahead for a write twice as slow", async () => {
    // Prepare: A's writes come back slower each time (40, 80, 160, 320 ms): with slots reserved ahead by
    // the writes' running average only, each would be late in turn, and the fourth sent late anyway.
    const time = sharedVirtualTime(START);
    const cell = memoryCell(time.clock);
    const afters = [40, 80, 160, 320];
    const a = sharedRateBudget({
      cell: slowCell(cell, time.sleep, () => ({ before: 0, after: afters.shift() ?? 2 })),
      env: "a",
      clock: time.clock,
      sleep: time.sleep,
    });
    const b = sharedRateBudget({ cell, env: "b", clock: time.clock, sleep: time.sleep });
    const limiter = createRateLimiter(
      { shared: { budget: a, consultAbovePerMinute: 1 } },
      time.clock,
      time.sleep,
    );

    // Act: A sends once; B asks as soon as A has sent.
    await limiter.acquire({ startedAt: START }, hooks);
    const sentAt = time.clock.now() - START;
    const now = time.clock.now();
    const fromB = await b.reserve({ kind: "read", notBefore: now, now, unreported: [] });

    // Assess: the second slot, 80 ms ahead of its write, was kept when it came back; B's is 120 ms after it.
    expect(sentAt).toBe(40 + 80);
    expect(fromB.at - START).toBe(sentAt + SHARED_LIMITS.minIntervalMs + SHARED_LIMITS.marginMs);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    "keeps four environments 110 ms apart and within the minute, whatever their writes take (0-120 ms, seed %i)",
    async (seed) => {
      // Prepare: each write is applied and answered at random within 120 ms, each read within 20 ms.
      const random = seeded(seed);
      const time = sharedVirtualTime(START);
      const cell = memoryCell(time.clock);
      const write = () => {
        const total = Math.round(random() * 120);
        const before = Math.round(random() * total);
        return { before, after: total - before };
      };
      const read = () => Math.round(random() * 20);
      const sent: number[] = [];
      const environments = Array.from({ length: 4 }, (_, i) =>
        createRateLimiter(
          {
            shared: {
              budget: sharedRateBudget({
                cell: slowCell(cell, time.sleep, write, read),
                env: `env${i}`,
                clock: time.clock,
                sleep: time.sleep,
                random,
              }),
            },
          },
          time.clock,
          time.sleep,
        ),
      );

      // Act: 40 requests each, all in flight at once.
      await Promise.all(
        environments.flatMap((limiter) =>
          Array.from({ length: 40 }, async () => {
            await limiter.acquire({ startedAt: START }, hooks);
            sent.push(time.clock.now());
          }),
        ),
      );
      const state = parseBudgetState((await cell.read())?.value ?? "");

      // Assess: every send kept the spacing (a slot is kept up to half the margin late) and the minute,
      // and the cell counts each send once (no slot given up is left in it).
      sent.sort((x, y) => x - y);
      expect(sent).toHaveLength(160);
      const gaps = sent.slice(1).map((t, i) => t - sent[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(
        SHARED_LIMITS.minIntervalMs + SHARED_LIMITS.marginMs / 2,
      );
      expect(busiest(sent, MINUTE)).toBeLessThanOrEqual(SHARED_LIMITS.perMinute);
      expect(state.day.reduce((n, [, c]) => n + c, 0)).toBe(160);
    },
  );

  it("takes a slot given up out as if it had never been reserved, a send reported meanwhile included", () => {
    // Prepare: a minute of 3 sends (b's, shrunk), full; A reserves the next slot (once the first has left
    // the minute); then C reports a send it made without asking.
    const limits = { ...SHARED_LIMITS, perMinute: 3, writesPerMinute: 3 };
    let before = emptyBudgetState();
    for (const at of [0, 1_000, 2_000]) before = recordIn(before, "write", START + at, "b", limits);
    const slot = earliestIn(before, "write", START + 2_500, limits);
    const reported = (state: typeof before) => recordIn(state, "read", START + 3_000, "c", limits);

    // Act
    const released = releaseIn(reported(recordIn(before, "write", slot, "a", limits)), "write", slot, "a");
    const again = releaseIn(released, "write", slot, "a");

    // Assess: the minute's first send is still there to space the next slot from (its oldest send but one
    // leaves the window first), the counts are those without the slot, and a second take-out changes nothing.
    const never = reported(before);
    expect(slot).toBe(START + MINUTE + SHARED_LIMITS.marginMs);
    expect(earliestIn(released, "write", slot, limits)).toBe(START + 1_000 + MINUTE + SHARED_LIMITS.marginMs);
    expect(earliestIn(released, "write", slot, limits)).toBe(earliestIn(never, "write", slot, limits));
    expect([released.hour, released.day, released.writeDay]).toEqual([never.hour, never.day, never.writeDay]);
    expect(released.sends.some(([, e]) => e === "a")).toBe(false);
    expect(again).toEqual(released);
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
