import { parseNexudusDate, type WebhookListRecord } from "../nexudus/schemas";
import { slackDate } from "./slack-date";
import { safeText } from "./untrusted-text";

/** Nexudus disables a webhook after this many consecutive failed deliveries. */
export const AUTO_DISABLE_AFTER = 10;

/** From this many consecutive failures a webhook is shown as close to being disabled. */
const CRITICAL_ERRORS = 7;

type Health = Pick<WebhookListRecord, "Active" | "ErrorCount">;

/** What `statusText` reads: the state, and who changed the webhook last, and when. */
export type StatusRecord = Health & Partial<Pick<WebhookListRecord, "UpdatedBy" | "UpdatedOn">>;

/**
 * The state of a webhook as one of a few words the messages use. `disabled`: switched off by Nexudus after
 * `AUTO_DISABLE_AFTER` consecutive failures; `paused`: switched off with fewer, which Nexudus never does, so
 * a person or an API client did it.
 */
export type WebhookStatus = "disabled" | "paused" | "critical" | "failing" | "healthy";

/**
 * Classifies a webhook by `Active` and `ErrorCount`: the one classification every message and the digest
 * use (rows, details, overview, Home, digest), so they cannot disagree.
 */
export function webhookStatus(record: Health): WebhookStatus {
  if (!record.Active) return record.ErrorCount >= AUTO_DISABLE_AFTER ? "disabled" : "paused";
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
  disabled: `disabled by Nexudus after ${AUTO_DISABLE_AFTER} failures`,
  paused: "paused",
  critical: "failing, close to auto-disable",
  failing: "failing",
  healthy: "healthy",
};

/** What each status emoji means, in the words of the results' legend (in severity order). */
const LEGEND: ReadonlyArray<[WebhookStatus, string]> = [
  ["disabled", `disabled by Nexudus after ${AUTO_DISABLE_AFTER} failures`],
  ["critical", `${CRITICAL_ERRORS}+ errors, close to auto-disable`],
  ["failing", "failing"],
  ["paused", "paused by a person or an API client"],
  ["healthy", "healthy"],
];

/** The status emoji shortcode of a webhook, e.g. `:red_circle:`. */
export function statusEmoji(record: Health): string {
  return EMOJI[webhookStatus(record)];
}

/** A few words for the status, e.g. "disabled by Nexudus after 10 failures". */
export function statusLabel(record: Health): string {
  return LABEL[webhookStatus(record)];
}

/**
 * Who paused a webhook, as mrkdwn: "this bot" when `UpdatedBy` is the bot's own Nexudus user
 * (`NEXUDUS_USERNAME`, compared ignoring case), else `UpdatedBy` escaped; `undefined` when Nexudus does
 * not say.
 */
export function pausedBy(record: StatusRecord, botUser?: string, max = 60): string | undefined {
  const by = record.UpdatedBy?.trim();
  if (!by) return undefined;
  if (botUser && by.toLowerCase() === botUser.trim().toLowerCase()) return "this bot";
  return safeText(by, max) || undefined;
}

/** How much `statusText` says: the length of who paused it, and whether to say when. */
export interface StatusTextOptions {
  whoMax?: number;
  date?: boolean;
}

/**
 * The status in words, as mrkdwn: "paused by this bot, <date>" (who from `pausedBy`, when from
 * `UpdatedOn` as a Slack date), "disabled by Nexudus after 10 failures", or the label of an active one.
 */
export function statusText(record: StatusRecord, botUser?: string, options: StatusTextOptions = {}): string {
  const status = webhookStatus(record);
  if (status !== "paused") return LABEL[status];
  const who = pausedBy(record, botUser, options.whoMax);
  const at = options.date === false ? undefined : parseNexudusDate(record.UpdatedOn);
  return [`paused${who ? ` by ${who}` : ""}`, at ? slackDate(at.getTime()) : ""].filter(Boolean).join(", ");
}

/**
 * A one-line key to the status emoji, for the statuses given (in severity order, each once), e.g.
 * `:no_entry: disabled by Nexudus after 10 failures · :large_orange_circle: failing`.
 */
export function statusLegend(statuses: Iterable<WebhookStatus>): string {
  const shown = new Set(statuses);
  return LEGEND.filter(([s]) => shown.has(s))
    .map(([s, words]) => `${EMOJI[s]} ${words}`)
    .join("  ·  ");
}

/**
 * What a resume of a webhook with `errorCount` consecutive errors must say: Nexudus keeps `ErrorCount` on a
 * resume (no documented way resets it), so from 9 the next failed delivery switches it off again.
 * `undefined` below that.
 */
export function resumeWarning(errorCount: number): string | undefined {
  if (!(errorCount >= AUTO_DISABLE_AFTER - 1)) return undefined;
  return `It still counts ${Math.floor(errorCount)} consecutive errors (Nexudus offers no way to reset them), so the next failed delivery disables it again. Fix the target first.`;
}

/**
 * A 10-step bar toward Nexudus's auto-disable, e.g. `▰▰▰▰▰▰▰▱▱▱ 7/10`. Past 10 (a webhook resumed and
 * failing again keeps counting) the bar stays full and the count is said apart, never as a fraction over
 * one: `▰▰▰▰▰▰▰▰▰▰ 14 (Nexudus disables at 10)`. Negative or non-finite counts show as 0.
 */
export function errorBar(errorCount: number): string {
  const n = Number.isFinite(errorCount) && errorCount > 0 ? Math.floor(errorCount) : 0;
  const filled = Math.min(n, AUTO_DISABLE_AFTER);
  const bar = `${"▰".repeat(filled)}${"▱".repeat(AUTO_DISABLE_AFTER - filled)}`;
  return n > AUTO_DISABLE_AFTER
    ? `${bar} ${n} (Nexudus disables at ${AUTO_DISABLE_AFTER})`
    : `${bar} ${n}/${AUTO_DISABLE_AFTER}`;
}
