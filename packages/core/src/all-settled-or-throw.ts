/**
 * Awaits calls made together, like `Promise.all`, but only once every one has settled: none is left running
 * unobserved (or rejecting unhandled) when another fails. Throws the first failure in argument order.
 */
export async function allSettledOrThrow<T extends readonly unknown[]>(
  calls: {
    readonly [K in keyof T]: Promise<T[K]>;
  },
): Promise<T> {
  const settled = await Promise.allSettled(calls as readonly Promise<unknown>[]);
  for (const s of settled) if (s.status === "rejected") throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
