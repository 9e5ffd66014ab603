import { FIELDS } from "./command-table";
import { QUERY_LIMITS } from "./query-limits";
import type { SearchQuery } from "./query-types";

/**
 * The canonical text of a query: each field's terms in table order, then the exclusions as typed.
 * `parseCommand(formatQuery(q))` gives back an equal query (read it with `maxLength:
 * QUERY_LIMITS.maxCanonicalLength`, as canonical text may be longer than what was typed). An empty query
 * is written `all`, since empty text means the overview.
 */
export function formatQuery(q: SearchQuery): string {
  const values = q as Record<string, unknown>;
  const terms: string[] = [];
  for (const field of FIELDS.values()) {
    const value = values[field.key];
    if (value !== undefined) terms.push(...field.format(value));
  }
  for (const e of q.exclude ?? []) {
    const [term] = FIELDS.get(e.field)!.format(e.value);
    if (term) terms.push(`-${term}`);
  }
  return terms.length > 0 ? terms.join(" ") : "all";
}

/** The same query on another page (clamped to 1…`QUERY_LIMITS.maxPage`). */
export function withPage(q: SearchQuery, page: number): SearchQuery {
  const p = Number.isFinite(page) ? Math.min(QUERY_LIMITS.maxPage, Math.max(1, Math.trunc(page))) : 1;
  return { ...q, page: p };
}
