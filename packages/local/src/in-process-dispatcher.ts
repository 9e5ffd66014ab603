/** The dispatcher interface of `@nwh/functions` (`src/lib/dispatcher.ts`), for any job type. */
export interface JobDispatcher<J> {
  dispatch(job: J): Promise<void>;
}

/** A dispatcher that runs jobs in this process, and can wait for them. */
export interface InProcessDispatcher<J> extends JobDispatcher<J> {
  /** Jobs started and not yet finished. */
  readonly pending: number;
  /** Resolves once no job is running, including jobs that running jobs dispatched. */
  idle(): Promise<void>;
  /** Waits for every running job, then refuses new ones: for shutdown. */
  drain(): Promise<void>;
}

/** Thrown by `dispatch` after `drain()`: the process is shutting down. */
export class DispatcherClosedError extends Error {
  override name = "DispatcherClosedError";
  constructor() {
    super("the in-process dispatcher is shutting down and takes no new jobs");
  }
}

/**
 * Stands in for the asynchronous Lambda invocation of the worker: `dispatch` resolves at once (as an
 * `InvocationType: "Event"` call does once the job is queued) and the job runs on a later turn of the event
 * loop, so the HTTP answer is never held up by it. The job goes through JSON on the way, exactly as a Lambda
 * payload does, so anything that would not survive the trip fails here too. A failed job is reported to
 * `onError` and otherwise dropped, like an async invocation whose retries ran out.
 */
export function createInProcessDispatcher<J>(
  run: (job: J) => Promise<void>,
  onError: (error: unknown, job: J) => void,
): InProcessDispatcher<J> {
  const running = new Set<Promise<void>>();
  let closed = false;

  return {
    get pending() {
      return running.size;
    },
    async dispatch(job: J) {
      if (closed) throw new DispatcherClosedError();
      const payload = JSON.parse(JSON.stringify(job)) as J;
      const task: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => run(payload))
        .catch((error: unknown) => onError(error, payload))
        .finally(() => running.delete(task));
      running.add(task);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    async drain() {
      // Jobs that running jobs dispatch still run: the HTTP server is closed by now, so this ends.
      while (running.size > 0) await Promise.allSettled([...running]);
      closed = true;
    },
  };
}
