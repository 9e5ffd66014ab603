import { formatUtcMinute } from "../time/zoned-time";
import { type LocalFilter, recordTestOf } from "./local-filters";
import { wallClockBounds } from "./plan-dates";
import { QUERY_LIMITS } from "./query-limits";
import type { NexudusPlan, PlanContext, QueryError, SortOrder } from "./query-types";
import { SORT_FIELDS } from "./sort-fields";

/** The date properties Nexudus filters by range. */
export type DateProperty = "LastTrigger" | "CreatedOn" | "UpdatedOn";

interface Bound {
  value: number;
  /** The term that set it, to name in a message. */
  term: string;
}

const MOST_ERRORS_FIRST: SortOrder = { field: "errors", descending: true };

/**
 * What the fields of a query write their meaning into (see `Field.plan`): documented Nexudus parameters,
 * local filters, bounds on `ErrorCount` and on dates (several terms narrow one range), the order and the
 * paging. `finish` turns it into the plan, with the reasons no webhook can match once the context is known.
 */
export class PlanBuilder {
  readonly params: Record<string, string> = {};
  readonly localFilters: LocalFilter[] = [];
  page = 1;
  size: number = QUERY_LIMITS.defaultSize;
  private sort?: SortOrder;
  private defaultSort?: SortOrder;
  private readonly errors: { min?: Bound; max?: Bound } = {};
  private readonly dates = new Map<DateProperty, { from?: Bound; to?: Bound }>();

  constructor(readonly ctx: PlanContext) {}

  /** A documented query parameter. */
  param(name: string, value: string): void {
    this.params[name] = value;
  }

  /**
   * Records that match (or, with `exclude`, do not match) `value` of `field`, checked after fetching.
   * The field's test is built once here, so that a value it cannot test fails now, not after the fetch.
   */
  filter(field: string, value: unknown, exclude = false): void {
    const filter: LocalFilter = { field, value, exclude };
    recordTestOf(filter);
    this.localFilters.push(filter);
  }

  /** `ErrorCount` ≥ `n`; the highest lower bound wins (the first term on a tie). */
  errorsAtLeast(n: number, term: string): void {
    if (this.errors.min === undefined || n > this.errors.min.value) this.errors.min = { value: n, term };
  }

  /** `ErrorCount` ≤ `n`; the lowest upper bound wins. */
  errorsAtMost(n: number, term: string): void {
    if (this.errors.max === undefined || n < this.errors.max.value) this.errors.max = { value: n, term };
  }

  /** `property` at or after the instant `at`; the latest lower bound wins. */
  datesFrom(property: DateProperty, at: number, term: string): void {
    const range = this.rangeOf(property);
    if (range.from === undefined || at > range.from.value) range.from = { value: at, term };
  }

  /** `property` at or before the instant `at` (its whole minute); the earliest upper bound wins. */
  datesTo(property: DateProperty, at: number, term: string): void {
    const range = this.rangeOf(property);
    if (range.to === undefined || at < range.to.value) range.to = { value: at, term };
  }

  /** The order asked for (`sort:`). */
  orderBy(sort: SortOrder): void {
    this.sort = sort;
  }

  /** The order when none is asked for and the search is not failing-type (`stale`: oldest success first). */
  orderByDefault(sort: SortOrder): void {
    this.defaultSort ??= sort;
  }

  finish(): NexudusPlan {
    const impossible: QueryError[] = [];
    this.putErrorCounts(impossible);
    for (const property of ["LastTrigger", "CreatedOn", "UpdatedOn"] as const) {
      this.putDates(property, impossible);
    }
    // A search that only finds webhooks with errors lists the closest to being disabled first.
    const failingType = (this.errors.min?.value ?? 0) >= 1;
    const order = this.sort ?? (failingType ? MOST_ERRORS_FIRST : this.defaultSort);
    if (order) {
      this.params.orderBy = SORT_FIELDS[order.field];
      this.params.dir = order.descending ? "-1" : "1";
    }
    const localPaging = this.localFilters.length > 0;
    if (!localPaging) {
      this.params.page = String(this.page);
      this.params.size = String(this.size);
    }
    return {
      params: this.params,
      localFilters: this.localFilters,
      page: this.page,
      size: this.size,
      localPaging,
      impossible,
      ...(order ? { order } : {}),
    };
  }

  private rangeOf(property: DateProperty): { from?: Bound; to?: Bound } {
    let range = this.dates.get(property);
    if (!range) {
      range = {};
      this.dates.set(property, range);
    }
    return range;
  }

  private putErrorCounts(impossible: QueryError[]): void {
    const { min, max } = this.errors;
    if (min !== undefined && max !== undefined && min.value === max.value) {
      this.params.WebHook_ErrorCount = String(min.value);
      return;
    }
    if (min !== undefined) this.params.from_WebHook_ErrorCount = String(min.value);
    if (max !== undefined) this.params.to_WebHook_ErrorCount = String(max.value);
    if (min !== undefined && max !== undefined && min.value > max.value) {
      const failing = min.term === "failing";
      impossible.push({
        term: min.term,
        message: failing
          ? `\`failing\` means at least ${min.value} errors here (DIGEST_MIN_ERRORS), and the \`errors:\` term allows at most ${max.value}: no webhook can match both.`
          : `The error counts asked for run from ${min.value} to ${max.value}: no webhook can match.`,
        suggestions: [],
        code: "contradiction",
      });
    }
  }

  /**
   * A date range as Nexudus's `from_`/`to_` minutes. With `NEXUDUS_DATES=local` Nexudus compares them with
   * each location's wall-clock time, which one value cannot match for every zone: the range sent is
   * widened to reach every zone, and the exact one is checked here on each record (a local filter).
   */
  private putDates(property: DateProperty, impossible: QueryError[]): void {
    const range = this.dates.get(property);
    if (!range) return;
    const exactFrom = range.from?.value;
    const exactTo = range.to?.value;
    const local = this.ctx.nexudusDates === "local";
    const sent = local ? wallClockBounds(exactFrom, exactTo) : { from: exactFrom, to: exactTo };
    if (sent.from !== undefined) this.params[`from_WebHook_${property}`] = formatUtcMinute(sent.from);
    if (sent.to !== undefined) this.params[`to_WebHook_${property}`] = formatUtcMinute(sent.to);
    if (local) {
      const terms = [...new Set([range.from?.term, range.to?.term].filter((t) => t !== undefined))];
      this.localFilters.push({
        kind: "dates",
        property,
        ...(exactFrom !== undefined ? { from: exactFrom } : {}),
        ...(exactTo !== undefined ? { to: exactTo } : {}),
        terms,
        exclude: false,
      });
    }
    const from = exactFrom === undefined ? undefined : formatUtcMinute(exactFrom);
    const to = exactTo === undefined ? undefined : formatUtcMinute(exactTo);
    // Same fixed-width format, so text order is time order.
    if (from !== undefined && to !== undefined && from > to) {
      const term = range.to!.term;
      impossible.push({
        term,
        message: `\`${term}\` asks for dates from ${from.replace("T", " ")} to ${to.replace("T", " ")} (UTC): that range is empty.`,
        suggestions: [],
        code: "contradiction",
      });
    }
  }
}
