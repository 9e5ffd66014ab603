import type { Clock } from "../clock";
import type { RateLimiterOptions, Sleep } from "./client-types";
import type { CallContext } from "./timing";

/** Spaces the client's requests so that Nexudus never counts too many. */
export interface RateLimiter {
  /**
   * Waits for the request's turn and resolves when it may be sent, at once. Throws `hooks.paced(waitMs)`
   * without waiting when the turn would come after the call's deadline, `hooks.aborted()` when the signal
   * fires. Several requests may be in flight: only their send times are spaced.
   */
  acquire(ctx: CallContext, hooks: LimiterHooks, kind?: RequestKind): Promise<void>;
}

/** Writes (PUT/POST/DELETE on `/sys`) have caps of their own besides those of every request. */
export type RequestKind = "read" | "write";

export interface LimiterHooks {
  paced(waitMs: number): Error;
  aborted(): Error;
  /** Told before each wait the limiter chooses (for the logger). */
  onWait(ms: number): void;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Nexudus's published limits (per API user): every method, then writes. The one place they live. */
export const NEXUDUS_LIMITS = Object.freeze({
  minIntervalMs: 100,
  perMinute: 120,
  perHour: 5_000,
  perDay: 200_000,
  writesPerMinute: 60,
  writesPerDay: 5_000,
});

/**
 * Added to every spacing: the limiter sees send times, Nexudus counts arrivals, and two requests sent
 * 100 ms apart can arrive a little closer when the first one is slowed on its way.
 */
export const DEFAULT_MARGIN_MS = 20;

/**
 * With a shared budget, an environment sends without asking it while its sends of the last minute, those
 * queued and the others' last known ones stay below this: a command's few requests never wait for the
 * table. The shared budget keeps this much of the minute in reserve for such sends (`SHARED_LIMITS`).
 */
export const DEFAULT_CONSULT_ABOVE_PER_MINUTE = 12;

/** A send gives up at most this many reserved slots that it reached too late. */
const MAX_LATE_SLOTS = 3;

/** Sends made without asking, kept to be reported at the next reservation (the day's caps count them). */
const MAX_UNREPORTED = 1_000;

/** The client's default limiter: the published limits. */
export const DEFAULT_LIMITS: RateLimiterOptions = { ...NEXUDUS_LIMITS };

/** Send times of one kind in one window, oldest first, keeping only the last `cap` of them. */
class SendLog {
  #times: number[] = [];
  #head = 0;
  constructor(readonly cap: number) {}

