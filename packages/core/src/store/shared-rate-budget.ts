import type { Clock } from "../clock";
import type { SharedRateBudget, Sleep } from "../nexudus/client-types";
import { DEFAULT_CONSULT_ABOVE_PER_MINUTE, DEFAULT_MARGIN_MS, NEXUDUS_LIMITS } from "../nexudus/rate-limiter";
import { timerSleep } from "../nexudus/timing";
import {
  type BudgetLimits,
  earliestIn,
  emptyBudgetState,
  othersIn,
  parseBudgetState,
  recordIn,
  releaseIn,
  serializeBudgetState,
} from "./rate-budget-state";
import type { VersionedCell } from "./versioned-cell";

/** A slow write does not push every reservation further out than this. */
const MAX_LEAD_MS = 100;
/** Nor does a slot given up push the one that replaces it further out than this (see `reserve`). */
const MAX_RETRY_LEAD_MS = 250;
/** Conflicting writers retry this many times before the request is left to its own limiter. */
const MAX_ATTEMPTS = 8;
/** The retries' random pause grows by up to this much per attempt (a table write takes a few ms). */
const RETRY_SPREAD_MS = 10;
/** The budget could not be updated: too many environments wrote at once. */
export class SharedBudgetContendedError extends Error {
  override name = "SharedBudgetContendedError";
  readonly code = "shared_budget_contended";
  constructor() {
    super(`the shared rate budget stayed contended after ${MAX_ATTEMPTS} attempts`);
  }
}

/** The item outlives the day window it counts. */
const KEEP_MS = 25 * 60 * 60_000;

/**
 * The limits every environment keeps together: Nexudus's published ones, less a minute's reserve for the
 * sends of an environment that went without asking (`DEFAULT_CONSULT_ABOVE_PER_MINUTE`).
 */
export const SHARED_LIMITS: BudgetLimits = Object.freeze({
  ...NEXUDUS_LIMITS,
  perMinute: NEXUDUS_LIMITS.perMinute - DEFAULT_CONSULT_ABOVE_PER_MINUTE,
  marginMs: DEFAULT_MARGIN_MS,
  windowMs: 60_000,
});

/**
 * One environment's handle on the request budget that every environment of an API user shares: the
 * recent sends of all of them in one cell, read and replaced with a conditional write (optimistic
 * concurrency), so that two environments never reserve the same moment and together keep the spacing and
 * every window. `env` names this environment in the cell (random by default).
 */
export function sharedRateBudget(options: {
  cell: VersionedCell;
  /** Each attempt reserves from its own time: a retried reservation is never already past. */
  clock: Clock;
  limits?: Partial<BudgetLimits>;
  env?: string;
  /** Names this environment (when `env` is not given) and spreads the retries. Default `Math.random`. */
  random?: () => number;
  /** Waits between retries. Default a timer. */
  sleep?: Sleep;
}): SharedRateBudget {
  const limits: BudgetLimits = { ...SHARED_LIMITS, ...options.limits };
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? timerSleep;
  const env = options.env ?? random().toString(36).slice(2, 8);
  const { cell, clock } = options;
  // How long a reservation's write took lately: a slot is reserved at least that far ahead, so that it is
  // not already past when the write comes back (the next environment's slot is only 120 ms later).
  let writeMs = 0;
  /** The cell as this environment last wrote it. */
  let known: { value: string; version: number; at: number } | undefined;
  /** This environment's last slot, and when the write that reserved it started. */
  let last: { at: number; started: number } | undefined;

  return {
    async look(now) {
      const current = await cell.read();
      const state = current ? parseBudgetState(current.value) : emptyBudgetState();
      return { others: othersIn(state, env, now, limits) };
    },

    async reserve({ kind, notBefore, now, unreported, release }) {
      // What this environment wrote last: while no other environment has written since, it is the cell's
      // value, so the write goes without a read first (one table round trip). The version condition says
      // whether that held; when it did not, the cell is read and the attempt made again, at once.
      // Trusted for a window only: an item that expired (a day without sends) starts its versions again,
      // and an old copy could then match a newer item's version by chance.
      let current: { value: string; version: number } | undefined =
        known && clock.now() - known.at < limits.windowMs ? known : undefined;
      // A slot given up was reached late: whatever made it late (a slow table, a busy process) is likely
      // still there, and the running average (`writeMs`) catches up slowly. So the slot that replaces it
      // is reserved ahead by twice what the late one took, from its write's start to now: a wait that
      // costs this send nothing (it goes from `from`) and delays the others' next slot once. Without it,
      // a table slowing down makes each slot late in turn, until the limiter sends on one late.
      const retryLead =
        release && last?.at === release.at
          ? Math.min(MAX_RETRY_LEAD_MS, 2 * (clock.now() - last.started))
          : 0;
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; ) {
        const fromCache = current !== undefined && current === known;
        if (!fromCache) {
          // After a conflict, a short random pause lets the writers fall out of step.
          if (attempt > 1) await sleep(Math.floor(random() * RETRY_SPREAD_MS * (attempt - 1)));
          current = await cell.read();
        }
        let state = current ? parseBudgetState(current.value) : emptyBudgetState();
        const others = othersIn(state, env, now, limits);
        // The slot given up was never sent: in the same write that reserves the next one, it stops counting,
        // or the next slot would be spaced from a send that never happened (and the windows count it twice).
        if (release) state = releaseIn(state, release.kind, release.at, env);
        for (const sent of unreported) state = recordIn(state, sent.kind, sent.at, env, limits);
        const started = clock.now();
        // The slot is recorded ahead by the write's time (see `writeMs`), but the send need not wait for
        // it: every limit already holds from `from`, and an earlier send only widens the gap to the next
        // environment's slot (sleeping until `at` cost a timer's turn on most reservations).
        const from = earliestIn(state, kind, Math.max(notBefore, started), limits);
        const at = earliestIn(state, kind, Math.max(from, started + Math.max(writeMs, retryLead)), limits);
        state = recordIn(state, kind, at, env, limits);
        const value = serializeBudgetState(state);
        const written = await cell.write(value, current?.version, KEEP_MS);
        writeMs = Math.min(MAX_LEAD_MS, Math.round((writeMs + (clock.now() - started)) / 2));
        if (written) {
          known = { value, version: (current?.version ?? 0) + 1, at: clock.now() };
          last = { at, started };
          return { at, from, others };
        }
        known = undefined;
        current = undefined;
        // A stale copy of our own write is not a conflict between writers: its retry does not count.
        if (!fromCache) attempt++;
      }
      throw new SharedBudgetContendedError();
    },
  };
}
