import { Logger } from "@aws-lambda-powertools/logger";
import type { NexudusLogger } from "@nwh/core/nexudus";
import { isSecretParamName, REDACTED, redactSecrets } from "@nwh/core/text";

/*
 * Why Powertools: structured JSON lines that CloudWatch Logs Insights can query, the Lambda request id
 * on every line, the level from POWERTOOLS_LOG_LEVEL, and a JSON replacer hook. That hook is the last line
 * of defence against leaking secrets: every string is passed through `redactSecrets`, every key that looks
 * like a credential is blanked, and the configured secret values are replaced wherever they appear.
 */

const knownSecrets = new Set<string>();

/** Registers secret values (tokens, passwords) that must never appear in a log line, even inside text. */
export function registerSecrets(values: ReadonlyArray<string | undefined>): void {
  for (const value of values) if (value && value.length >= 4) knownSecrets.add(value);
}

/** Replaces registered secrets and credential-looking parts of a text. */
export function scrubText(text: string): string {
  let out = text;
  for (const secret of knownSecrets) out = out.split(secret).join(REDACTED);
  return redactSecrets(out);
}

function replacer(key: string, value: unknown): unknown {
  if (key && isSecretParamName(key) && value !== null && typeof value !== "object") return REDACTED;
  return typeof value === "string" ? scrubText(value) : value;
}

/** The process-wide logger (one per Lambda environment). */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "nexudus-webhooks",
  jsonReplacerFn: replacer,
});

/** A short, safe description of an error for a log line: its name and scrubbed message, never a body. */
export function describeError(error: unknown): { errorName: string; errorMessage: string } {
  if (error instanceof Error) return { errorName: error.name, errorMessage: scrubText(error.message) };
  return { errorName: typeof error, errorMessage: scrubText(String(error)) };
}

/** The Nexudus client's logger on top of ours (the client only hands over redacted lines). */
export const nexudusLogger: NexudusLogger = {
  debug: (message, fields) => logger.debug(message, { nexudus: fields }),
  warn: (message, fields) => logger.warn(message, { nexudus: fields }),
};
