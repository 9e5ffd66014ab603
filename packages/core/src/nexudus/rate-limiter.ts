import type { RateLimiterOptions } from "./client-types";

/** Hands out send times that keep to a minimum spacing and a rolling-window quota. */
export interface RateLimiter {
  /**
   * Reserves the earliest allowed send time at or after `now` and returns how long to wait for it, or
   * `undefined` (reserving nothing) when that time is later than `latest`.
   */
  reserve(now: number, latest?: number): number | undefined;
}

/** The published Nexudus limits for all methods. */
export const DEFAULT_LIMITS: RateLimiterOptions = { minIntervalMs: 100, perMinute: 120 };

/**
 * A limiter for one client. Reservations are made synchronously and in order, so concurrent callers queue
 * behind each other instead of racing for the same slot.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  const margin = options.marginMs ?? 10;
  const quota = Math.max(1, Math.floor(options.perMinute));
  // The last `quota` reserved send times, ascending.
  const sent: number[] = [];
  return {
    reserve(now, latest) {
      let at = now;
      const last = sent[sent.length - 1];
      if (last !== undefined) at = Math.max(at, last + options.minIntervalMs + margin);
      const oldest = sent.length >= quota ? sent[sent.length - quota] : undefined;
      if (oldest !== undefined) at = Math.max(at, oldest + windowMs + margin);
      if (latest !== undefined && at > latest) return undefined;
      sent.push(at);
      if (sent.length > quota) sent.splice(0, sent.length - quota);
      return at - now;
    },
  };
}
