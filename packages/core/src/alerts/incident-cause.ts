import type { WebhookListRecord } from "../nexudus/schemas";
import { hostOf, oneLine, redactSecrets, truncate } from "../text";

/** Longest normalised error kept: enough to tell causes apart, short enough for a header. */
const MAX_ERROR = 120;
/** Untrusted text is bounded before any pattern runs (the patterns below are linear anyway). */
const MAX_INPUT = 2000;

/** What an incident groups its webhooks by: the target's host and the error with its variable parts out. */
export interface IncidentCause {
  /** `host|error`, lower-cased: equal for webhooks failing the same way. */
  key: string;
  host: string;
  /** The normalised error, for display (untrusted: escape it where it lands). */
  error: string;
}

/**
 * The error with what varies between deliveries taken out: timestamps, UUIDs, long hex and other numbers
 * become `…`, so "timeout after 3012 ms (req 8f3a…)" and "timeout after 2987 ms (req 11b2…)" are one cause.
 * HTTP status codes (100–599 on their own) are kept: "(401) Unauthorized" and "(500)" are different causes.
 * Secrets are redacted first.
 */
export function normaliseError(raw: string | null | undefined): string {
  const text = oneLine(redactSecrets((raw ?? "").slice(0, MAX_INPUT)));
  const normalised = text
    .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?/g, "…")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "…")
    .replace(/\b[0-9a-f]{8,}\b/gi, (hex) => (/\d/.test(hex) ? "…" : hex))
    .replace(/\d+(?:\.\d+)?/g, (n) => (/^[1-5]\d\d$/.test(n) ? n : "…"))
    .replace(/…(?:[\s.,:/-]*…)+/g, "…");
  return truncate(normalised.trim(), MAX_ERROR) || "no error text";
}

/** The cause of a webhook's failures. */
export function causeOf(record: Pick<WebhookListRecord, "URL" | "LastError">): IncidentCause {
  const host = hostOf(record.URL) || "unknown host";
  const error = normaliseError(record.LastError);
  return { key: `${host.toLowerCase()}|${error.toLowerCase()}`, host, error };
}
