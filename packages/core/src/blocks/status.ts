import type { WebhookListRecord } from "../nexudus/schemas";

/** Nexudus disables a webhook after this many consecutive failed deliveries. */
export const AUTO_DISABLE_AFTER = 10;

/** From this many consecutive failures a webhook is shown as close to being disabled. */
const CRITICAL_ERRORS = 7;

type Health = Pick<WebhookListRecord, "Active" | "ErrorCount">;

/** The state of a webhook as one of a few words the messages use. */
export type WebhookStatus = "disabled" | "paused" | "critical" | "failing" | "healthy";

/** Classifies a webhook by `Active` and `ErrorCount`. */
export function webhookStatus(record: Health): WebhookStatus {
  if (!record.Active) return record.ErrorCount > 0 ? "disabled" : "paused";
  if (record.ErrorCount >= CRITICAL_ERRORS) return "critical";
  return record.ErrorCount > 0 ? "failing" : "healthy";
}

const EMOJI: Record<WebhookStatus, string> = {
  disabled: ":no_entry:",
  paused: ":double_vertical_bar:",
  critical: ":red_circle:",
  failing: ":large_orange_circle:",
  healthy: ":large_green_circle:",
};

const LABEL: Record<WebhookStatus, string> = {
  disabled: "disabled after failures",
  paused: "paused",
  critical: "failing, close to auto-disable",
  failing: "failing",
  healthy: "healthy",
};

/** The status emoji shortcode of a webhook, e.g. `:red_circle:`. */
export function statusEmoji(record: Health): string {
  return EMOJI[webhookStatus(record)];
}

/** A few words for the status, e.g. "disabled after failures". */
export function statusLabel(record: Health): string {
  return LABEL[webhookStatus(record)];
}

/**
 * A 10-step bar toward Nexudus's auto-disable, e.g. `▰▰▰▰▰▰▰▱▱▱ 7/10`. The bar is clamped to 0–10; the
 * count shown is the real one (`▰▰▰▰▰▰▰▰▰▰ 14/10`). Negative or non-finite counts show as 0.
 */
export function errorBar(errorCount: number): string {
  const n = Number.isFinite(errorCount) && errorCount > 0 ? Math.floor(errorCount) : 0;
  const filled = Math.min(n, AUTO_DISABLE_AFTER);
  return `${"▰".repeat(filled)}${"▱".repeat(AUTO_DISABLE_AFTER - filled)} ${n}/${AUTO_DISABLE_AFTER}`;
}
