import type { OverviewModel, OverviewTotals } from "../blocks/models";
import { OVERVIEW_SEARCHES } from "../blocks/overview-message";
import type { CallOptions, WebhookSearchEnvelope } from "../nexudus/client-types";
import { NexudusTooManyRecordsError } from "../nexudus/errors";
import { applyLocalFilters, orderRecords, parseCommand, QUERY_LIMITS, toNexudusPlan } from "../query";
import type { SearchQuery } from "../query/query-types";
import { countLocally } from "./count-locally";
import { namesOrEmpty, planContextOf } from "./load-results";
import { pausedByContext } from "./paused-by-context";
import type { ServiceDeps } from "./service-types";

/** How many of the worst failing webhooks the overview lists. */
export const OVERVIEW_WORST = 5;

/**
 * The overview's "all" search asks for this many records: an account with no more webhooks than this is
 * counted from that one page. Most accounts have tens; the page stays small (listed records carry no
 * Description).
 */
export const OVERVIEW_PAGE_SIZE = 100;

/** The query of one of the overview's searches (they are constants: a failure to parse is a bug). */
function queryOf(text: string): SearchQuery {
  const parsed = parseCommand(text);
  if (!parsed.ok || parsed.command.kind !== "search")
    throw new Error(`overview search "${text}" does not parse`);
  return parsed.command.query;
}

type Key = keyof OverviewTotals;
type Counted = { total: number | undefined; records: WebhookSearchEnvelope["Records"]; skipped: number };

/**
 * The overview: one count per search of `OVERVIEW_SEARCHES` (failing, disabled by Nexudus, paused, stale,
 * all), each equal to what its button finds. Nexudus's limiter lets one request go every 120 ms, so five
 * counts cost R + 480 ms; fewer requests are sent where the answer allows it:
 *
 * - "all" asks for up to `OVERVIEW_PAGE_SIZE` records. When that page holds every webhook, the counts whose
 *   filters are exact (`Active`, `ErrorCount`: failing, disabled, paused) are counted in it, and the worst
 *   failing picked from it: R + 120 ms for the usual account (all, then stale, whose date filter is
 *   Nexudus's to judge). With `NEXUDUS_DATES=local` stale is exact here too (see `countLocally`): counted
 *   in that page, or else on every record of its wider range.
 * - Those countable searches are still queued behind the others, in case the page is not complete (a
 *   larger account): once it is, the ones the limiter has not let go yet are withdrawn, never sent. A
 *   larger account costs what asking every count did (R + 480 ms), never more, with one exception: with
 *   `NEXUDUS_DATES=local` its stale count reads every page of stale's wider range (up to
 *   `QUERY_LIMITS.maxExclusionRecords`, 1,000 a page), so each page past the first adds 120 ms (up to
 *   R + 960 ms), as the `stale` search itself costs.
 *
 * The location names are read alongside (the locations cache keeps them a few minutes).
 */
