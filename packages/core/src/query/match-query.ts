import { FIELD_GROUPS, FIELDS } from "./command-table";
import { code } from "./mrkdwn";
import { queryError } from "./query-builder";
import type { PlanContext, QueryError, SearchQuery } from "./query-types";
import type { Field, RecordTest } from "./row-types";

/** A query compiled into one test of list records, or the terms that cannot be checked on a record. */
export type CompiledQuery = { ok: true; test: RecordTest } | { ok: false; errors: QueryError[] };

function testOf(field: Field, value: unknown, ctx: PlanContext): RecordTest | undefined {
  return field.matchIn?.(value, ctx) ?? field.match?.(value);
}

function unmatchable(field: Field, value: unknown, negated: boolean): QueryError {
  const term = `${negated ? "-" : ""}${field.format(value)[0] ?? `${field.key}:`}`;
  const key = code(`${field.key}:`);
  return queryError(
    "not-matchable",
    term,
    `${code(term)} cannot be used here: ${key} ${field.noMatch ?? "cannot be checked on each webhook"}.`,
  );
}

/**
 * The query as one local test of list records, driven by the command table: each field's `matchIn` (at
 * `ctx.now`, dates read in `ctx.timeZone`, `failing` from `ctx.minErrors`) or `match`, and every exclusion
 * negated. It keeps exactly what the search would find (Nexudus's filters as the emulator applies them,
 * then the local filters), so a record already read needs no request of its own. Order and paging select
 * nothing and are ignored. Locations must be resolved to ids first (`resolveLocations`), or
 * `UnresolvedLocationError` is thrown. A field no record can be checked for (`description:`) is an error
 * naming its term.
 */
export function compileQuery(query: SearchQuery, ctx: PlanContext): CompiledQuery {
  const values = query as Record<string, unknown>;
  const tests: RecordTest[] = [];
  const errors: QueryError[] = [];
  for (const field of FIELDS.values()) {
    const value = values[field.key];
    if (value === undefined || FIELD_GROUPS.get(field.key) === "order") continue;
    const test = testOf(field, value, ctx);
    if (test) tests.push(test);
    else errors.push(unmatchable(field, value, false));
  }
  for (const e of query.exclude ?? []) {
    const field = FIELDS.get(e.field)!;
    const test = testOf(field, e.value, ctx);
    if (test) tests.push((r) => !test(r));
    else errors.push(unmatchable(field, e.value, true));
  }
  if (errors.length > 0) return { ok: false, errors };
  if (tests.length === 0) return { ok: true, test: () => true };
  return {
    ok: true,
    test: (record) => {
      for (const test of tests) if (!test(record)) return false;
      return true;
    },
  };
}
