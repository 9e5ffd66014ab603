import { NEXUDUS_LIMITS } from "@nwh/core/nexudus";
import type { RateLimitOptions } from "./types";

/** Nexudus's published limits, per client: the same figures the client keeps to (one source of truth). */
export const PUBLISHED_LIMITS: Readonly<Required<RateLimitOptions>> = Object.freeze({ ...NEXUDUS_LIMITS });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Request times of one client in a window, oldest first; old entries are dropped lazily. */
class TimeLog {
  #times: number[] = [];
  #head = 0;

  add(t: number): void {
    this.#times.push(t);
  }

  /** Drops entries at or before `cutoff`. */
  prune(cutoff: number): void {
    while (this.#head < this.#times.length && this.#times[this.#head]! <= cutoff) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Index (relative to the oldest kept entry) of the first entry after `cutoff`, and the count from it. */
  countAfter(cutoff: number): { count: number; oldest: number | undefined } {
    let lo = this.#head;
    let hi = this.#times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#times[mid]! <= cutoff) lo = mid + 1;
      else hi = mid;
    }
    return { count: this.#times.length - lo, oldest: this.#times[lo] };
  }

  get last(): number | undefined {
    return this.#times.length > this.#head ? this.#times[this.#times.length - 1] : undefined;
  }
}

interface ClientLog {
  all: TimeLog;
  writes: TimeLog;
}

/** Sliding-window limits per client. Throttled requests do not count against the client. */
export class RateLimiter {
  readonly #clients = new Map<string, ClientLog>();
  readonly #limits: Required<RateLimitOptions>;

  constructor(
    limits: RateLimitOptions,
    private readonly now: () => number,
  ) {
    this.#limits = { ...PUBLISHED_LIMITS, ...limits };
  }

  /**
   * Counts a request of `client` that arrived `at` (default now), or refuses it: returns undefined when
   * allowed, else the milliseconds after which the refused request would have been allowed.
   */
  take(client: string, isWrite: boolean, at?: number): number | undefined {
    const now = at ?? this.now();
    let log = this.#clients.get(client);
    if (!log) {
      log = { all: new TimeLog(), writes: new TimeLog() };
      this.#clients.set(client, log);
    }
    log.all.prune(now - DAY);
    log.writes.prune(now - DAY);
    const waits: number[] = [];
    const last = log.all.last;
    if (last !== undefined && now - last < this.#limits.minIntervalMs) {
      waits.push(last + this.#limits.minIntervalMs - now);
    }
    const windows: Array<[TimeLog, number, number]> = [
      [log.all, MINUTE, this.#limits.perMinute],
      [log.all, HOUR, this.#limits.perHour],
      [log.all, DAY, this.#limits.perDay],
    ];
    if (isWrite) {
      windows.push([log.writes, MINUTE, this.#limits.writesPerMinute]);
      windows.push([log.writes, DAY, this.#limits.writesPerDay]);
    }
    for (const [times, span, limit] of windows) {
      const { count, oldest } = times.countAfter(now - span);
      if (count >= limit && oldest !== undefined) waits.push(oldest + span - now);
      else if (count >= limit) waits.push(span);
    }
    if (waits.length) return Math.max(1, ...waits);
    log.all.add(now);
    if (isWrite) log.writes.add(now);
    return undefined;
  }
}
