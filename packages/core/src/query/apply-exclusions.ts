import type { WebhookListRecord } from "../nexudus/schemas";
import { foldText } from "./fold-text";
import { QUERY_LIMITS } from "./query-limits";
import type { Exclusion, QueryError } from "./query-types";

function contains(haystack: string | null | undefined, needle: string): boolean {
  return haystack != null && foldText(haystack).includes(needle);
}

/**
 * Drops the records any exclusion matches. Text exclusions match a part of the field, ignoring case and
 * accents (as Nexudus's own filters are taken to); `action`/`location` match ids.
 */
export function applyExclusions(
  records: readonly WebhookListRecord[],
  exclusions: readonly Exclusion[],
): WebhookListRecord[] {
  if (exclusions.length === 0) return [...records];
  const prepared = exclusions.map((e) => ("text" in e ? { ...e, text: foldText(e.text) } : e));
  return records.filter((r) => !prepared.some((e) => matches(r, e)));
}

function matches(r: WebhookListRecord, e: Exclusion): boolean {
  switch (e.field) {
    case "name":
      return contains(r.Name, e.text);
    case "url":
      return contains(r.URL, e.text);
    case "error":
      return contains(r.LastError, e.text);
    case "action":
      return r.Action === e.action;
    case "location":
      return r.BusinessId === e.businessId;
  }
  return false;
}

/** One page of records already filtered locally, with the totals the result message shows. */
export function pageLocally<T>(
  records: readonly T[],
  page: number,
  size: number,
): { records: T[]; page: number; size: number; totalItems: number; totalPages: number } {
  const totalItems = records.length;
  const totalPages = Math.max(1, Math.ceil(totalItems / size));
  return { records: records.slice((page - 1) * size, page * size), page, size, totalItems, totalPages };
}

/**
 * The error to answer when a search with exclusions matches more records than may be fetched
 * (`QUERY_LIMITS.maxExclusionRecords`), or undefined when `totalItems` is within the bound.
 */
export function exclusionLimitError(totalItems: number): QueryError | undefined {
  const max = QUERY_LIMITS.maxExclusionRecords;
  if (totalItems <= max) return undefined;
  return {
    term: "-",
    message: `Exclusions (terms starting with \`-\`) need every matching webhook fetched, and this search matches ${totalItems.toLocaleString("en-US")}; the limit is ${max.toLocaleString("en-US")}. Narrow the search first, e.g. with \`failing\`, \`action:\` or \`location:\`.`,
    suggestions: [],
    code: "too-many-records",
  };
}
