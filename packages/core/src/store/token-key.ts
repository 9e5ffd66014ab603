import { createHash } from "node:crypto";

/**
 * The item key of an API user's shared token: a hash of the Nexudus base URL and the username, so the
 * table never holds the username in a key.
 */
export function tokenKeyOf(baseUrl: string, username: string): string {
  const digest = createHash("sha256").update(`${baseUrl}\n${username.toLowerCase()}`).digest("hex");
  return `nexudus-token:${digest.slice(0, 32)}`;
}
