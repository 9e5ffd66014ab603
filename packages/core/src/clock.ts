/** The time source of core code: passed in, never read from globals, so tests can fix it. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /**
   * A signal that aborts `ms` from now on this clock: the timer of every `Deadline`. Default a real timer
   * (`AbortSignal.timeout`); a test clock moved by hand aborts it when moved that far, so a test decides
   * when a budget runs out.
   */
  timeout?(ms: number): AbortSignal;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A signal that aborts `ms` from now on `clock`: on its own timer when it has one, else a real one. */
export function timeoutSignal(clock: Clock, ms: number): AbortSignal {
  return clock.timeout ? clock.timeout(ms) : AbortSignal.timeout(ms);
}

/**
 * Runs `fire` once `ms` have passed on `clock`: on its own timer when it has one (`Clock.timeout`), else on a
 * real one. Returns the cancel.
 */
export function afterMs(clock: Clock, ms: number, fire: () => void): () => void {
  if (!clock.timeout) {
    const timer = setTimeout(fire, ms);
    return () => clearTimeout(timer);
  }
  const signal = clock.timeout(ms);
  let cancelled = false;
  const run = () => {
    if (!cancelled) fire();
  };
  // Never at once, like a real timer of 0 ms.
  if (signal.aborted) queueMicrotask(run);
  else signal.addEventListener("abort", run, { once: true });
  return () => {
    cancelled = true;
    signal.removeEventListener("abort", run);
  };
}
