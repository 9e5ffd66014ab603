import { slackDate } from "../blocks/slack-date";
import { AUTO_DISABLE_AFTER, statusText, webhookStatus } from "../blocks/status";
import { safeLiteral, userMention } from "../blocks/untrusted-text";
import { actionName } from "../nexudus/actions";
import { lastDeliveryOf } from "../nexudus/schemas";
import { hostOf } from "../text";
import { formatCount } from "../text/format-count";
import type { DigestItem, ItemIncident } from "./classify-webhooks";
import { dateTimeInZone } from "./digest-date";
import type { LocationGroup } from "./group-by-location";

/*
 * The compact one-line forms of the digest. Every Nexudus-sourced piece (names, hosts, LastError) is
 * bounded before it is escaped, so a line never exceeds a few hundred characters and the splitter can
 * always fit it, and nothing a webhook's owner typed can ping a channel or forge a link.
 */

/**
 * Status markers, the same emoji as the search results' shortcodes (`:no_entry:`, `:double_vertical_bar:`,
 * `:red_circle:`, `:large_orange_circle:`, `:new:`) written as characters: a thread of 1,500 lines is
 * shorter that way. The parent's legend explains them.
 */
export const DIGEST_MARKS = {
  disabled: "⛔",
  paused: "⏸️",
  critical: "🔴",
  failing: "🟠",
  new: "🆕",
} as const;

const MAX_NAME = 80;
const MAX_HOST = 60;
const MAX_ERROR = 70;
const MAX_LOCATION = 60;

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
  /** The bot's own Nexudus user: what it paused reads "paused by this bot". */
  botUser?: string;
}

/**
 * One webhook in one line: status, name, action, errors toward auto-disable, who paused it (or that Nexudus
 * disabled it), last success, target host (credentials never shown) and the start of the redacted
 * LastError.
 */
export function digestItemLine(item: DigestItem, options: ItemLineOptions): string {
  const r = item.record;
  const status = webhookStatus(r);
  const mark = status === "healthy" ? DIGEST_MARKS.failing : DIGEST_MARKS[status];
  const marks = mark + (item.isNew ? ` ${DIGEST_MARKS.new}` : "");
  const delivery = lastDeliveryOf(r);
  const lastSuccess = delivery.kind === "at" ? delivery.at : undefined;
  const parts = [
    `${marks} *${safeText(r.Name, MAX_NAME, "(no name)")}* #${r.Id}`,
    actionName(r.Action),
    `${r.ErrorCount}/${AUTO_DISABLE_AFTER} errors`,
    item.incident && !item.incident.foundFailing
      ? `failing since ${slackDate(item.incident.since, dateTimeInZone(item.incident.since, options.timeZone))}`
      : "",
    r.Active ? "" : statusText(r, options.botUser, { whoMax: MAX_LOCATION }),
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
  const handled = item.incident?.handled;
  if (handled) parts.push(handledText(handled, options.timeZone));
  return parts.filter(Boolean).join(" · ");
}

/** `acknowledged by @x`, `snoozed until Tue 14:05 by @x`. */
function handledText(handled: NonNullable<ItemIncident["handled"]>, timeZone: string): string {
  const mention = userMention(handled.by);
  const by = mention ? ` by ${mention}` : "";
  if (handled.as === "acknowledged") return `_acknowledged${by}_`;
  const until = handled.until ?? 0;
  return `_snoozed until ${slackDate(until, dateTimeInZone(until, timeZone))}${by}_`;
}

/** A location's (or the digest's) counts, e.g. `2 disabled, 5 failing, 1 paused`; zeros left out. */
export function classCounts(counts: { disabled: number; failing: number; paused: number }): string {
  return [
    counts.disabled ? `${formatCount(counts.disabled)} disabled` : "",
    counts.failing ? `${formatCount(counts.failing)} failing` : "",
    counts.paused ? `${formatCount(counts.paused)} paused` : "",
  ]
    .filter(Boolean)
    .join(", ");
}

/** The heading of a location's part of the thread, e.g. `*Downtown Hub* — 2 disabled, 5 failing`. */
export function locationHeading(group: LocationGroup, continued = false): string {
  const label = `*${locationLabel(group.name)}*`;
  if (continued) return `${label} (continued)`;
  return `${label} — ${classCounts(group)}`;
}
