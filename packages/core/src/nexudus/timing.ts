import type { Clock } from "../clock";
import type { Sleep } from "./client-types";

/** The default sleep: a timer that rejects with the signal's reason when the signal aborts. */
export const timerSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** When a call must end and how it can be cancelled. */
export interface CallContext {
  /** Epoch ms on the client's clock. */
  deadline?: number;
  signal?: AbortSignal;
  /** When the call began, to report its budget. */
  startedAt: number;
}

/**
 * Settles like `work`, unless the deadline passes or the signal aborts first. `work` keeps running (it may be
 * shared with other callers) but its outcome is then ignored here.
 */
export function within<T>(
  work: Promise<T>,
  ctx: CallContext,
  time: { clock: Clock; sleep: Sleep },
  errors: { timeout: () => Error; aborted: () => Error },
): Promise<T> {
  if (ctx.deadline === undefined && ctx.signal === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const done = new AbortController();
    const finish = (settle: () => void) => {
      if (done.signal.aborted) return;
      done.abort();
      settle();
    };
    work.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
    if (ctx.deadline !== undefined) {
      time.sleep(Math.max(0, ctx.deadline - time.clock.now()), done.signal).then(
        () => finish(() => reject(errors.timeout())),
        () => {},
      );
    }
    const signal = ctx.signal;
    if (signal) {
      if (signal.aborted) finish(() => reject(errors.aborted()));
      else
        signal.addEventListener("abort", () => finish(() => reject(errors.aborted())), {
          once: true,
          signal: done.signal,
        });
    }
  });
}
