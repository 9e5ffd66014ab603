import { createHmac } from "node:crypto";

/** Headers Slack adds to every request it sends to an app. */
export interface SlackSignatureHeaders {
  "x-slack-signature": string;
  "x-slack-request-timestamp": string;
}

/**
 * Signs a request body the way Slack does: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`
 * with the app's signing secret. Used by tests and by local mode's prompt.
 */
export function signSlackRequest(
  secret: string,
  body: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const ts = String(timestampSeconds);
  const signature = createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex");
  return { "x-slack-signature": `v0=${signature}`, "x-slack-request-timestamp": ts };
}
