/*
 * Canary secrets: the adversarial suite configures the bot with these values (never the usual test ones),
 * so any of them found in a log line, a Slack message, an HTTP answer or an error is a leak, whatever
 * path it took. The values are URL-safe so that their form-encoded form is the same text.
 */

/** The canary configuration values. */
export const CANARY = {
  signingSecret: "canary-signing-secret-5b1f0e7d3a9c",
  botToken: "xoxb-canary-bot-token-8e2d4c6a0f1b",
  nexudusUsername: "canary-api-user@example.com",
  nexudusPassword: "canary-nexudus-password-3c7a9e1d5f",
} as const;

/** `base64(user:password)`, what the Basic scheme sends on every request. */
export function basicCredentialsOf(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, "utf8").toString("base64");
}

/** Every fixed canary text: the configured secrets and the Basic credentials (plain and URL-encoded). */
export function fixedCanaries(): string[] {
  const basic = basicCredentialsOf(CANARY.nexudusUsername, CANARY.nexudusPassword);
  return [
    CANARY.signingSecret,
    CANARY.botToken,
    CANARY.nexudusPassword,
    basic,
    encodeURIComponent(basic),
    // The token without its well-known prefix: a partial leak is still a leak.
    CANARY.botToken.slice("xoxb-".length),
  ];
}
