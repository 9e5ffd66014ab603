import type { WebhookListRecord } from "../nexudus/schemas";

/** Parameters that choose a page or an order, not which records match. */
const PAGING = new Set(["orderBy", "dir", "page", "size"]);

/**
 * The records a Nexudus search would match, told apart here: a predicate for search parameters whose
 * meaning leaves no doubt (`WebHook_Active`, and `ErrorCount` exactly or as a `from_`/`to_` range, which
 * are booleans and integers), or `undefined` when any other filter is involved (text matching and date
 * ranges are Nexudus's to judge: see the README's "What the bot assumes about Nexudus").
 */
export function countLocally(
  params: Readonly<Record<string, string>>,
): ((record: WebhookListRecord) => boolean) | undefined {
  const tests: Array<(record: WebhookListRecord) => boolean> = [];
  for (const [key, value] of Object.entries(params)) {
    if (PAGING.has(key)) continue;
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
