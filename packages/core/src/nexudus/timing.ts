import { afterMs, type Clock } from "../clock";
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
 * shared with other callers) but its outcome is then ignored here. Like the per-request timeout, this watchdog
 * is a real timer unless the clock brings its own (`Clock.timeout`, a test's): the injected `sleep` is for
 * waits the client chooses, and may be virtual in tests.
 */
export function within<T>(
  work: Promise<T>,
  ctx: CallContext,
  clock: Clock,
  errors: { timeout: () => Error; aborted: () => Error },
): Promise<T> {
  if (ctx.deadline === undefined && ctx.signal === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let cancelTimer: (() => void) | undefined;
    const signal = ctx.signal;
    const onAbort = () => finish(() => reject(errors.aborted()));
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      cancelTimer?.();
      signal?.removeEventListener("abort", onAbort);
      settle();
    };
    work.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
    if (ctx.deadline !== undefined) {
      cancelTimer = afterMs(clock, Math.max(0, ctx.deadline - clock.now()), () =>
        finish(() => reject(errors.timeout())),
      );
    }
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}
