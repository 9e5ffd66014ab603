import type { Business, WebhookListRecord } from "../../src/nexudus/schemas";
import { parseCommand, resolveLocations, type SearchQuery, toNexudusPlan } from "../../src/query";
import type { Command, NexudusPlan, PlanContext, QueryError } from "../../src/query/query-types";

/** 2025-06-15 09:30 UTC, a Sunday in British Summer Time. */
export const NOW = Date.UTC(2025, 5, 15, 9, 30);
export const UTC_CTX: PlanContext = { now: NOW, timeZone: "UTC", minErrors: 1 };

export const BUSINESSES: readonly Business[] = [
  { Id: 101, Name: "Downtown Hub" },
  { Id: 102, Name: "Downtown Annex" },
  { Id: 103, Name: "Uptown Loft" },
  { Id: 104, Name: "Málaga Centro" },
  { Id: 105, Name: "Riverside" },
  { Id: 106, Name: "Riverside" },
];

/** A lookup over BUSINESSES that records the names asked for. */
export function recordingLookup(businesses: readonly Business[] = BUSINESSES) {
  const asked: string[] = [];
  const lookup = async (name: string) => {
    asked.push(name);
    return businesses;
  };
  return { lookup, asked };
}

/** Parses text that must succeed. */
export function command(text: string): Command {
  const outcome = parseCommand(text);
  if (!outcome.ok)
    throw new Error(`expected ${JSON.stringify(text)} to parse: ${outcome.errors[0]?.message}`);
  return outcome.command;
}

/** Parses text that must be a search. */
export function search(text: string): SearchQuery {
  const c = command(text);
  if (c.kind !== "search") throw new Error(`expected a search, got ${c.kind}`);
  return c.query;
}

/** Parses text that must fail, returning its errors. */
export function errorsOf(text: string): QueryError[] {
  const outcome = parseCommand(text);
  if (outcome.ok)
    throw new Error(`expected ${JSON.stringify(text)} to fail, got ${JSON.stringify(outcome.command)}`);
  return outcome.errors;
}

/** The whole path a search takes: parse, resolve names against BUSINESSES, plan. */
export async function planOf(text: string, ctx: PlanContext = UTC_CTX): Promise<NexudusPlan> {
  const query = search(text);
  const resolved = await resolveLocations(query, recordingLookup().lookup);
  if (!resolved.ok) throw new Error(`expected locations to resolve: ${resolved.errors[0]?.message}`);
  return toNexudusPlan(resolved.query, ctx);
}

/** Plan parameters without the default paging, for compact expectations. */
export async function filtersOf(text: string, ctx: PlanContext = UTC_CTX): Promise<Record<string, string>> {
  const { page: _page, size: _size, ...rest } = (await planOf(text, ctx)).params;
  return rest;
}

/** A list record: a healthy Zapier invoice hook at location 101, with `over` changed. */
export function record(over: Partial<WebhookListRecord>): WebhookListRecord {
  return {
    Id: 1,
    BusinessId: 101,
    Name: "Zapier invoices",
    Action: 21,
    URL: "https://hooks.zapier.com/a",
    Active: true,
    ErrorCount: 0,
    LastError: null,
    ...over,
  };
}
