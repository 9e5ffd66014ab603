import type { LocationNames, SearchResultModel } from "../blocks/models";
import type { CallOptions, WalkResult } from "../nexudus/client-types";
import { NexudusTooManyRecordsError } from "../nexudus/errors";
import type { WebhookListRecord } from "../nexudus/schemas";
import {
  applyLocalFilters,
  describeQuery,
  formatQuery,
  localFilterLimitError,
  orderRecords,
  pageLocally,
  QUERY_LIMITS,
  toNexudusPlan,
} from "../query";
import type { PlanContext, QueryError, SearchQuery } from "../query/query-types";
import { isOutOfTime } from "./messages";
import type { ServiceDeps } from "./service-types";

/**
 * The search cannot be answered as asked: it cannot match anything (found once the configuration and the
 * time are known), or its local filters need more records fetched than allowed.
 */
export class ImpossibleSearchError extends Error {
  override name = "ImpossibleSearchError";
  constructor(readonly problems: QueryError[]) {
    super(problems.map((p) => p.message).join(" "));
  }
}

/**
 * Runs a search whose locations are resolved: one page from Nexudus, or, with local filters (what Nexudus
 * cannot apply: exclusions, extra name words, event families, dates with `NEXUDUS_DATES=local`), every
 * matching record (bounded by `QUERY_LIMITS.maxExclusionRecords`) filtered, ordered and paged here, so
 * the count is of what the filters kept. Location names are read alongside. The model's query names the
 * order used (`failing sort:-errors`).
 */
export async function loadResults(
  query: SearchQuery,
  deps: ServiceDeps,
  call: CallOptions,
): Promise<SearchResultModel> {
  const now = deps.clock.now();
  const plan = toNexudusPlan(query, planContextOf(deps, now));
  if (plan.impossible.length > 0) throw new ImpossibleSearchError(plan.impossible);

  const search = async (): Promise<{
    records: WebhookListRecord[];
    total: number | undefined;
    pages: number | undefined;
    hasNext?: boolean;
    excluded?: number;
    skipped: number;
  }> => {
    if (!plan.localPaging) {
      const page = await deps.client.searchWebhooks(plan.params, call);
      // Nexudus sorts by one field: ties are broken within the page. It may also ignore `size` and answer
      // with every record: never show more than was asked.
      return {
        records: orderRecords(page.Records.slice(0, plan.size), plan.order),
        total: page.TotalItems,
        pages: page.TotalPages,
        hasNext: page.HasNextPage,
        skipped: page.skipped,
      };
    }
    const { records: all, skipped } = await searchAll(plan.params, plan.localFilters, deps, call);
    const matching = applyLocalFilters(
      all,
      plan.localFilters.filter((f) => !f.exclude),
    );
    const exclusions = plan.localFilters.filter((f) => f.exclude);
    const kept = applyLocalFilters(matching, exclusions);
    const page = pageLocally(orderRecords(kept, plan.order), plan.page, plan.size);
    return {
      records: page.records,
      total: page.totalItems,
      pages: page.totalPages,
      ...(exclusions.length > 0 ? { excluded: matching.length - kept.length } : {}),
      skipped,
    };
  };

  const [found, names] = await both(search(), namesOrEmpty(deps, call));
  return {
    kind: "results",
    query: formatQuery(query.sort || !plan.order ? query : { ...query, sort: plan.order }),
    title: describeQuery(query, names),
    records: found.records,
    page: plan.page,
    size: plan.size,
    totalItems: found.total,
    totalPages: found.pages,
    locations: names,
    now,
    ...(found.hasNext !== undefined ? { hasNextPage: found.hasNext } : {}),
    ...(found.excluded !== undefined ? { excluded: found.excluded } : {}),
    ...(found.skipped > 0 ? { skipped: found.skipped } : {}),
  };
}

/** What the planner needs of the service's configuration at `now`. */
export function planContextOf(deps: ServiceDeps, now: number): PlanContext {
  const { timeZone, minErrors, nexudusDates } = deps.config;
  return { now, timeZone, minErrors, ...(nexudusDates ? { nexudusDates } : {}) };
}

/** Every record matching `params`, bounded; over the bound, the error naming what needs the fetch. */
async function searchAll(
  params: Record<string, string>,
  filters: Parameters<typeof localFilterLimitError>[1],
  deps: ServiceDeps,
  call: CallOptions,
): Promise<WalkResult<WebhookListRecord>> {
  try {
    return await deps.client.searchAllWebhooks(params, {
      ...call,
      maxRecords: QUERY_LIMITS.maxExclusionRecords,
      pageSize: QUERY_LIMITS.exclusionFetchPageSize,
    });
  } catch (error) {
    const tooMany =
      error instanceof NexudusTooManyRecordsError ? localFilterLimitError(error.total, filters) : undefined;
    throw tooMany ? new ImpossibleSearchError([tooMany]) : error;
  }
}

/**
 * Location names for display. A failure here (e.g. the API user lacks Business-List) must not hide the
 * search results: the rows then show the location id. Running out of time still ends the request.
 */
export async function namesOrEmpty(deps: ServiceDeps, call: CallOptions): Promise<LocationNames> {
  try {
    return await deps.locations.names(call);
  } catch (error) {
    if (isOutOfTime(error) || call.signal?.aborted) throw error;
    return new Map();
  }
}

/** Awaits two calls made in parallel; neither is left running when the other fails. */
export async function both<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === "rejected") throw ra.reason;
  if (rb.status === "rejected") throw rb.reason;
  return [ra.value, rb.value];
}
