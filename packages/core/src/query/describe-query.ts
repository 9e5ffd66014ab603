import { FIELD_GROUPS, FIELDS, QUALIFIER_KEYS } from "./command-table";
import type { SearchQuery } from "./query-types";

/**
 * A short English description of a query, e.g. "failing webhooks at Downtown Hub": the fields' adjectives
 * and phrases in table order, the exclusions, then the order. Plain text that contains user and Nexudus
 * text: escape it before rendering as mrkdwn.
 */
export function describeQuery(query: SearchQuery, locations?: ReadonlyMap<number, string>): string {
  const values = query as Record<string, unknown>;
  const adjectives: string[] = [];
  const filters: string[] = [];
  const order: string[] = [];
  for (const field of FIELDS.values()) {
    const value = values[field.key];
    const wording = value === undefined ? undefined : field.describe(value, locations);
    if (!wording) continue;
    if ("adjective" in wording) adjectives.push(wording.adjective);
    else (FIELD_GROUPS.get(field.key) === "order" ? order : filters).push(wording.phrase);
  }
  const parts = [adjectives.length > 0 ? `${adjectives.join(" ")} webhooks` : "all webhooks", ...filters];
  if (query.exclude && query.exclude.length > 0) {
    const words = query.exclude.map((e) => {
      const row = QUALIFIER_KEYS.get(e.field);
      return row?.kind === "qualifier" && row.excluded ? row.excluded(e.value, locations) : String(e.value);
    });
    parts.push(`excluding ${words.join(", ")}`);
  }
  return [...parts, ...order].join(" ");
}
