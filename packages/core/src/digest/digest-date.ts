/*
 * The digest's date: the calendar day in DIGEST_TIMEZONE at the moment of the run. It names the digest
 * ("Webhook digest — 30 Nov 2026") and keys its idempotency, so it must not depend on the host's zone.
 */

import { formatWallDate, wallTimeAt } from "../time/zoned-time";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/** The calendar date (`YYYY-MM-DD`) of an instant in an IANA time zone. Throws RangeError for an unknown zone. */
export function dateInZone(epochMs: number, timeZone: string): string {
  return formatWallDate(wallTimeAt(epochMs, timeZone));
}

/** `YYYY-MM-DD HH:mm` of an instant in an IANA time zone (fallback text of Slack date tokens). */
export function dateTimeInZone(epochMs: number, timeZone: string): string {
  const wall = wallTimeAt(epochMs, timeZone);
  return `${formatWallDate(wall)} ${String(wall.hour).padStart(2, "0")}:${String(wall.minute).padStart(2, "0")}`;
}

/** `2026-11-30` → `30 Nov 2026` (English month abbreviations, whatever the host's locale). */
export function formatDigestDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) return date;
  return `${Number(match[3])} ${month} ${match[1]}`;
}
