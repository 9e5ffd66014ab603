import type { WebhookListRecord } from "../nexudus/schemas";
import { type LocalFilter, localFiltersTest } from "../query";

/** Parameters that choose a page or an order, not which records match. */
const PAGING = new Set(["orderBy", "dir", "page", "size"]);

/**
 * The records a search would find, told apart here: a predicate for search parameters whose
 * meaning leaves no doubt (`WebHook_Active`, and `ErrorCount` exactly or as a `from_`/`to_` range, which
 * are booleans and integers), or `undefined` when any other filter is involved (text matching and date
 * ranges are Nexudus's to judge: see the README's "What the bot assumes about Nexudus"). The plan's local
 * filters are exact tests and join the predicate; a date range checked locally (`NEXUDUS_DATES=local`)
 * stands for the wider one sent for its property.
 */
export function countLocally(
  params: Readonly<Record<string, string>>,
  localFilters: readonly LocalFilter[] = [],
): ((record: WebhookListRecord) => boolean) | undefined {
  const tests: Array<(record: WebhookListRecord) => boolean> = [];
  if (localFilters.length > 0) tests.push(localFiltersTest(localFilters));
  const checkedHere = new Set(
    localFilters.flatMap((f) =>
      "kind" in f ? [`from_WebHook_${f.property}`, `to_WebHook_${f.property}`] : [],
    ),
  );
  for (const [key, value] of Object.entries(params)) {
    if (PAGING.has(key) || checkedHere.has(key)) continue;
    const n = Number(value);
    const integer = /^\d+$/.test(value) && Number.isSafeInteger(n);
    if (key === "WebHook_Active" && (value === "true" || value === "false")) {
      const active = value === "true";
      tests.push((r) => r.Active === active);
    } else if (key === "WebHook_ErrorCount" && integer) tests.push((r) => r.ErrorCount === n);
    else if (key === "from_WebHook_ErrorCount" && integer) tests.push((r) => r.ErrorCount >= n);
    else if (key === "to_WebHook_ErrorCount" && integer) tests.push((r) => r.ErrorCount <= n);
    else return undefined;
  }
  return (record) => tests.every((test) => test(record));
}
