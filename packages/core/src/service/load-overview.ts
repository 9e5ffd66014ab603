import { allSettledOrThrow } from "../all-settled-or-throw";
import type { OverviewModel } from "../blocks/models";
import type { CallOptions, WebhookSearchEnvelope } from "../nexudus/client-types";
import { toNexudusPlan } from "../query";
import type { SearchQuery } from "../query/query-types";
import { both, namesOrEmpty } from "./load-results";
import type { ServiceDeps } from "./service-types";

/** How many of the worst failing webhooks the overview lists. */
export const OVERVIEW_WORST = 5;

/**
 * The overview: three small searches whose `TotalItems` are the totals (all, failing, disabled); the
 * failing one, sorted worst first, also brings the worst few. All three and the location names are asked
 * for together: the client's limiter spaces their sends, not their round trips.
 */
export async function loadOverview(deps: ServiceDeps, call: CallOptions): Promise<OverviewModel> {
  const now = deps.clock.now();
  const ctx = { now, timeZone: deps.config.timeZone, minErrors: deps.config.minErrors };
  const params = (query: SearchQuery, size: number) => ({
    ...toNexudusPlan(query, ctx).params,
    page: "1",
    size: String(size),
  });
  const totals = async () => {
    const [failing, disabled, all] = await allSettledOrThrow<
      [WebhookSearchEnvelope, WebhookSearchEnvelope, WebhookSearchEnvelope]
    >([
      deps.client.searchWebhooks(params({ failing: true }, OVERVIEW_WORST), call),
      deps.client.searchWebhooks(params({ active: false }, 1), call),
      deps.client.searchWebhooks(params({}, 1), call),
    ]);
    return { failing, disabled, all };
  };
  const [pages, locations] = await both(totals(), namesOrEmpty(deps, call));
  const skipped = pages.failing.skipped;
  return {
    kind: "overview",
    totals: {
      all: pages.all.TotalItems,
      failing: pages.failing.TotalItems,
      disabled: pages.disabled.TotalItems,
    },
    worst: pages.failing.Records.slice(0, OVERVIEW_WORST),
    locations,
    now,
    ...(skipped > 0 ? { skipped } : {}),
  };
}
