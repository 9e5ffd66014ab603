import { code } from "./mrkdwn";
import type { ExcludeTerm, QueryError, QueryErrorCode, SearchQuery } from "./query-types";
import type { Field } from "./row-types";

/** A query error (every error of this module has a code). */
export function queryError(
  errorCode: QueryErrorCode,
  term: string,
  message: string,
  suggestions: string[] = [],
): QueryError {
  return { term, message, suggestions, code: errorCode };
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Collects terms into a query as each field combines them (see `Field.combine`), remembering which term
 * set what so that a conflict names both. Hints (a word that looks like a keyword) are kept in order with
 * the errors: reported with them when the search has mistakes, dropped when it has none.
 */
export class QueryBuilder {
  private readonly values: Record<string, unknown> = {};
  private readonly excludes: ExcludeTerm[] = [];
  private readonly problems: { error: QueryError; hint: boolean }[] = [];
  private readonly sources = new Map<string, string>();

  fail(error: QueryError): void {
    this.problems.push({ error, hint: false });
  }

  /** A likely mistake that only matters if the search has real ones. */
  hint(error: QueryError): void {
    this.problems.push({ error, hint: true });
  }

  get errors(): QueryError[] {
    return this.problems.some((p) => !p.hint) ? this.problems.map((p) => p.error) : [];
  }

  /** The term that set a field (`words`) or one end of a range (`errors.max`). */
  source(part: string): string | undefined {
    return this.sources.get(part);
  }

  /** Adds what one term means to the field. */
  put(field: Field, value: unknown, term: string): void {
    const key = field.key;
    const existing = this.values[key];
    if (existing === undefined) {
      this.values[key] = field.combine === "bounds" ? { ...(value as object) } : value;
      this.sources.set(key, term);
      if (field.combine === "bounds")
        for (const end of Object.keys(value as object)) this.sources.set(`${key}.${end}`, term);
      return;
    }
    switch (field.combine) {
      case "one":
        if (!sameValue(existing, value)) this.conflict(key, term, field.conflict ?? "give one of them");
        return;
      case "list": {
        const list = existing as unknown[];
        for (const item of value as unknown[]) if (!list.some((x) => sameValue(x, item))) list.push(item);
        return;
      }
      case "bounds": {
        const target = existing as Record<string, unknown>;
        for (const [end, bound] of Object.entries(value as object)) {
          const part = `${key}.${end}`;
          if (target[end] === undefined) {
            target[end] = bound;
            this.sources.set(part, term);
          } else if (!sameValue(target[end], bound)) {
            this.conflict(
              part,
              term,
              `both set the ${end === "from" || end === "min" ? "lower" : "upper"} bound`,
            );
            return;
          }
        }
        return;
      }
    }
  }

  exclude(term: ExcludeTerm): void {
    if (!this.excludes.some((e) => sameValue(e, term))) this.excludes.push(term);
  }

  /** The query read so far (exclusions in the order typed, without duplicates). */
  query(): SearchQuery {
    const query = { ...this.values } as SearchQuery;
    if (this.excludes.length > 0) query.exclude = [...this.excludes];
    return query;
  }

  private conflict(part: string, term: string, why: string): void {
    const earlier = this.sources.get(part) ?? part;
    this.fail(
      queryError(
        "contradiction",
        term,
        `${code(term)} contradicts ${code(earlier)}: ${why}. Keep one of them.`,
        [earlier, term],
      ),
    );
  }
}
