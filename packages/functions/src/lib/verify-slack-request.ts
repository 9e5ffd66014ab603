import { createHmac, timingSafeEqual } from "node:crypto";

/** Why a request was refused; logged, never shown. */
export type SignatureProblem = "missing-headers" | "bad-timestamp" | "stale-timestamp" | "bad-signature";

/** The most a request timestamp may differ from our clock (Slack's rule: five minutes). */
export const MAX_REQUEST_AGE_SECONDS = 300;

/**
 * Verifies Slack's request signature over the raw body, in constant time, before anything parses the body.
 * Bolt checks again afterwards; this check runs first so that an unsigned request is refused with 401
 * without its body ever being parsed, and so that timestamps from the future are refused too.
 */
export function verifySlackRequest(input: {
  signingSecret: string;
  rawBody: string;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  nowSeconds: number;
}): { ok: true } | { ok: false; problem: SignatureProblem } {
  const signature = input.headers["x-slack-signature"];
  const timestamp = input.headers["x-slack-request-timestamp"];
  if (!signature || !timestamp) return { ok: false, problem: "missing-headers" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, problem: "bad-timestamp" };
  if (Math.abs(input.nowSeconds - Number(timestamp)) > MAX_REQUEST_AGE_SECONDS) {
    return { ok: false, problem: "stale-timestamp" };
  }
  const expected = Buffer.from(
    `v0=${createHmac("sha256", input.signingSecret).update(`v0:${timestamp}:${input.rawBody}`).digest("hex")}`,
  );
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, problem: "bad-signature" };
  }
  return { ok: true };
}
