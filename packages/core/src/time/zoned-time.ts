/*
 * Wall-clock time in an IANA zone ↔ UTC, with Intl only (no date library). Formatters are costly to build,
 * so one per zone is kept.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone: configuration is validated before this is reached.
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Calendar fields of a wall-clock time. `month` is 1–12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall-clock time at instant `ms` in `timeZone` (seconds dropped). */
export function wallTimeAt(ms: number, timeZone: string): WallTime {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
  };
}

/** The zone's offset from UTC at instant `ms`, in milliseconds, at minute precision. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallTimeAt(ms, timeZone);
  const floored = Math.floor(ms / 60_000) * 60_000;
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - floored;
}

const DAY_MS = 86_400_000;

/**
 * The instant of a wall-clock time in `timeZone`. Like Temporal's "compatible" rule: a time that occurs
 * twice (clocks going back) is the earlier one; a time that never occurs (clocks going forward) is read
 * with the offset before the change, which lands it after the gap (01:30 → 02:30 in Europe/London).
 */
export function zonedTimeToUtc(wall: WallTime, timeZone: string): number {
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const before = offsetAt(local - DAY_MS, timeZone);
  const after = offsetAt(local + DAY_MS, timeZone);
  if (before === after) return local - before;
  const candidates = [local - before, local - after].filter((t) => offsetAt(t, timeZone) === local - t);
  if (candidates.length > 0) return Math.min(...candidates);
  return local - before;
}

/** The calendar date `days` after the given one (negative goes back). */
export function addDays(date: { year: number; month: number; day: number }, days: number) {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `YYYY-MM-DD` of a wall-clock time. */
export function formatWallDate(wall: { year: number; month: number; day: number }): string {
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** Nexudus's date format, `YYYY-MM-DDTHH:mm`, of instant `ms` in UTC. */
export function formatUtcMinute(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
