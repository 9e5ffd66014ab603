import { createHash } from "node:crypto";

/**
 * The item key of an API user's shared token: a hash of the Nexudus base URL and the username, so the
 * table never holds the username in a key.
 */
export function tokenKeyOf(baseUrl: string, username: string): string {
  return `nexudus-token:${apiUserDigest(baseUrl, username)}`;
}

/** The cell key of an API user's shared rate budget (Nexudus counts requests per API user). */
export function rateBudgetKeyOf(baseUrl: string, username: string): string {
  return `nexudus-rate:${apiUserDigest(baseUrl, username)}`;
}

/** The item key of the locations an API user sees, read by one environment for the others. */
export function locationsKeyOf(baseUrl: string, username: string): string {
  return `nexudus-locations:${apiUserDigest(baseUrl, username)}`;
}

function apiUserDigest(baseUrl: string, username: string): string {
  return createHash("sha256").update(`${baseUrl}\n${username.toLowerCase()}`).digest("hex").slice(0, 32);
}
