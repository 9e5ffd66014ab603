import { FIELDS } from "./command-table";
import type { QueryError, SearchQuery } from "./query-types";

function eachValue<T>(
  query: SearchQuery,
  pick: (value: unknown, field: NonNullable<ReturnType<typeof FIELDS.get>>) => T[],
): T[] {
  const values = query as Record<string, unknown>;
  const out: T[] = [];
  for (const field of FIELDS.values()) {
    const value = values[field.key];
    if (value !== undefined) out.push(...pick(value, field));
  }
  return out;
}

/** Lines for the answer saying what the query's terms stand for (an event family's events); mrkdwn-safe. */
export function queryNotes(query: SearchQuery): string[] {
  return eachValue(query, (value, field) => {
    const note = field.note?.(value);
    return note ? [note] : [];
  });
}

/** What to suggest when the search finds nothing (a name word that looks like a keyword: `sale`). */
export function queryHints(query: SearchQuery): QueryError[] {
  return eachValue(query, (value, field) => field.hint?.(value) ?? []);
}
