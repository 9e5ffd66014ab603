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
