import { NexudusThrottleError } from "@nwh/core/nexudus";
import { isOutOfTime } from "@nwh/core/service";

/** What the work is bounded by: a deadline (epoch ms, system clock) for the Nexudus client, and a signal. */
export interface Bound {
  deadline: number;
  signal: AbortSignal;
  /** Which errors the service must throw rather than answer (running out of time, in the fast path). */
  rethrow?: (error: unknown) => boolean;
}

/**
 * What the answer budget cannot finish: the call ran out of time, or Nexudus throttled it with a
 * Retry-After the budget could not wait out (the client gives up at once rather than sleep past the
 * deadline). The worker has the time for both.
 */
export function isLateForBudget(error: unknown): boolean {
  return isOutOfTime(error) || error instanceof NexudusThrottleError;
}

/** The outcome of `withinBudget`: the value, or `late` when the budget ran out first. */
export type BudgetOutcome<T> = { late: false; value: T } | { late: true };

/**
 * Runs `work` with a time budget. When the budget runs out the work is aborted (its client calls end at
 * once) and awaited, so nothing keeps running after the Lambda answers; the caller then hands the job to
 * the worker. The work also receives the deadline, so the Nexudus client stops by itself, and `rethrow`,
 * so that "could not finish in time" reaches here as an error rather than as a message for the user.
 */
export async function withinBudget<T>(
  budgetMs: number,
  work: (bound: Bound) => Promise<T>,
  /** Errors that mean "could not finish in time" (e.g. the client saw it could not make the deadline). */
  isLate: (error: unknown) => boolean = isLateForBudget,
): Promise<BudgetOutcome<T>> {
  const controller = new AbortController();
  const deadline = Date.now() + budgetMs;
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    controller.abort();
  }, budgetMs);
  try {
    const value = await work({ deadline, signal: controller.signal, rethrow: isLate });
    // The client's own deadline may fire a moment before our timer: an answer at the deadline is late too.
    return late || Date.now() >= deadline ? { late: true } : { late: false, value };
  } catch (error) {
    if (late || Date.now() >= deadline || isLate(error)) return { late: true };
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