  add(t: number): void {
    this.#times.push(t);
    if (this.#times.length - this.#head > this.cap) this.#head += 1;
    if (this.#head > 4096 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }

  get size(): number {
    return this.#times.length - this.#head;
  }

  /** How many of the kept sends are after `t`. */
  countAfter(t: number): number {
    let n = 0;
    while (n < this.size && (this.recent(n + 1) ?? t) > t) n += 1;
    return n;
  }

  /** The `k`-th most recent send (1 = the last), or undefined. */
  recent(k: number): number | undefined {
    const i = this.#times.length - k;
    return i >= this.#head ? this.#times[i] : undefined;
  }
}

interface Window {
  log: SendLog;
  spanMs: number;
}

interface Projected {
  kind: RequestKind;
  at: number;
}

interface Waiter {
  kind: RequestKind;
  wake: () => void;
}

/**
 * A limiter for one client (one API user). Nexudus counts arrivals: one per 100 ms, 120 a minute, 5,000 an
 * hour, 200,000 a day, and writes 60 a minute and 5,000 a day. Requests are admitted one after another in
 * arrival order (FIFO), each when every rolling window has room and at least `minIntervalMs + marginMs`
 * after the previous send; they are then in flight together. The head of the queue re-reads the clock
 * after each wait, so a late timer (or a virtual clock in tests) can never bunch two sends together.
 *
 * Several Lambda environments share one API user's limits. `shared` plugs in a budget common to all of them
 * (a cell in the table): once this environment's last minute, its queue and the others' last known sends
 * reach `consultAbovePerMinute`, each send is reserved there (which also reports the sends made without
 * asking); below that, nothing waits for the table. What the others sent is learned from each
 * reservation (nothing runs in the background).
 */
export function createRateLimiter(options: RateLimiterOptions, clock: Clock, sleep: Sleep): RateLimiter {
  const interval = Math.max(0, options.minIntervalMs ?? NEXUDUS_LIMITS.minIntervalMs);
  const margin = Math.max(0, options.marginMs ?? DEFAULT_MARGIN_MS);
  const minute = options.windowMs ?? MINUTE;
  const cap = (value: number | undefined, fallback: number) => Math.max(1, Math.floor(value ?? fallback));
  const window = (limit: number, spanMs: number): Window => ({ log: new SendLog(limit), spanMs });
  const all: Window[] = [
    window(cap(options.perMinute, NEXUDUS_LIMITS.perMinute), minute),
    window(cap(options.perHour, NEXUDUS_LIMITS.perHour), HOUR),
    window(cap(options.perDay, NEXUDUS_LIMITS.perDay), DAY),
  ];
  const writes: Window[] = [
    window(cap(options.writesPerMinute, NEXUDUS_LIMITS.writesPerMinute), minute),
    window(cap(options.writesPerDay, NEXUDUS_LIMITS.writesPerDay), DAY),
  ];
  const shared = options.shared;
  const consultAbove = Math.max(1, shared?.consultAbovePerMinute ?? DEFAULT_CONSULT_ABOVE_PER_MINUTE);
  /** The others' sends in the minute before `othersAt`, as last learned. */
  let others = 0;
  let othersAt: number | undefined;
  let unreported: Projected[] = [];
  let lastSend: number | undefined;
  const queue: Waiter[] = [];

  /** Earliest send time for `kind`, were the `ahead` sends (projected, ascending) made first. */
  function earliest(kind: RequestKind, from: number, ahead: readonly Projected[] = []): number {
    let at = from;
    const last = ahead.length > 0 ? ahead[ahead.length - 1]?.at : lastSend;
    if (last !== undefined) at = Math.max(at, last + interval + margin);
    const aheadWrites = ahead.filter((p) => p.kind === "write");
    const bound = (w: Window, extra: readonly Projected[]) => {
      // The window has room once its `cap`-th most recent send has left it.
      const k = w.log.cap;
      const oldest = k <= extra.length ? extra[extra.length - k]?.at : w.log.recent(k - extra.length);
      if (oldest !== undefined) at = Math.max(at, oldest + w.spanMs + margin);
    };
    for (const w of all) bound(w, ahead);
    if (kind === "write") for (const w of writes) bound(w, aheadWrites);
    return at;
  }

  /** When a request joining the queue now would go, were nothing to change. */
  function projected(kind: RequestKind): number {
    const now = clock.now();
    const ahead: Projected[] = [];
    for (const w of queue) ahead.push({ kind: w.kind, at: earliest(w.kind, now, ahead) });
    return earliest(kind, now, ahead);
  }

  function record(kind: RequestKind, at: number): void {
    lastSend = at;
    for (const w of all) w.log.add(at);
    if (kind === "write") for (const w of writes) w.log.add(at);
  }

  function leave(waiter: Waiter): void {
    const i = queue.indexOf(waiter);
    if (i < 0) return;
    queue.splice(i, 1);
    if (i === 0) queue[0]?.wake();
  }

  function learn(count: number, at: number): void {
    others = count;
    othersAt = at;
  }

  /** This environment's last minute, its queue and the others' last known minute (forgotten once stale). */
  function nearLimit(now: number): boolean {
    const known = othersAt !== undefined && now - othersAt < minute ? others : 0;
    return (all[0]?.log.countAfter(now - minute) ?? 0) + queue.length + known >= consultAbove;
  }

  /**
   * The shared budget's slot for this send (`at`) and when it may go (`from`, never after `at`), or
   * `undefined` when the budget could not be asked.
   */
  async function reserve(
    kind: RequestKind,
    now: number,
    release?: Projected,
  ): Promise<{ at: number; from: number } | undefined> {
    if (!shared) return undefined;
    const report = unreported;
    unreported = [];
    try {
      const answer = await shared.budget.reserve({
        kind,
        notBefore: now,
        now,
        unreported: report,
        ...(release ? { release } : {}),
      });
      learn(answer.others, now);
      return { at: answer.at, from: Math.min(answer.at, answer.from ?? answer.at) };
    } catch (error) {
      unreported = [...report, ...unreported];
      shared.onError?.(error);
      return undefined;
    }
  }

  async function wait(ms: number, ctx: CallContext, hooks: LimiterHooks): Promise<void> {
    hooks.onWait(ms);
    try {
      await sleep(ms, ctx.signal);
    } catch (error) {
      if (ctx.signal?.aborted) throw hooks.aborted();
      throw error;
    }
  }

  function send(waiter: Waiter, at: number, reported: boolean): void {
    record(waiter.kind, at);
    if (shared && !reported) {
      unreported.push({ kind: waiter.kind, at });
      if (unreported.length > MAX_UNREPORTED) unreported = unreported.slice(-MAX_UNREPORTED);
    }
    // Out of the queue at once: the next one's projection must not count this send twice.
    leave(waiter);
  }

  async function take(waiter: Waiter, ctx: CallContext, hooks: LimiterHooks): Promise<void> {
    const { kind } = waiter;
    for (;;) {
      if (ctx.signal?.aborted) throw hooks.aborted();
      const now = clock.now();
      const at = earliest(kind, now);
      if (at > now) {
        if (ctx.deadline !== undefined && at > ctx.deadline) throw hooks.paced(at - now);
        await wait(at - now, ctx, hooks);
        continue;
      }
      // Callers let go together (a burst's pages, the requests that waited for a token) join the queue
      // before it is weighed (a microtask: a macrotask turn here reorders what awaits the request).
      if (shared) await Promise.resolve();
      let reserved = shared && nearLimit(now) ? await reserve(kind, now) : undefined;
      for (let late = 0; reserved !== undefined; late++) {
        // Reserved: the slot is this environment's (others space around it), so it is waited for even
        // though the queue behind it waits too; past the deadline, the request is paced like any other.
        // It may go from `from` on: before its slot, it is only further from the next environment's.
        const left = reserved.from - clock.now();
        if (ctx.deadline !== undefined && reserved.from > ctx.deadline) throw hooks.paced(Math.max(0, left));
        if (left > 0) await wait(left, ctx, hooks);
        // Reached too late to keep (a slow table, a late timer, a busy CPU), the slot is given up for the
        // next free one: sent now, it could arrive too close to the next environment's. Whether one is near
        // cannot be known without the table: any environment that reserved since spaced its slot from this
        // one's, and may send 120 ms after it; what this reservation's write saw cannot say (it found no
        // slot after this one, by construction). So the check is the next reservation itself, one
        // conditional write (no read while no one else wrote since), and it takes the given-up slot out of
        // the cell: the next slot is spaced from the sends that happened, not pushed 120 ms past this one,
        // and with no environment near it is the moment the write comes back.
        if (clock.now() <= reserved.at + margin / 2 || late >= MAX_LATE_SLOTS) break;
        reserved = await reserve(kind, clock.now(), { kind, at: reserved.at });
      }
      // Recorded at its slot even when sent before it: the next send is spaced from what the others see.
      send(waiter, Math.max(clock.now(), reserved?.at ?? now), reserved !== undefined);
      return;
    }
  }

  return {
    async acquire(ctx, hooks, kind = "read") {
      if (ctx.signal?.aborted) throw hooks.aborted();
      if (ctx.deadline !== undefined) {
        const at = projected(kind);
        if (at > ctx.deadline) throw hooks.paced(at - clock.now());
      }
      let wake: () => void = () => {};
      const turn = new Promise<void>((resolve) => {
        wake = resolve;
      });
      const waiter: Waiter = { kind, wake };
      queue.push(waiter);
      // Wakes a waiter still queued so that it sees the abort; `finally` takes it out of the queue.
      const onAbort = () => wake();
      ctx.signal?.addEventListener("abort", onAbort, { once: true });
      try {
        if (queue[0] !== waiter) {
          await turn;
          if (ctx.signal?.aborted) throw hooks.aborted();
        }
        await take(waiter, ctx, hooks);
      } finally {
        ctx.signal?.removeEventListener("abort", onAbort);
        leave(waiter);
      }
    },
  };
}
