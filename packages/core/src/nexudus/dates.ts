import { zonedTimeToUtc } from "../time/zoned-time";

/*
 * The one place where Nexudus dates are read. Nexudus writes ISO 8601 (usually with `Z`, sometimes without
 * an offset, sometimes with 7 fractional digits); older .NET answers write `/Date(ms)/` or
 * `/Date(ms+0100)/`; `0001-01-01T00:00:00` is .NET's "no date". Whether a `Z` is true UTC or the
 * location's wall-clock time with a fake `Z` is not documented for `/sys` (see README, "What the bot assumes
 * about Nexudus"): with a `zone`, a value without a real offset is read as wall-clock time there.
 */

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
// .NET's JavaScriptSerializer / DataContractJsonSerializer form; the offset only says where it was written.
const MS_AJAX = /^\/Date\((-?\d{1,16})(?:[+-]\d{4})?\)\/$/;

const EXPLICIT_OFFSET = /\d(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Dates before this are placeholders (`0001-01-01`), not times anything happened. */
const EARLIEST_REAL_MS = Date.UTC(1970, 0, 2);

/**
 * A Nexudus date as an instant, or `undefined` for null, empty, unparseable or placeholder values.
 * `zone` (IANA): read a value without an explicit numeric offset (`Z` included) as wall-clock time in that
 * zone; `/Date(ms)/` and values with a numeric offset are instants whatever the zone.
 */
export function parseNexudusDate(value: unknown, zone?: string): Date | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  const ajax = MS_AJAX.exec(text);
  if (ajax) return real(Number(ajax[1]));
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(
    (part) => (part === undefined ? undefined : Number(part)),
  ) as [number, number, number, number?, number?, number?];
  const fraction = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, fraction);
  const check = new Date(wall);
  // Date.UTC rolls 2025-02-30 over into March: a real calendar time must come back unchanged.
  if (
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return undefined;
  const offset = m[8]?.toUpperCase();
  if (offset && offset !== "Z") {
    const sign = offset.startsWith("-") ? -1 : 1;
    const digits = offset.slice(1).replace(":", "");
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0");
    return real(wall - sign * minutes * 60_000);
  }
  if (zone === undefined || wall < EARLIEST_REAL_MS) return real(wall);
  const instant = zonedTimeToUtc({ year, month, day, hour, minute }, zone);
  return real(instant + second * 1000 + fraction);
}

function real(ms: number): Date | undefined {
  return Number.isFinite(ms) && ms >= EARLIEST_REAL_MS ? new Date(ms) : undefined;
}

/**
 * What a webhook's `LastTrigger` says about its last successful delivery: `never` only when Nexudus sent
 * nothing (null, absent or empty), `unknown` when it sent something the bot cannot read (garbled text, .NET's
 * `0001-01-01` placeholder), else the instant.
 */
export type LastDelivery = { kind: "never" } | { kind: "unknown" } | { kind: "at"; at: Date };

/** Reads `LastTrigger` (see `LastDelivery`). Every view (results, details, digest) reads it through here. */
export function lastDeliveryOf(record: { LastTrigger?: string | null }): LastDelivery {
  const raw = record.LastTrigger;
  if (raw === null || raw === undefined || (typeof raw === "string" && raw.trim() === ""))
    return { kind: "never" };
  const at = parseNexudusDate(raw);
  return at ? { kind: "at", at } : { kind: "unknown" };
}

/** The last successful delivery, or `undefined` when there was none or it cannot be read (see `lastDeliveryOf`). */
export function lastSuccessOf(record: { LastTrigger?: string | null }): Date | undefined {
  const delivery = lastDeliveryOf(record);
  return delivery.kind === "at" ? delivery.at : undefined;
}

/**
 * The longest without a success first (never delivered, or unreadable, before any date): how every view
 * that ranks by `ErrorCount` (the searches' `sort:-errors`, the overview, the digest) breaks its ties, so
 * that they all name the same webhooks first.
 */
export function oldestSuccessFirst(
  a: { LastTrigger?: string | null },
  b: { LastTrigger?: string | null },
): number {
  const x = lastSuccessOf(a)?.getTime() ?? Number.NEGATIVE_INFINITY;
  const y = lastSuccessOf(b)?.getTime() ?? Number.NEGATIVE_INFINITY;
  return x === y ? 0 : x < y ? -1 : 1;
}

/** The date fields of a webhook record. */
export const WEBHOOK_DATE_FIELDS = ["LastTrigger", "CreatedOn", "UpdatedOn"] as const;

/**
 * The record with its date fields rewritten as UTC ISO 8601 (`2025-01-01T08:00:00.000Z`), read in `zone`
 * when given (see `parseNexudusDate`). Values that cannot be read are kept as they are, so a view shows them
 * as unknown rather than as never. Done once, where the client receives a record.
 */
export function normalizeDates<T extends Record<string, unknown>>(record: T, zone?: string): T {
  let out: T | undefined;
  for (const field of WEBHOOK_DATE_FIELDS) {
    const value = record[field];
    if (typeof value !== "string") continue;
    // Already an instant in UTC reading: left as Nexudus wrote it.
    if (zone === undefined && EXPLICIT_OFFSET.test(value.trim())) continue;
    const at = parseNexudusDate(value, zone);
    if (!at) continue;
    const iso = at.toISOString();
    if (iso === value) continue;
    out ??= { ...record };
    (out as Record<string, unknown>)[field] = iso;
  }
  return out ?? record;
}
