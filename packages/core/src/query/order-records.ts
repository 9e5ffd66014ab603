import { lastSuccessOf, type WebhookListRecord } from "../nexudus/schemas";
import type { SortOrder } from "./query-types";

function lastSuccessMs(record: WebhookListRecord): number {
  // Never delivered is the oldest success of all.
  return lastSuccessOf(record)?.getTime() ?? Number.NEGATIVE_INFINITY;
}

const compare = (a: number, b: number): number => (a === b ? 0 : a < b ? -1 : 1);

/**
 * Records in the order shown. Nexudus sorts by one field, so ties in `ErrorCount` are broken here by the
 * oldest last success (never delivered first): the webhook that has failed longest reads first. Other
 * orders are Nexudus's own. Applied to every record of a local search, and within the page otherwise.
 */
export function orderRecords(
  records: readonly WebhookListRecord[],
  order: SortOrder | undefined,
): WebhookListRecord[] {
  if (order?.field !== "errors") return [...records];
  const dir = order.descending ? -1 : 1;
  return records
    .map((record) => ({ record, success: lastSuccessMs(record) }))
    .sort((a, b) => dir * (a.record.ErrorCount - b.record.ErrorCount) || compare(a.success, b.success))
    .map((x) => x.record);
}
