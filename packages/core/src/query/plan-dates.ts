import { addDays, wallTimeAt, zonedTimeToUtc } from "../time/zoned-time";
import { spanMs } from "./parse-values";
import type { DateBound, DateSpec, PlanContext } from "./query-types";

const MINUTE = 60_000;

/** First and last minute of a spec, as instants (the user's dates are wall-clock times in `ctx.timeZone`). */
function specBounds(spec: DateSpec, ctx: PlanContext): { start: number; end: number } {
  switch (spec.kind) {
    case "ago": {
      const at = ctx.now - spanMs(spec);
      return { start: at, end: at };
    }
    case "absolute": {
      const [year, month, day] = spec.date.split("-").map(Number) as [number, number, number];
      if (spec.time) {
        const [hour, minute] = spec.time.split(":").map(Number) as [number, number];
        const at = zonedTimeToUtc({ year, month, day, hour, minute }, ctx.timeZone);
        return { start: at, end: at };
      }
      return wholeDay({ year, month, day }, ctx.timeZone);
    }
    case "today":
    case "yesterday": {
      const today = wallTimeAt(ctx.now, ctx.timeZone);
      return wholeDay(spec.kind === "today" ? today : addDays(today, -1), ctx.timeZone);
    }
  }
}

function wholeDay(date: { year: number; month: number; day: number }, timeZone: string) {
  return {
    start: zonedTimeToUtc({ ...date, hour: 0, minute: 0 }, timeZone),
    end: zonedTimeToUtc({ ...date, hour: 23, minute: 59 }, timeZone),
  };
}

/** The instant a lower bound starts at: the spec's first minute, or the minute after it when strict. */
export function lowerInstant(bound: DateBound, ctx: PlanContext): number {
  const { start, end } = specBounds(bound.spec, ctx);
  return bound.strict ? end + MINUTE : start;
}

/** The instant an upper bound ends at: the spec's last minute, or the minute before it when strict. */
export function upperInstant(bound: DateBound, ctx: PlanContext): number {
  const { start, end } = specBounds(bound.spec, ctx);
  return bound.strict ? start - MINUTE : end;
}

const HOUR = 60 * MINUTE;

/**
 * How far a location's wall-clock time can be from UTC: every zone lies within UTC−12 (`Etc/GMT+12`) and
 * UTC+14 (`Pacific/Kiritimati`). With `NEXUDUS_DATES=local` Nexudus compares a filter with wall-clock
 * values, so a bound widened by these reaches every webhook whose instant is in range, whatever its zone.
 */
export const WALL_CLOCK_OFFSETS = { behindMs: 12 * HOUR, aheadMs: 14 * HOUR } as const;

/**
 * The bounds to send for the instants `from`/`to` when Nexudus compares wall-clock values: an instant at
 * or after `from` reads at least `from − 12 h` somewhere, one at or before `to` at most `to + 14 h`.
 */
export function wallClockBounds(
  from: number | undefined,
  to: number | undefined,
): { from: number | undefined; to: number | undefined } {
  return {
    from: from === undefined ? undefined : from - WALL_CLOCK_OFFSETS.behindMs,
    to: to === undefined ? undefined : to + WALL_CLOCK_OFFSETS.aheadMs,
  };
}
