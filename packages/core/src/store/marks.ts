/**
 * Marks that something happened, kept for a while: "this event was delivered", "today's digest was
 * posted" (with its message's ts as a note). Setting one is a conditional write, so of two callers at once
 * exactly one learns it was first.
 */
export interface Marks {
  /** Sets the mark for `ttlMs`; true when it was not set (or had expired), false when it already was. */
  mark(key: string, ttlMs: number, note?: string): Promise<boolean>;
  /** The mark, while it is set and has not expired. */
  read(key: string): Promise<{ note?: string } | undefined>;
}
