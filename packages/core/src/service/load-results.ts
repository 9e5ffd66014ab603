import type { LocationNames, SearchResultModel } from "../blocks/models";
import type { CallOptions } from "../nexudus/client-types";
import type { WebhookListRecord } from "../nexudus/schemas";
import {
  applyExclusions,
  describeQuery,
  formatQuery,
  pageLocally,
  QUERY_LIMITS,
  toNexudusPlan,
} from "../query";
import type { QueryError, SearchQuery } from "../query/query-types";
import { isOutOfTime } from "./messages";
import type { ServiceDeps } from "./service-types";

/** The search cannot match anything (found once the configuration and the time are known). */
export class ImpossibleSearchError extends Error {
  override name = "ImpossibleSearchError";
  constructor(readonly problems: QueryError[]) {
    super(problems.map((p) => p.message).join(" "));
  }
}

/**
 * Runs a search whose locations are resolved: one page from Nexudus, or, with exclusion terms (which
 * Nexudus cannot apply), every matching record (bounded by `QUERY_LIMITS.maxExclusionRecords`) filtered
 * and paged here. Location names are read alongside.
 */
export async function loadResults(
  query: SearchQuery,
  deps: ServiceDeps,
  call: CallOptions,
): Promise<SearchResultModel> {
  const now = deps.clock.now();
  const plan = toNexudusPlan(query, {
    now,
    timeZone: deps.config.timeZone,
    minErrors: deps.config.minErrors,
  });
  if (plan.impossible.length > 0) throw new ImpossibleSearchError(plan.impossible);

  const search = async (): Promise<{
    records: WebhookListRecord[];
    total: number;
    pages: number;
    excluded?: number;
  }> => {
    if (!plan.localPaging) {
      const page = await deps.client.searchWebhooks(plan.params, call);
      // Nexudus may ignore `size` and answer with every record: never show more than was asked.
      return { records: page.Records.slice(0, plan.size), total: page.TotalItems, pages: page.TotalPages };
    }
    const all = await deps.client.searchAllWebhooks(plan.params, {
      ...call,
      maxRecords: QUERY_LIMITS.maxExclusionRecords,
      pageSize: QUERY_LIMITS.exclusionFetchPageSize,
    });
    const kept = applyExclusions(all, plan.exclusions);
    const page = pageLocally(kept, plan.page, plan.size);
    return {
      records: page.records,
      total: page.totalItems,
      pages: page.totalPages,
      excluded: all.length - kept.length,
    };
  };

  const [found, names] = await both(search(), namesOrEmpty(deps, call));
  return {
    kind: "results",
    query: formatQuery(query),
    title: describeQuery(query, names),
    records: found.records,
    page: plan.page,
    size: plan.size,
    totalItems: found.total,
    totalPages: found.pages,
    locations: names,
    now,
    ...(found.excluded !== undefined ? { excluded: found.excluded } : {}),
  };
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
