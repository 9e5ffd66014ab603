import type { Clock } from "../clock";
import type { RateLimiterOptions, Sleep } from "./client-types";
import { type CallContext, within } from "./timing";

/** Lets one request at a time go, spaced so that Nexudus cannot count too many. */
export interface RateLimiter {
  /**
   * Waits for the turn to send (throwing `timeout()` at once if it cannot come before the deadline) and
   * returns the function to call when the exchange is over, answered or not.
   */
  acquire(ctx: CallContext, hooks: LimiterHooks): Promise<() => void>;
}

export interface LimiterHooks {
  timeout(): Error;
  aborted(): Error;
  /** Told before each wait the limiter chooses (for the logger). */
  onWait(ms: number): void;
}

/** The published Nexudus limits for all methods. */
export const DEFAULT_LIMITS: RateLimiterOptions = { minIntervalMs: 100, perMinute: 120 };

/**
 * A limiter for one client. Nexudus counts requests when they arrive, which the client cannot see; what it
 * can see is that a request has arrived once its answer is back. So spacing is measured from the end of
 * the previous exchange (and the window from the end of the exchange `perMinute` back), and only one
 * request is in flight at a time: arrival times then provably keep to the limits, whatever the latency.
 */
export function createRateLimiter(options: RateLimiterOptions, clock: Clock, sleep: Sleep): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  const margin = options.marginMs ?? 0;
  const quota = Math.max(1, Math.floor(options.perMinute));
  // End times of the last `quota` exchanges, ascending.
  const ended: number[] = [];
  let busy = false;
  let waiting: Array<() => void> = [];

  function earliest(): number {
    let at = Number.NEGATIVE_INFINITY;
    const last = ended[ended.length - 1];
    if (last !== undefined) at = last + options.minIntervalMs + margin;
    const oldest = ended.length >= quota ? ended[ended.length - quota] : undefined;
    if (oldest !== undefined) at = Math.max(at, oldest + windowMs + margin);
    return at;
  }

  function release(): void {
    busy = false;
    ended.push(clock.now());
    if (ended.length > quota) ended.splice(0, ended.length - quota);
    const wake = waiting;
    waiting = [];
    for (const resolve of wake) resolve();
  }

  return {
    async acquire(ctx, hooks) {
      for (;;) {
        if (ctx.signal?.aborted) throw hooks.aborted();
        if (busy) {
          // Another request is in flight: wait for its end, within this caller's deadline.
          await within(new Promise<void>((resolve) => waiting.push(resolve)), ctx, clock, hooks);
          continue;
        }
        const now = clock.now();
        const at = earliest();
        if (at <= now) {
          busy = true;
          let done = false;
          return () => {
            if (done) return;
            done = true;
            release();
          };
        }
        if (ctx.deadline !== undefined && at > ctx.deadline) throw hooks.timeout();
        hooks.onWait(at - now);
        try {
          await sleep(at - now, ctx.signal);
        } catch (error) {
          if (ctx.signal?.aborted) throw hooks.aborted();
          throw error;
        }
      }
    },
  };
}
