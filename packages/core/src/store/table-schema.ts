/*
 * The one DynamoDB table, as the stack creates it, the adapter reads and writes it, and local mode's
 * embedded server creates it. Item types and access patterns are in docs/ARCHITECTURE.md ("State").
 */

/** Key and TTL attribute names. Every item has a string `pk` and `sk`; expiring items carry `expiresAt`. */
export const TABLE_SCHEMA = {
  partitionKey: "pk",
  sortKey: "sk",
  /** Epoch seconds, for DynamoDB's (lazy) TTL. Readers also check `untilMs` themselves. */
  ttlAttribute: "expiresAt",
} as const;

/** The name local mode gives its embedded table. */
export const LOCAL_TABLE_NAME = "nwh-local-state";

/** Credentials for a loopback endpoint (dynalite, DynamoDB Local), which checks none; the SDK insists on some. */
export const LOOPBACK_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;

/** The region a loopback endpoint is addressed in (any name will do). */
export const LOOPBACK_REGION = "local";

/** Whether an endpoint URL is on this machine (then it is a stand-in, never AWS). */
export function isLoopbackEndpoint(endpoint: string): boolean {
  if (!URL.canParse(endpoint)) return false;
  const host = new URL(endpoint).hostname;
  return host === "localhost" || host === "[::1]" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
