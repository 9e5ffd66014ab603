/**
 * Shares one run of a task among the callers that ask while it runs: the first call starts it, later ones
 * get the same promise until it settles (a failure is not kept: the next call starts again).
 */
export function singleFlight<T>(): (start: () => Promise<T>) => Promise<T> {
  let pending: Promise<T> | undefined;
  return (start) => {
    if (!pending) {
      const started = start();
      pending = started;
      started
        .catch(() => {})
        .finally(() => {
          if (pending === started) pending = undefined;
        });
    }
    return pending;
  };
}
