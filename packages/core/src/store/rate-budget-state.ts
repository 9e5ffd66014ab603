import type { RequestKind } from "../nexudus/rate-limiter";

/** The limits the shared budget keeps for every environment together (see `NEXUDUS_LIMITS`). */
export interface BudgetLimits {
  minIntervalMs: number;
  /** Added to every spacing (arrival jitter), as the local limiter does. */
  marginMs: number;
  /** The minute windows' length (60 000 unless a test shrinks it). */
  windowMs: number;
  perMinute: number;
  perHour: number;
  perDay: number;
  writesPerMinute: number;
  writesPerDay: number;
}

/**
 * What every environment has sent lately. The minute windows are exact (the last sends themselves); the
 * hour and the day are kept as counts per minute and per hour, read conservatively (a bucket counts as
 * long as any part of it is inside the window), so the item stays a few kilobytes.
 */
export interface BudgetState {
  /**
   * The last `perMinute` + 1 sends of every environment, oldest first: [epoch ms, environment]. One more
   * than the window needs, so that once a slot given up is taken out (`releaseIn`), the last `perMinute`
   * are still all there.
   */
  sends: Array<[number, string]>;
  /** The last `writesPerMinute` + 1 writes, oldest first (one spare, as for `sends`). */
  writes: number[];
  /** [minute index, sends] over the last hour. */
  hour: Array<[number, number]>;
  /** [hour index, sends] and [hour index, writes] over the last day. */
  day: Array<[number, number]>;
  writeDay: Array<[number, number]>;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** No sends yet. */
export function emptyBudgetState(): BudgetState {
  return { sends: [], writes: [], hour: [], day: [], writeDay: [] };
}

const isPair = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && Number.isFinite(v[0]) && Number.isFinite(v[1]);

/**
 * The state from its stored text (times relative to a base, environments by index). Anything unreadable
 * reads as no sends: each environment's own limiter still keeps every cap for its own sends.
 */
export function parseBudgetState(text: string): BudgetState {
  try {
    const raw = JSON.parse(text) as {
      b?: unknown;
      e?: unknown;
      s?: unknown;
      w?: unknown;
      h?: unknown;
      d?: unknown;
      dw?: unknown;
    };
    const base = Number(raw.b);
    const envs = Array.isArray(raw.e) ? raw.e.map(String) : [];
    if (!Number.isFinite(base)) return emptyBudgetState();
    const pairs = (v: unknown) => (Array.isArray(v) ? v.filter(isPair) : []);
    return {
      sends: pairs(raw.s)
        .filter(([, e]) => envs[e] !== undefined)
        .map(([d, e]) => [base + d, envs[e] as string]),
      writes: (Array.isArray(raw.w) ? raw.w.filter(Number.isFinite) : []).map((d: number) => base + d),
      hour: pairs(raw.h),
      day: pairs(raw.d),
      writeDay: pairs(raw.dw),
    };
  } catch {
    return emptyBudgetState();
  }
}

/** The state as stored: compact (a few kilobytes at most). */
export function serializeBudgetState(state: BudgetState): string {
  const base = state.sends[0]?.[0] ?? state.writes[0] ?? 0;
  const envs = [...new Set(state.sends.map(([, e]) => e))];
  return JSON.stringify({
    b: base,
    e: envs,
    s: state.sends.map(([t, e]) => [t - base, envs.indexOf(e)]),
    w: state.writes.map((t) => t - base),
    h: state.hour,
    d: state.day,
    dw: state.writeDay,
  });
}

/** The earliest time ≥ `t` at which the buckets hold fewer than `cap` sends in the `spanMs` before it. */
function bucketsAllow(
  buckets: Array<[number, number]>,
  bucketMs: number,
  spanMs: number,
  cap: number,
  t: number,
) {
  let at = t;
  const counted = buckets.filter(([i]) => (i + 1) * bucketMs > at - spanMs);
  let sum = counted.reduce((n, [, c]) => n + c, 0);
  for (const [i, c] of counted) {
    if (sum < cap) break;
    // This bucket leaves the window entirely once its end is a whole span ago.
    at = Math.max(at, (i + 1) * bucketMs + spanMs);
    sum -= c;
  }
  return at;
}

/**
 * The earliest send time ≥ `from` that keeps every limit for every environment together: after the last
 * send (reserved times included) by the spacing, and within each window. Sends are appended in time order,
 * so a later one never slips between two earlier ones.
 */
export function earliestIn(
  state: BudgetState,
  kind: RequestKind,
  from: number,
  limits: BudgetLimits,
): number {
  const { marginMs: margin } = limits;
  let at = from;
  for (let pass = 0; pass < 4; pass++) {
    const before = at;
    const last = state.sends.at(-1)?.[0];
    if (last !== undefined) at = Math.max(at, last + limits.minIntervalMs + margin);
    const k = state.sends.length - limits.perMinute;
    if (k >= 0) at = Math.max(at, (state.sends[k]?.[0] ?? 0) + limits.windowMs + margin);
    at = bucketsAllow(state.hour, MINUTE_MS, HOUR_MS, limits.perHour, at);
    at = bucketsAllow(state.day, HOUR_MS, DAY_MS, limits.perDay, at);
    if (kind === "write") {
      const w = state.writes.length - limits.writesPerMinute;
      if (w >= 0) at = Math.max(at, (state.writes[w] ?? 0) + limits.windowMs + margin);
      at = bucketsAllow(state.writeDay, HOUR_MS, DAY_MS, limits.writesPerDay, at);
    }
    if (at === before) break;
  }
  return at;
}

/**
 * Kept beyond each minute window's cap. The lists are the most recent sends of all that were recorded; taking
 * one out leaves one fewer, and with no spare the window's oldest send would be missing until the next one
 * is recorded. One is enough: a reservation takes out at most one slot, in the same write that records a
 * newer one, so the lists are full again once it is written.
 */
const SPARE = 1;

/** New pairs, not the state's own: a state recorded into stays what it was. */
function bump(buckets: Array<[number, number]>, index: number, keepFrom: number): Array<[number, number]> {
  const out = buckets
    .filter(([i]) => i >= keepFrom)
    .map(([i, c]): [number, number] => [i, i === index ? c + 1 : c]);
  if (!out.some(([i]) => i === index)) {
    out.push([index, 1]);
    out.sort((a, b) => a[0] - b[0]);
  }
  return out;
}

/** Records a send of `kind` by `env` at `at` (a reserved time, or one made earlier without asking). */
export function recordIn(
  state: BudgetState,
  kind: RequestKind,
  at: number,
  env: string,
  limits: BudgetLimits,
): BudgetState {
  const sends = [...state.sends, [at, env] as [number, string]].sort((a, b) => a[0] - b[0]);
  const writes = kind === "write" ? [...state.writes, at].sort((a, b) => a - b) : state.writes;
  const minute = Math.floor(at / MINUTE_MS);
  const hour = Math.floor(at / HOUR_MS);
  return {
    sends: sends.slice(-(Math.max(1, limits.perMinute) + SPARE)),
    writes: writes.slice(-(Math.max(1, limits.writesPerMinute) + SPARE)),
    hour: bump(state.hour, minute, minute - 61),
    day: bump(state.day, hour, hour - 25),
    writeDay: kind === "write" ? bump(state.writeDay, hour, hour - 25) : state.writeDay,
  };
}

/** How many sends other environments made in the minute window before `now` (or reserved after it). */
export function othersIn(state: BudgetState, env: string, now: number, limits: BudgetLimits): number {
  return state.sends.filter(([t, e]) => e !== env && t > now - limits.windowMs).length;
}

function unbump(buckets: Array<[number, number]>, index: number): Array<[number, number]> {
  return buckets.flatMap(
    ([i, c]): Array<[number, number]> => (i !== index ? [[i, c]] : c > 1 ? [[i, c - 1]] : []),
  );
}

/**
 * Takes out a slot `env` reserved at `at` and never sent (reached too late to keep): it leaves the spacing,
 * the minute windows and the hour and day counts as if it had not been reserved. Sends that went out are
 * never taken out: only the one entry of `env` at exactly `at`, and nothing when it is not there (the cell
 * was reset, or a lost answer's write already took it out), so a count is never lowered for another send.
 */
export function releaseIn(state: BudgetState, kind: RequestKind, at: number, env: string): BudgetState {
  const i = state.sends.findLastIndex(([t, e]) => t === at && e === env);
  if (i < 0) return state;
  const w = kind === "write" ? state.writes.lastIndexOf(at) : -1;
  return {
    sends: state.sends.filter((_, j) => j !== i),
    writes: w < 0 ? state.writes : state.writes.filter((_, j) => j !== w),
    hour: unbump(state.hour, Math.floor(at / MINUTE_MS)),
    day: unbump(state.day, Math.floor(at / HOUR_MS)),
    writeDay: w < 0 ? state.writeDay : unbump(state.writeDay, Math.floor(at / HOUR_MS)),
  };
}