export async function loadOverview(deps: ServiceDeps, call: CallOptions): Promise<OverviewModel> {
  const now = deps.clock.now();
  const ctx = planContextOf(deps, now);
  const keys = Object.keys(OVERVIEW_SEARCHES) as Key[];
  const plans = Object.fromEntries(
    keys.map((key) => {
      const plan = toNexudusPlan(queryOf(OVERVIEW_SEARCHES[key]), ctx);
      return [key, { ...plan, matches: countLocally(plan.params, plan.localFilters) }];
    }),
  ) as Record<Key, ReturnType<typeof toNexudusPlan> & { matches: ReturnType<typeof countLocally> }>;
  // "failing" asks for the page `failing` shows: its worst, ordered as it orders them (errors, then longest
  // without a success; Nexudus sorts by one field), are the overview's.
  const worstPage = Math.max(OVERVIEW_WORST, plans.failing.size);
  const size = (key: Key) => (key === "all" ? OVERVIEW_PAGE_SIZE : key === "failing" ? worstPage : 1);
  const spare = new AbortController();
  const withdraw = () => spare.abort();
  call.signal?.addEventListener("abort", withdraw, { once: true });
  const search = (key: Key, options: CallOptions) =>
    deps.client.searchWebhooks({ ...plans[key].params, page: "1", size: String(size(key)) }, options);
  const counted = (page: WebhookSearchEnvelope): Counted => ({
    total: page.TotalItems,
    records: page.Records,
    skipped: page.skipped,
  });
  // A search with local filters (stale with NEXUDUS_DATES=local: Nexudus was sent a wider range) is
  // counted on every record it fetches, as its button counts it; over the bound the count is unknown.
  const count = async (key: Key, options: CallOptions): Promise<Counted> => {
    const plan = plans[key];
    if (plan.localFilters.length === 0) return counted(await search(key, options));
    try {
      const all = await deps.client.searchAllWebhooks(plan.params, {
        ...options,
        maxRecords: QUERY_LIMITS.maxExclusionRecords,
        pageSize: QUERY_LIMITS.exclusionFetchPageSize,
      });
      const records = applyLocalFilters(all.records, plan.localFilters);
      return { total: records.length, records, skipped: all.skipped };
    } catch (error) {
      if (error instanceof NexudusTooManyRecordsError) return { total: undefined, records: [], skipped: 0 };
      throw error;
    }
  };

  // In the order the limiter lets them go: what is always needed first, what may be withdrawn last.
  const all = search("all", call);
  const needed = keys.filter((k) => k !== "all" && !plans[k].matches);
  const countable = keys.filter((k) => k !== "all" && plans[k].matches);
  const asked = new Map<Key, Promise<Counted>>(needed.map((k) => [k, count(k, call)]));
  const names = namesOrEmpty(deps, call);
  const spareCall: CallOptions = { ...call, signal: spare.signal };
  const maybe = new Map<Key, Promise<Counted>>(countable.map((k) => [k, count(k, spareCall)]));
  // Each is awaited below (or withdrawn); none may count as unhandled while the first page is awaited.
  for (const pending of [names, ...asked.values(), ...maybe.values()]) pending.catch(() => {});

  try {
    const first = await settle(all);
    const page = first.ok ? first.value : undefined;
    const complete =
      page !== undefined &&
      page.skipped === 0 &&
      !page.HasNextPage &&
      (page.TotalItems === undefined || page.TotalItems === page.Records.length);
    if (complete || !first.ok) withdraw();
    const rest = await Promise.allSettled([names, ...asked.values(), ...(complete ? [] : maybe.values())]);
    if (!first.ok) throw first.error;
    for (const r of rest) if (r.status === "rejected") throw r.reason;
    const locations = (rest[0] as PromiseFulfilledResult<Awaited<typeof names>>).value;

    const results = new Map<Key, Counted>([["all", counted(page as WebhookSearchEnvelope)]]);
    for (const [k, p] of asked) results.set(k, await p);
    for (const k of countable) {
      const matches = plans[k].matches;
      if (complete && matches) {
        const records = (page as WebhookSearchEnvelope).Records.filter(matches);
        results.set(k, { total: records.length, records, skipped: 0 });
      } else results.set(k, await (maybe.get(k) as Promise<Counted>));
    }
    const total = (k: Key) => results.get(k)?.total;
    const failing = results.get("failing") as Counted;
    return {
      kind: "overview",
      totals: {
        all: total("all"),
        failing: total("failing"),
        disabled: total("disabled"),
        paused: total("paused"),
        stale: total("stale"),
      },
      worst: orderRecords(failing.records, plans.failing.order).slice(0, OVERVIEW_WORST),
      locations,
      now,
      ...(failing.skipped > 0 ? { skipped: failing.skipped } : {}),
      ...pausedByContext(deps),
    };
  } finally {
    call.signal?.removeEventListener("abort", withdraw);
    withdraw();
  }
}

async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}
