/** Small values kept for a while under a key (the shared Nexudus token). Encrypted at rest by DynamoDB. */
export interface Values {
  /** The value, while it is set and has not expired. */
  get(key: string): Promise<unknown>;
  put(key: string, value: Record<string, unknown>, ttlMs: number): Promise<void>;
  remove(key: string): Promise<void>;
}
