/**
 * One small value that several environments read and replace, each replacement conditional on the version
 * read (optimistic concurrency): of two writers that read the same version, exactly one succeeds. In the
 * table it is one item written with a condition on its `version`.
 */
export interface VersionedCell {
  /** The value and its version, or `undefined` when there is none (or it has expired). */
  read(): Promise<{ value: string; version: number } | undefined>;
  /**
   * Replaces the value when its version is still `expected` (`undefined`: when there is none), with the
   * next version, kept for `ttlMs`. True when written, false when another writer got there first.
   */
  write(value: string, expected: number | undefined, ttlMs: number): Promise<boolean>;
}
