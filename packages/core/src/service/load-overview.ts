import type { OverviewModel, OverviewTotals } from "../blocks/models";
import { OVERVIEW_SEARCHES } from "../blocks/overview-message";
import type { CallOptions } from "../nexudus/client-types";
import { parseCommand, toNexudusPlan } from "../query";
import type { SearchQuery } from "../query/query-types";
import { both, namesOrEmpty } from "./load-results";
import { pausedByContext } from "./paused-by-context";
import type { ServiceDeps } from "./service-types";

/** How many of the worst failing webhooks the overview lists. */
export const OVERVIEW_WORST = 5;

/** The query of one of the overview's searches (they are constants: a failure to parse is a bug). */
function queryOf(text: string): SearchQuery {
  const parsed = parseCommand(text);
  if (!parsed.ok || parsed.command.kind !== "search")
    throw new Error(`overview search "${text}" does not parse`);
  return parsed.command.query;
}

/**
 * The overview: one small search per count (`OVERVIEW_SEARCHES`: failing, disabled by Nexudus, paused,
 * stale, all) whose `TotalItems` is the count, so each count is what its button finds. The failing one,
 * sorted worst first, also brings the worst few; the others ask for one record. All are sent at once with
 * the location names (the client's limiter spaces them as Nexudus requires).
 */
export async function loadOverview(deps: ServiceDeps, call: CallOptions): Promise<OverviewModel> {
  const now = deps.clock.now();
  const ctx = { now, timeZone: deps.config.timeZone, minErrors: deps.config.minErrors };
  const total = async (key: keyof OverviewTotals, size: number) => {
    const params = {
      ...toNexudusPlan(queryOf(OVERVIEW_SEARCHES[key]), ctx).params,
      page: "1",
      size: String(size),
    };
    return deps.client.searchWebhooks(params, call);
  };
  const [[[failing, disabled], [paused, stale]], [all, locations]] = await both(
    both(
      both(total("failing", OVERVIEW_WORST), total("disabled", 1)),
      both(total("paused", 1), total("stale", 1)),
    ),
    both(total("all", 1), namesOrEmpty(deps, call)),
  );
  return {
    kind: "overview",
    totals: {
      all: all.TotalItems,
      failing: failing.TotalItems,
      disabled: disabled.TotalItems,
      paused: paused.TotalItems,
      stale: stale.TotalItems,
    },
    worst: failing.Records.slice(0, OVERVIEW_WORST),
    locations,
    now,
    ...(failing.skipped > 0 ? { skipped: failing.skipped } : {}),
    ...pausedByContext(deps),
  };
}
