import { actionById } from "../nexudus/actions";
import { quoteIfNeeded } from "./parse-command";
import { QUERY_LIMITS } from "./query-limits";
import type { CountRange, DateRange, DateSpec, ExcludeTerm, LocationRef, SearchQuery } from "./query-types";

/**
 * A text value as it must be written to read back unchanged: Slack-style entities and `<` are encoded
 * (the parser decodes them), then the value is quoted if it contains spaces or starts with a quote.
 */
function textValue(value: string): string {
  return quoteIfNeeded(value.replace(/&(?=(?:amp|lt|gt);)/g, "&amp;").replace(/</g, "&lt;"));
}

function actionValue(id: number): string {
  return actionById(id)?.name ?? String(id);
}

function locationValue(location: LocationRef): string {
  return "id" in location ? String(location.id) : textValue(location.name);
}

/** A date spec as typed: `2025-01-01`, `2025-01-01T08:30`, `7d`, `today`. */
export function specText(spec: DateSpec): string {
  switch (spec.kind) {
    case "absolute":
      return spec.time ? `${spec.date}T${spec.time}` : spec.date;
    case "ago":
      return `${spec.amount}${spec.unit}`;
    case "today":
    case "yesterday":
      return spec.kind;
  }
}

function dateTerms(key: string, range: DateRange): string[] {
  const { from, to } = range;
  if (from && to && !from.strict && !to.strict) {
    const a = specText(from.spec);
    const b = specText(to.spec);
    return [a === b && from.spec.kind !== "ago" ? `${key}:${a}` : `${key}:${a}..${b}`];
  }
  const terms: string[] = [];
  if (from) {
    const op = from.spec.kind === "ago" ? "<" : from.strict ? ">" : ">=";
    terms.push(`${key}:${op}${specText(from.spec)}`);
  }
  if (to) {
    const op = to.spec.kind === "ago" ? ">" : to.strict ? "<" : "<=";
    terms.push(`${key}:${op}${specText(to.spec)}`);
  }
  return terms;
}

function countTerm(range: CountRange): string {
  const { min, max } = range;
  if (min !== undefined && max !== undefined) return min === max ? `errors:${min}` : `errors:${min}..${max}`;
  if (min !== undefined) return `errors:>=${min}`;
  return `errors:<=${max}`;
}

function exclusionTerm(e: ExcludeTerm): string {
  switch (e.field) {
    case "action":
      return `-action:${actionValue(e.action)}`;
    case "location":
      return `-location:${locationValue(e.location)}`;
    default:
      return `-${e.field}:${textValue(e.text)}`;
  }
}

/**
 * The canonical text of a query: `parseCommand(formatQuery(q))` gives back an equal query (read it with
 * `maxLength: QUERY_LIMITS.maxCanonicalLength`, as canonical text may be longer than what was typed).
 * An empty query is written `all`, since empty text means the overview.
 */
export function formatQuery(q: SearchQuery): string {
  const terms: string[] = [];
  if (q.failing) terms.push("failing");
  if (q.healthy) terms.push("healthy");
  if (q.active !== undefined) terms.push(q.active ? "active" : "disabled");
  if (q.stale) {
    const isDefault = q.stale.unit === "d" && q.stale.amount === QUERY_LIMITS.defaultStaleDays;
    terms.push(isDefault ? "stale" : `stale:${q.stale.amount}${q.stale.unit}`);
  }
  if (q.name !== undefined) terms.push(`name:${textValue(q.name)}`);
  if (q.action !== undefined) terms.push(`action:${actionValue(q.action)}`);
  if (q.location) terms.push(`location:${locationValue(q.location)}`);
  if (q.url !== undefined) terms.push(`url:${textValue(q.url)}`);
  if (q.description !== undefined) terms.push(`description:${textValue(q.description)}`);
  if (q.error !== undefined) terms.push(`error:${textValue(q.error)}`);
  if (q.errors && (q.errors.min !== undefined || q.errors.max !== undefined)) terms.push(countTerm(q.errors));
  if (q.triggered) terms.push(...dateTerms("triggered", q.triggered));
  if (q.created) terms.push(...dateTerms("created", q.created));
  if (q.updated) terms.push(...dateTerms("updated", q.updated));
  if (q.sort) terms.push(`sort:${q.sort.descending ? "-" : ""}${q.sort.field}`);
  if (q.page !== undefined) terms.push(`page:${q.page}`);
  if (q.size !== undefined) terms.push(`size:${q.size}`);
  for (const e of q.exclude ?? []) terms.push(exclusionTerm(e));
  return terms.length > 0 ? terms.join(" ") : "all";
}

/** The same query on another page (clamped to 1…`QUERY_LIMITS.maxPage`). */
export function withPage(q: SearchQuery, page: number): SearchQuery {
  const p = Number.isFinite(page) ? Math.min(QUERY_LIMITS.maxPage, Math.max(1, Math.trunc(page))) : 1;
  return { ...q, page: p };
}
