import { type Clock, timeoutSignal } from "../clock";

/**
 * When a piece of work must be over, and the signal that aborts it then. Built once per request from its
 * arrival, and handed down: the Nexudus client, the replies and the hand-off all honour the same one.
 */
export interface Deadline {
  /** Epoch ms on the clock it was built with. */
  readonly at: number;
  /** Aborts at `at` (or earlier, with the deadline it was derived from). */
  readonly signal: AbortSignal;
}

/**
 * A deadline at `at`. Its signal is the clock's timer: a real one (it must abort real sockets) unless the
 * clock is a test's, which aborts it when moved past `at` (`Clock.timeout`).
 */
export function deadlineAt(at: number, clock: Clock, signal?: AbortSignal): Deadline {
  const ms = Math.max(0, Math.ceil(at - clock.now()));
  const timer = timeoutSignal(clock, ms);
  return { at, signal: signal ? AbortSignal.any([signal, timer]) : timer };
}

/** A deadline `ms` before `deadline`, also aborted when `deadline` is. */
export function earlier(deadline: Deadline, ms: number, clock: Clock): Deadline {
  return deadlineAt(deadline.at - ms, clock, deadline.signal);
}

/** A deadline at `at` or `deadline`'s, whichever comes first. */
export function notAfter(deadline: Deadline, at: number, clock: Clock): Deadline {
  return at >= deadline.at ? deadline : deadlineAt(at, clock, deadline.signal);
}

/** The Nexudus client's per-call options for a deadline. */
export function callOptionsOf(deadline: Deadline | undefined): { deadline?: number; signal?: AbortSignal } {
  return deadline ? { deadline: deadline.at, signal: deadline.signal } : {};
}

/** The work did not settle before its deadline. */
export class DeadlineError extends Error {
  override name = "DeadlineError";
  readonly code = "deadline_passed";
}

/**
 * Settles like `promise`, or rejects with `DeadlineError` when the deadline's signal aborts first. What
 * cannot be aborted (a Web API call, an `Invoke`) is left to finish or die with the environment.
 */
export function byDeadline<T>(deadline: Deadline, promise: Promise<T>): Promise<T> {
  if (deadline.signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(new DeadlineError("not done by the deadline"));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DeadlineError("not done by the deadline"));
    deadline.signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        deadline.signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        deadline.signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
