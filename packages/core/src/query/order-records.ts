import { oldestSuccessFirst, type WebhookListRecord } from "../nexudus/schemas";
import type { SortOrder } from "./query-types";

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
  return [...records].sort((a, b) => dir * (a.ErrorCount - b.ErrorCount) || oldestSuccessFirst(a, b));
}
