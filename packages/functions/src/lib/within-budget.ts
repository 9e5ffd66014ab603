import { NexudusThrottleError } from "@nwh/core/nexudus";
import { isOutOfTime } from "@nwh/core/service";

/** What the work is bounded by: a deadline (epoch ms, system clock) for the Nexudus client, and a signal. */
export interface Bound {
  deadline: number;
  signal: AbortSignal;
  /** Which errors the service must throw rather than answer (running out of time, in the fast path). */
  rethrow?: (error: unknown) => boolean;
}

/** Slack's limit for the HTTP answer to a command, a click or an event, from when it sent the request. */
export const SLACK_ANSWER_LIMIT_MS = 3000;
/** Kept free before Slack's limit: Lambda handing the answer back, API Gateway, the way back to Slack. */
export const SLACK_ANSWER_MARGIN_MS = 300;
/** Kept after a click's Nexudus work for what follows it: the `response_url` posts, or the hand-off. */
export const CLICK_AFTER_WORK_MS = 1000;

/** The name under which a listener's Bolt `context` carries the request's arrival (epoch ms). */
export const ARRIVAL_KEY = "requestArrivedAt";

/**
 * Bolt's `customPropertiesExtractor` for `AwsLambdaReceiver`: when the request reached API Gateway
 * (`requestContext.timeEpoch`), else now (the handler's start). An arrival in the future (clock skew) is
 * read as now.
 */
export function requestArrival(event: unknown, now: () => number = Date.now): { [ARRIVAL_KEY]: number } {
  const at = now();
  const epoch = (event as { requestContext?: { timeEpoch?: unknown } } | null | undefined)?.requestContext
    ?.timeEpoch;
  const arrived = typeof epoch === "number" && Number.isFinite(epoch) && epoch > 0 ? Math.min(epoch, at) : at;
  return { [ARRIVAL_KEY]: arrived };
}

/** The arrival a listener's `context` carries (see `requestArrival`), else `fallback`. */
export function arrivalOf(context: object, fallback: number): number {
  const value = (context as Record<string, unknown>)[ARRIVAL_KEY];
  return typeof value === "number" && Number.isFinite(value) && value <= fallback ? value : fallback;
}

/** The time plan of one click, every instant in epoch ms from the same arrival. */
export interface ClickTimes {
  arrivedAt: number;
  /** Everything (Nexudus, the posts, the hand-off) is over by then: Slack's 3 s less the margin. */
  deadline: number;
  /** The Nexudus work ends by then, leaving `CLICK_AFTER_WORK_MS` for the posts or the hand-off. */
  workDeadline: number;
}

/**
 * One deadline for a click, counted from the request's arrival: the Nexudus work may use the answer
 * budget (`ANSWER_BUDGET_MS`, itself counted from the arrival) but must leave time for what follows.
 */
export function clickTimes(options: { arrivedAt: number; answerBudgetMs: number }): ClickTimes {
  const deadline = options.arrivedAt + SLACK_ANSWER_LIMIT_MS - SLACK_ANSWER_MARGIN_MS;
  const workDeadline = Math.min(options.arrivedAt + options.answerBudgetMs, deadline - CLICK_AFTER_WORK_MS);
  return { arrivedAt: options.arrivedAt, deadline, workDeadline };
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

/** Options of `withinDeadline`. */
export interface DeadlineOptions<T> {
  /** Errors that mean "could not finish in time" (e.g. the client saw it could not make the deadline). */
  isLate?: (error: unknown) => boolean;
  /**
   * A value to keep even when it came after the deadline: one that records a change already made in
   * Nexudus (a Pause whose write succeeded), which handing the job over would not make again.
   */
  keep?: (value: T) => boolean;
  /** The clock the deadline is read on (the system clock). */
  now?: () => number;
}

/**
 * Runs `work` until `deadline`. When the deadline passes the work is aborted (its client calls end at
 * once) and awaited, so nothing keeps running after the Lambda answers; the caller then hands the job to
 * the worker. The work also receives the deadline, so the Nexudus client stops by itself, and `rethrow`,
 * so that "could not finish in time" reaches here as an error rather than as a message for the user.
 */
export async function withinDeadline<T>(
  deadline: number,
  work: (bound: Bound) => Promise<T>,
  options: DeadlineOptions<T> = {},
): Promise<BudgetOutcome<T>> {
  const now = options.now ?? Date.now;
  const isLate = options.isLate ?? isLateForBudget;
  const controller = new AbortController();
  let late = false;
  const timer = setTimeout(
    () => {
      late = true;
      controller.abort();
    },
    Math.max(0, deadline - now()),
  );
  try {
    const value = await work({ deadline, signal: controller.signal, rethrow: isLate });
    if (options.keep?.(value)) return { late: false, value };
    // The client's own deadline may fire a moment before our timer: an answer at the deadline is late too.
    return late || now() >= deadline ? { late: true } : { late: false, value };
  } catch (error) {
    if (late || now() >= deadline || isLate(error)) return { late: true };
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `work` with a time budget from now: `withinDeadline` at now + `budgetMs`. */
export async function withinBudget<T>(
  budgetMs: number,
  work: (bound: Bound) => Promise<T>,
  /** Errors that mean "could not finish in time" (e.g. the client saw it could not make the deadline). */
  isLate: (error: unknown) => boolean = isLateForBudget,
): Promise<BudgetOutcome<T>> {
  return withinDeadline(Date.now() + budgetMs, work, { isLate });
}

/** Something (a post to Slack, the hand-off to the worker) did not settle before the deadline. */
export class OutOfTimeError extends Error {
  override name = "OutOfTimeError";
}

/**
 * Settles like `promise`, or rejects with `OutOfTimeError` at `deadline`. What cannot be aborted (a Web
 * API call, an `Invoke`) is left to finish or die with the environment: the answer to Slack comes first.
 */
export async function byDeadline<T>(
  deadline: number,
  promise: Promise<T>,
  now: () => number = Date.now,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new OutOfTimeError(`not done by the deadline`)),
      Math.max(0, deadline - now()),
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
