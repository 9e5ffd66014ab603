/**
 * Short exclusive leases, by key: a Pause/Resume holds `toggle:<id>` while it reads, writes and reads
 * again, so that concurrent clicks on one webhook make one write. In one process a map will do; across
 * Lambda environments the table's conditional writes do the same (issue: state).
 */
export interface Leases {
  /**
   * Takes the lease for `ttlMs`, or answers `undefined` when someone else holds it. The returned function
   * gives it back early (idempotent). An expired lease can be taken over: its holder died or hung.
   */
  acquire(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
}

/** Leases held in this process only, on an injected clock. */
export function memoryLeases(clock: { now(): number }): Leases {
  const held = new Map<string, { until: number; token: symbol }>();
  return {
    async acquire(key, ttlMs) {
      const now = clock.now();
      const current = held.get(key);
      if (current && current.until > now) return undefined;
      const token = Symbol(key);
      held.set(key, { until: now + ttlMs, token });
      return async () => {
        if (held.get(key)?.token === token) held.delete(key);
      };
    },
  };
}
