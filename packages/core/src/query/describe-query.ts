import { actionName } from "../nexudus/actions";
import { specText } from "./format-query";
import { QUERY_LIMITS } from "./query-limits";
import type { DateRange, DateSpec, ExcludeTerm, LocationRef, SearchQuery, Span } from "./query-types";

const UNIT_WORDS = { h: "hour", d: "day", w: "week" } as const;

function spanText(span: Span): string {
  return `${span.amount} ${UNIT_WORDS[span.unit]}${span.amount === 1 ? "" : "s"}`;
}

function specWords(spec: DateSpec): string {
  return spec.kind === "absolute"
    ? specText(spec).replace("T", " ")
    : spec.kind === "ago"
      ? `${spanText(spec)} ago`
      : spec.kind;
}

function rangeWords(range: DateRange): string | undefined {
  const { from, to } = range;
  if (from && to) {
    if (!from.strict && !to.strict && from.spec.kind !== "ago" && specText(from.spec) === specText(to.spec)) {
      return `${from.spec.kind === "absolute" ? "on " : ""}${specWords(from.spec)}`;
    }
    return `between ${specWords(from.spec)} and ${specWords(to.spec)}`;
  }
  if (from) {
    if (from.spec.kind === "ago") return `in the past ${spanText(from.spec)}`;
    return `${from.strict ? "after" : "since"} ${specWords(from.spec)}`;
  }
  if (to) {
    if (to.spec.kind === "ago") return `more than ${spanText(to.spec)} ago`;
    return `${to.strict ? "before" : "until"} ${specWords(to.spec)}`;
  }
  return undefined;
}

function locationWords(ref: LocationRef, locations?: ReadonlyMap<number, string>): string {
  if ("name" in ref) return ref.name;
  return locations?.get(ref.id) ?? `location ${ref.id}`;
}

function exclusionWords(e: ExcludeTerm, locations?: ReadonlyMap<number, string>): string {
  switch (e.field) {
    case "action":
      return actionName(e.action);
    case "location":
      return locationWords(e.location, locations);
    case "name":
      return `“${e.text}”`;
    case "url":
      return `URL “${e.text}”`;
    case "error":
      return `error “${e.text}”`;
  }
}

/**
 * A short English description of a query, e.g. "failing webhooks at Downtown Hub". Plain text that
 * contains user and Nexudus text: escape it before rendering as mrkdwn.
 */
export function describeQuery(query: SearchQuery, locations?: ReadonlyMap<number, string>): string {
  const adjectives: string[] = [];
  if (query.failing) adjectives.push("failing");
  if (query.healthy) adjectives.push("healthy");
  if (query.active !== undefined) adjectives.push(query.active ? "active" : "disabled");
  const isDefaultStale = query.stale?.unit === "d" && query.stale.amount === QUERY_LIMITS.defaultStaleDays;
  if (isDefaultStale) adjectives.push("stale");
  const parts = [adjectives.length > 0 ? `${adjectives.join(" ")} webhooks` : "all webhooks"];
  if (query.name !== undefined) parts.push(`named “${query.name}”`);
  if (query.action !== undefined) parts.push(`for ${actionName(query.action)}`);
  if (query.location) parts.push(`at ${locationWords(query.location, locations)}`);
  if (query.url !== undefined) parts.push(`with URL “${query.url}”`);
  if (query.description !== undefined) parts.push(`with description “${query.description}”`);
  if (query.error !== undefined) parts.push(`with error “${query.error}”`);
  const { min, max } = query.errors ?? {};
  if (min !== undefined && max !== undefined)
    parts.push(min === max ? `with ${min} errors` : `with ${min}–${max} errors`);
  else if (min !== undefined) parts.push(`with at least ${min} errors`);
  else if (max !== undefined) parts.push(`with at most ${max} errors`);
  if (query.stale && !isDefaultStale) parts.push(`with no success in ${spanText(query.stale)}`);
  const dates: [string, DateRange | undefined][] = [
    ["last triggered", query.triggered],
    ["created", query.created],
    ["updated", query.updated],
  ];
  for (const [label, range] of dates) {
    const words = range && rangeWords(range);
    if (words) parts.push(`${label} ${words}`);
  }
  if (query.exclude && query.exclude.length > 0) {
    parts.push(`excluding ${query.exclude.map((e) => exclusionWords(e, locations)).join(", ")}`);
  }
  if (query.sort) parts.push(`sorted by ${query.sort.field}${query.sort.descending ? " (descending)" : ""}`);
  return parts.join(" ");
}
