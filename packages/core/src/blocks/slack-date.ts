import { lastDeliveryOf, type WebhookListRecord } from "../nexudus/schemas";
import { escapeMrkdwn } from "../text/escape-mrkdwn";

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO-like UTC text, e.g. `2025-01-02 08:30 UTC`; `undefined` for an invalid time. */
export function utcText(epochMs: number): string | undefined {
  if (!Number.isFinite(epochMs)) return undefined;
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return undefined;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/**
 * A Slack date token that renders in each viewer's own time zone:
 * `<!date^SECONDS^{date_short_pretty} {time}|FALLBACK>`. The fallback (shown where Slack cannot render the
 * token) defaults to the UTC time, e.g. `2025-01-02 08:30 UTC`. An invalid time yields "unknown date".
 */
export function slackDate(epochMs: number, fallback?: string): string {
  const utc = utcText(epochMs);
  if (utc === undefined) return "unknown date";
  // Slack's token takes non-negative seconds; an older date (a garbled Nexudus value) is shown as text.
  if (epochMs < 0) return escapeMrkdwn(fallback ?? utc);
  // `|` and `>` would end the token early.
  const safeFallback = escapeMrkdwn(fallback ?? utc).replace(/\|/g, "/");
  return `<!date^${Math.floor(epochMs / 1000)}^{date_short_pretty} {time}|${safeFallback}>`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function ago(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"} ago`;
}

/** How long ago `thenMs` was, seen from `nowMs`: "just now", "5 minutes ago", "3 days ago", "2 years ago". */
export function relativeTime(thenMs: number, nowMs: number): string {
  const diff = nowMs - thenMs;
  if (!Number.isFinite(diff)) return "at an unknown time";
  // Clocks differ by a little; a minute ahead is still "just now".
  if (diff < -MINUTE) return "in the future";
  if (diff < MINUTE) return "just now";
  if (diff < HOUR) return ago(Math.floor(diff / MINUTE), "minute");
  if (diff < DAY) return ago(Math.floor(diff / HOUR), "hour");
  if (diff < 14 * DAY) return ago(Math.floor(diff / DAY), "day");
  if (diff < 60 * DAY) return ago(Math.floor(diff / (7 * DAY)), "week");
  if (diff < 365 * DAY) return ago(Math.floor(diff / (30 * DAY)), "month");
  return ago(Math.floor(diff / (365 * DAY)), "year");
}

/**
 * The last successful delivery (`LastTrigger`) as mrkdwn: "3 days ago (<!date…>)", or "never delivered"
 * when a failing webhook has none, "no deliveries yet" for a webhook without errors, "unknown" when Nexudus
 * sent a value the bot cannot read (never "never": that would claim something Nexudus did not say).
 * Without `now`, only the date token.
 */
export function lastSuccessText(
  record: Pick<WebhookListRecord, "LastTrigger" | "ErrorCount">,
  now?: number,
): string {
  const delivery = lastDeliveryOf(record);
  if (delivery.kind === "unknown") return "unknown";
  if (delivery.kind === "never") return record.ErrorCount > 0 ? "never delivered" : "no deliveries yet";
  const at = delivery.at;
  const token = slackDate(at.getTime());
  return now === undefined ? token : `${relativeTime(at.getTime(), now)} (${token})`;
}
