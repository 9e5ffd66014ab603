import type { Clock } from "@nwh/core/clock";

/**
 * A clock that stands still until the test moves it, with the timers of every `Deadline` built on it
 * (`Clock.timeout`): a budget runs out when the test says so, never because the machine was busy.
 */
export interface TestClock extends Clock {
  timeout(ms: number): AbortSignal;
  /** Moves the clock on; every timer due by then aborts, in the order it falls due. */
  advance(ms: number): void;
  /** Moves the clock to the earliest timer not yet due and aborts it (and any due with it); false if none. */
  runNextTimer(): boolean;
  /** When each timer not yet due will abort (epoch ms, soonest first). */
  pending(): number[];
}

/** A `TestClock` starting at `start` (default the real time now, for code that compares with timestamps). */
export function testClock(start = Date.now()): TestClock {
  let now = start;
  let timers: Array<{ at: number; controller: AbortController }> = [];

  const fireDue = () => {
    const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at);
    timers = timers.filter((t) => t.at > now);
    for (const t of due) t.controller.abort(new DOMException("The deadline passed", "TimeoutError"));
  };

  return {
    now: () => now,
    timeout(ms) {
      const controller = new AbortController();
      // A deadline already passed is over at once, as a real timer of 0 ms would be a moment later.
      if (ms <= 0) controller.abort(new DOMException("The deadline passed", "TimeoutError"));
      else timers.push({ at: now + ms, controller });
      return controller.signal;
    },
    advance(ms) {
      now += ms;
      fireDue();
    },
    runNextTimer() {
      const next = Math.min(...timers.map((t) => t.at));
      if (!Number.isFinite(next)) return false;
      now = Math.max(now, next);
      fireDue();
      return true;
    },
    pending: () => timers.map((t) => t.at).sort((a, b) => a - b),
  };
}
