import { addDays, formatUtcMinute, wallTimeAt, zonedTimeToUtc } from "../time/zoned-time";
import { SORT_FIELDS } from "./command-table";
import { spanMs } from "./parse-values";
import { QUERY_LIMITS } from "./query-limits";
import type {
  DateBound,
  DateRange,
  DateSpec,
  Exclusion,
  NexudusPlan,
  PlanContext,
  QueryError,
  SearchQuery,
} from "./query-types";

/** Thrown when a query still names a location that `resolveLocations` has not turned into an id. */
export class UnresolvedLocationError extends Error {
  override name = "UnresolvedLocationError";
  constructor(readonly locationName: string) {
    super(`Location "${locationName}" must be resolved with resolveLocations before planning the search`);
  }
}

const MINUTE = 60_000;

/** First and last minute of a spec, as instants. */
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

function lowerInstant(bound: DateBound, ctx: PlanContext): number {
  const { start, end } = specBounds(bound.spec, ctx);
  return bound.strict ? end + MINUTE : start;
}

function upperInstant(bound: DateBound, ctx: PlanContext): number {
  const { start, end } = specBounds(bound.spec, ctx);
  return bound.strict ? start - MINUTE : end;
}

function putDates(
  params: Record<string, string>,
  property: string,
  range: DateRange | undefined,
  ctx: PlanContext,
  extraUpper?: number,
): void {
  const from = range?.from ? lowerInstant(range.from, ctx) : undefined;
  let to = range?.to ? upperInstant(range.to, ctx) : undefined;
  if (extraUpper !== undefined) to = to === undefined ? extraUpper : Math.min(to, extraUpper);
  if (from !== undefined) params[`from_WebHook_${property}`] = formatUtcMinute(from);
  if (to !== undefined) params[`to_WebHook_${property}`] = formatUtcMinute(to);
}

/**
 * The Nexudus search for a query: documented parameter names only, dates as `YYYY-MM-DDTHH:mm` in UTC
 * (the user's dates are wall-clock times in `ctx.timeZone`; spans count back from `ctx.now`).
 * Locations given by name must be resolved first (`resolveLocations`), or UnresolvedLocationError is
 * thrown. With exclusions, `page`/`size` are left out: fetch every page, `applyExclusions`, page locally.
 */
export function toNexudusPlan(query: SearchQuery, ctx: PlanContext): NexudusPlan {
  const params: Record<string, string> = {};
  if (query.location) {
    if (!("id" in query.location)) throw new UnresolvedLocationError(query.location.name);
    params.WebHook_Business = String(query.location.id);
  }
  if (query.name !== undefined) params.WebHook_Name = query.name;
  if (query.action !== undefined) params.WebHook_Action = String(query.action);
  if (query.description !== undefined) params.WebHook_Description = query.description;
  if (query.url !== undefined) params.WebHook_URL = query.url;
  if (query.active !== undefined) params.WebHook_Active = String(query.active);
  if (query.error !== undefined) params.WebHook_LastError = query.error;

  let min = query.errors?.min;
  let max = query.errors?.max;
  if (query.failing) min = Math.max(min ?? 0, Math.max(1, Math.trunc(ctx.minErrors) || 1));
  if (query.healthy) max = Math.min(max ?? 0, 0);
  if (min !== undefined && min === max) {
    params.WebHook_ErrorCount = String(min);
  } else {
    if (min !== undefined) params.from_WebHook_ErrorCount = String(min);
    if (max !== undefined) params.to_WebHook_ErrorCount = String(max);
  }

  const impossible: QueryError[] = [];
  if (min !== undefined && max !== undefined && min > max) {
    impossible.push({
      term: query.failing ? "failing" : "errors:",
      message: query.failing
        ? `\`failing\` means at least ${min} errors here (DIGEST_MIN_ERRORS), and the \`errors:\` term allows at most ${max}: no webhook can match both.`
        : `The error counts asked for run from ${min} to ${max}: no webhook can match.`,
      suggestions: [],
      code: "contradiction",
    });
  }

  const staleBefore = query.stale ? ctx.now - spanMs(query.stale) : undefined;
  putDates(params, "LastTrigger", query.triggered, ctx, staleBefore);
  putDates(params, "CreatedOn", query.created, ctx);
  putDates(params, "UpdatedOn", query.updated, ctx);
  for (const [property, term] of [
    ["LastTrigger", query.stale ? "stale" : "triggered:"],
    ["CreatedOn", "created:"],
    ["UpdatedOn", "updated:"],
  ] as const) {
    const from = params[`from_WebHook_${property}`];
    const to = params[`to_WebHook_${property}`];
    // Same fixed-width format, so text order is time order.
    if (from !== undefined && to !== undefined && from > to) {
      impossible.push({
        term,
        message: `\`${term}\` asks for dates from ${from.replace("T", " ")} to ${to.replace("T", " ")} (UTC): that range is empty.`,
        suggestions: [],
        code: "contradiction",
      });
    }
  }

  if (query.sort) {
    params.orderBy = SORT_FIELDS[query.sort.field];
    params.dir = query.sort.descending ? "-1" : "1";
  } else if (query.failing) {
    params.orderBy = "ErrorCount";
    params.dir = "-1";
  }

  const exclusions: Exclusion[] = (query.exclude ?? []).map((e) => {
    if (e.field !== "location") return e;
    if (!("id" in e.location)) throw new UnresolvedLocationError(e.location.name);
    return { field: "location", businessId: e.location.id };
  });
  const page = query.page ?? 1;
  const size = query.size ?? QUERY_LIMITS.defaultSize;
  const localPaging = exclusions.length > 0;
  if (!localPaging) {
    params.page = String(page);
    params.size = String(size);
  }
  return { params, exclusions, page, size, localPaging, impossible };
}
