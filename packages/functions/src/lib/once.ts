/**
 * Runs `load` on the first call and keeps its promise for later calls, as a Lambda environment keeps what
 * it built. A failed load is not kept: the next call tries again (e.g. after an operator wrote the secret).
 */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
