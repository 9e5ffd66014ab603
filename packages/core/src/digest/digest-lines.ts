import { slackDate } from "../blocks/slack-date";
import { AUTO_DISABLE_AFTER, webhookStatus } from "../blocks/status";
import { safeLiteral } from "../blocks/untrusted-text";
import { actionName } from "../nexudus/actions";
import { lastDeliveryOf } from "../nexudus/schemas";
import { hostOf } from "../text";
import type { DigestItem } from "./classify-webhooks";
import { dateTimeInZone } from "./digest-date";
import type { LocationGroup } from "./group-by-location";

/*
 * The compact one-line forms of the digest. Every Nexudus-sourced piece (names, hosts, LastError) is
 * bounded before it is escaped, so a line never exceeds a few hundred characters and the splitter can
 * always fit it, and nothing a webhook's owner typed can ping a channel or forge a link.
 */

/**
 * Status markers, the same emoji as the search results' shortcodes (`:no_entry:`, `:red_circle:`,
 * `:large_orange_circle:`, `:new:`) written as characters: a thread of 1,500 lines is shorter that way.
 * The parent's legend explains them.
 */
export const DIGEST_MARKS = { disabled: "⛔", critical: "🔴", failing: "🟠", new: "🆕" } as const;

const MAX_NAME = 80;
const MAX_HOST = 60;
const MAX_ERROR = 70;
const MAX_LOCATION = 60;

/** `1500` → `1,500`. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * Untrusted one-line text as the search results show it (`safeLiteral`: control and bidi characters
 * removed, credentials redacted, escaped, formatting defused, bounded), or `empty` when there is none.
 */
export function safeText(text: string | null | undefined, max: number, empty = "(none)"): string {
  return safeLiteral(text, max) || empty;
}

/** A location's name for display: bounded and escaped. */
export function locationLabel(name: string): string {
  return safeText(name, MAX_LOCATION, "(unnamed location)");
}

/** Options of `digestItemLine`. */
export interface ItemLineOptions {
  /** IANA zone of the date tokens' fallback text. */
  timeZone: string;
  /** Adds the location's name (the parent's "worst" list, which is not grouped). */
  location?: string;
}

/**
 * One webhook in one line: status, name, action, errors toward auto-disable, last success, target host
 * (credentials never shown) and the start of the redacted LastError.
 */
export function digestItemLine(item: DigestItem, options: ItemLineOptions): string {
  const r = item.record;
  const status = webhookStatus(r);
  const mark = status === "disabled" || status === "critical" ? DIGEST_MARKS[status] : DIGEST_MARKS.failing;
  const marks = mark + (item.isNew ? ` ${DIGEST_MARKS.new}` : "");
  const delivery = lastDeliveryOf(r);
  const lastSuccess = delivery.kind === "at" ? delivery.at : undefined;
  const parts = [
    `${marks} *${safeText(r.Name, MAX_NAME, "(no name)")}* #${r.Id}`,
    actionName(r.Action),
    `${r.ErrorCount}/${AUTO_DISABLE_AFTER} errors`,
    lastSuccess
      ? `last success ${slackDate(lastSuccess.getTime(), dateTimeInZone(lastSuccess.getTime(), options.timeZone))}`
      : delivery.kind === "never"
        ? "never delivered"
        : "last success unknown",
    safeText(hostOf(r.URL), MAX_HOST, "(no URL)"),
  ];
  if (options.location !== undefined) parts.splice(1, 0, locationLabel(options.location));
  const error = safeLiteral(r.LastError, MAX_ERROR);
  if (error) parts.push(`“${error}”`);
  return parts.join(" · ");
}

/** The heading of a location's part of the thread, e.g. `*Downtown Hub* — 2 disabled, 5 failing`. */
export function locationHeading(group: LocationGroup, continued = false): string {
  const label = `*${locationLabel(group.name)}*`;
  if (continued) return `${label} (continued)`;
  const counts = [
    group.disabled ? `${formatCount(group.disabled)} disabled` : "",
    group.failing ? `${formatCount(group.failing)} failing` : "",
  ].filter(Boolean);
  return `${label} — ${counts.join(", ")}`;
}
