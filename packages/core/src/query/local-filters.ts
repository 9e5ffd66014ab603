import type { WebhookListRecord } from "../nexudus/schemas";
import { formatCount } from "../text/format-count";
import { FIELDS } from "./command-table";
import { dateInRange } from "./match-dates";
import { code } from "./mrkdwn";
import type { DateProperty } from "./plan-builder";
import { QUERY_LIMITS } from "./query-limits";
import type { QueryError } from "./query-types";
import type { RecordTest } from "./row-types";

/**
 * A condition Nexudus cannot apply, checked on list records after fetching every match: extra name words,
 * an event family, a host, every exclusion (`exclude`), and with `NEXUDUS_DATES=local` each date range
 * (`DateFilter`). `field` is a SearchQuery key whose field has `match`; `value` is of that field's type.
 */
export type LocalFilter = FieldFilter | DateFilter;

/** A filter by a field of the query (see `LocalFilter`). */
export interface FieldFilter {
  field: string;
  value: unknown;
  exclude: boolean;
}

/**
 * A date range checked exactly here, on each record's own instant (the client reads each location's
 * wall-clock dates in its zone), because Nexudus compares its filters with wall-clock values
 * (`NEXUDUS_DATES=local`) and was sent a wider range. `from`/`to` are instants as `lowerInstant` and
 * `upperInstant` give them; `terms` name what set them.
 */
export interface DateFilter {
  kind: "dates";
  property: DateProperty;
  from?: number;
  to?: number;
  terms: string[];
  exclude: false;
}

/** The record test of a filter; throws when the field cannot test records (a programming error). */
export function recordTestOf(filter: LocalFilter): RecordTest {
  if ("kind" in filter) return dateInRange((r) => r[filter.property], filter.from, filter.to);
  const match = FIELDS.get(filter.field)?.match;
  if (!match) throw new Error(`The field ${filter.field} cannot be checked after fetching`);
  return match(filter.value);
}

/** Whether a record is kept by every filter: it matches each positive filter and no excluding one. */
export function localFiltersTest(filters: readonly LocalFilter[]): RecordTest {
  const tests = filters.map((f) => ({ test: recordTestOf(f), exclude: f.exclude }));
  return (r) => tests.every((t) => t.test(r) !== t.exclude);
}

/** The records every filter keeps (see `localFiltersTest`). */
export function applyLocalFilters(
  records: readonly WebhookListRecord[],
  filters: readonly LocalFilter[],
): WebhookListRecord[] {
  if (filters.length === 0) return [...records];
  return records.filter(localFiltersTest(filters));
}

/** One page of records already filtered locally, with the totals the result message shows. */
export function pageLocally<T>(
  records: readonly T[],
  page: number,
  size: number,
): { records: T[]; page: number; size: number; totalItems: number; totalPages: number } {
  const totalItems = records.length;
  const totalPages = Math.max(1, Math.ceil(totalItems / size));
  return { records: records.slice((page - 1) * size, page * size), page, size, totalItems, totalPages };
}

function filterName(filter: LocalFilter): string {
  if ("kind" in filter)
    return `${filter.terms.map((t) => code(t)).join(" and ")} (dates read in each location's zone: NEXUDUS_DATES=local)`;
  if (filter.field === "words") return "extra name words";
  return code(`${filter.exclude ? "-" : ""}${filter.field}:`);
}

/**
 * The error to answer when a search with local filters matches more records than may be fetched
 * (`QUERY_LIMITS.maxExclusionRecords`), naming what needs the fetch; undefined within the bound.
 */
export function localFilterLimitError(
  totalItems: number,
  filters: readonly LocalFilter[],
): QueryError | undefined {
  const max = QUERY_LIMITS.maxExclusionRecords;
  if (totalItems <= max) return undefined;
  const names = [...new Set(filters.map(filterName))];
  const listed =
    names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : (names[0] ?? "");
  const verb = names.length > 1 ? "are" : "is";
  return {
    term: termOf(filters[0]),
    message: `This search needs every matching webhook fetched, because ${listed} ${verb} checked here; it matches ${formatCount(totalItems)}; the limit is ${formatCount(max)}. Narrow the search first, e.g. with \`failing\`, \`action:\` or \`location:\`.`,
    suggestions: [],
    code: "too-many-records",
  };
}

function termOf(filter: LocalFilter | undefined): string {
  if (!filter) return "-";
  return "kind" in filter ? (filter.terms[0] ?? "-") : `${filter.field}:`;
}
