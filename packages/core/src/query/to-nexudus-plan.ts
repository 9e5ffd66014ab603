import { FIELDS } from "./command-table";
import { PlanBuilder } from "./plan-builder";
import type { NexudusPlan, PlanContext, SearchQuery } from "./query-types";

export { UnresolvedLocationError } from "./resolve-locations";

/**
 * The Nexudus search for a query: each field writes its part (documented parameter names only, dates as
 * `YYYY-MM-DDTHH:mm` in UTC: the user's dates are wall-clock times in `ctx.timeZone`, spans count back
 * from `ctx.now`; widened, and checked exactly as a local filter, when `ctx.nexudusDates` is `local`), and
 * what Nexudus cannot filter becomes a local filter, exclusions included. Locations
 * given by name must be resolved first (`resolveLocations`), or UnresolvedLocationError is thrown. With
 * local filters, `page`/`size` are left out: fetch every page, `applyLocalFilters`, page locally.
 */
export function toNexudusPlan(query: SearchQuery, ctx: PlanContext): NexudusPlan {
  const plan = new PlanBuilder(ctx);
  const values = query as Record<string, unknown>;
  for (const field of FIELDS.values()) {
    const value = values[field.key];
    if (value !== undefined) field.plan(value, plan);
  }
  for (const e of query.exclude ?? []) plan.filter(e.field, e.value, true);
  return plan.finish();
}
