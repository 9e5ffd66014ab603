import type { OverviewModel, OverviewTotals } from "../blocks/models";
import { OVERVIEW_SEARCHES } from "../blocks/overview-message";
import type { CallOptions } from "../nexudus/client-types";
import { orderRecords, parseCommand, toNexudusPlan } from "../query";
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
 * stale, all) whose `TotalItems` is the count, so each count is what its button finds. The failing one asks
 * for the page `failing` shows, ordered as it is (errors, then longest without a success: Nexudus sorts by
 * one field, so ties are broken within the page), and its first few are the worst; the others ask for one
 * record. All are sent at once with the location names (the client's limiter spaces them as Nexudus
 * requires).
 */
export async function loadOverview(deps: ServiceDeps, call: CallOptions): Promise<OverviewModel> {
  const now = deps.clock.now();
  const ctx = { now, timeZone: deps.config.timeZone, minErrors: deps.config.minErrors };
  const planOf = (key: keyof OverviewTotals) => toNexudusPlan(queryOf(OVERVIEW_SEARCHES[key]), ctx);
  const total = async (key: keyof OverviewTotals, size: number) => {
    const params = { ...planOf(key).params, page: "1", size: String(size) };
    return deps.client.searchWebhooks(params, call);
  };
  // The same first page as `failing`, so that its first rows are the overview's worst.
  const failingPlan = planOf("failing");
  const worstPage = Math.max(OVERVIEW_WORST, failingPlan.size);
  const [[[failing, disabled], [paused, stale]], [all, locations]] = await both(
    both(
      both(total("failing", worstPage), total("disabled", 1)),
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
    worst: orderRecords(failing.Records.slice(0, worstPage), failingPlan.order).slice(0, OVERVIEW_WORST),
    locations,
    now,
    ...(failing.skipped > 0 ? { skipped: failing.skipped } : {}),
    ...pausedByContext(deps),
  };
}
