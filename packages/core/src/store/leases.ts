/**
 * Short exclusive leases, by key: a Pause/Resume holds `toggle:<id>` while it reads, writes and reads
 * again, so that concurrent clicks on one webhook make one write; a digest run holds its date. Across
 * Lambda environments they live in the table (conditional writes); an expired lease can be taken over.
 */
export interface Leases {
  /**
   * Takes the lease for `ttlMs`, or answers `undefined` when someone else holds it. The returned function
   * gives it back early (idempotent; a lease already taken over is left alone). An expired lease can be
   * taken over: its holder died or hung.
   */
  acquire(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
}
