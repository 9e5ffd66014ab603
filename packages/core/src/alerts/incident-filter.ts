import type { WebhookListRecord } from "../nexudus/schemas";
import { FIELDS } from "../query/command-table";
import { compileQuery } from "../query/match-query";
import { code } from "../query/mrkdwn";
import { queryError } from "../query/query-builder";
import type { PlanContext, QueryError, SearchQuery } from "../query/query-types";
import type { RecordTest } from "../query/row-types";
import { type Incident, type IncidentMember, openMembers } from "./incident-model";

/*
 * `/webhooks incidents <search>`: the search is checked on each open webhook of an incident, as a list
 * record built from what the incident keeps. It keeps no event, no dates and no description, so terms on
 * those are refused rather than left to match nothing (a user would read "no incident" as good news).
 */

/** The fields an incident does not keep, with what to say of them. */
const UNKNOWN: ReadonlyMap<string, string> = new Map([
  ["action", "the event"],
  ["stale", "the last success"],
  ["triggered", "the last success"],
  ["created", "the creation date"],
  ["updated", "the date of the last change"],
  ["description", "the description"],
]);

/** What an incident's search can check, for the answer's context. */
export const INCIDENT_FIELDS_NOTE =
  "Checked on what the incidents keep: the webhook's name, location, errors and state, the cause's host (`url:` sees only the host) and its error as grouped (`error:`).";

/**
 * A list record of one open webhook of an incident: its id, name, location and errors as the watch last
 * read them, active unless Nexudus disabled it, the cause's host as its URL and the cause's error.
 */
export function memberRecord(incident: Incident, member: IncidentMember): WebhookListRecord {
  return {
    Id: member.id,
    BusinessId: member.businessId,
    Name: member.name,
    Action: 0,
    URL: `https://${incident.host}/`,
    Active: member.state !== "disabled",
    ErrorCount: member.errors,
    LastError: incident.error,
    LastTrigger: null,
    CreatedOn: null,
    UpdatedOn: null,
    UpdatedBy: null,
    UniqueId: null,
    Description: null,
  };
}

function refused(term: string, what: string): QueryError {
  return queryError(
    "not-matchable",
    term,
    `${code(term)} cannot narrow the incidents: an incident does not keep ${what}. Search the webhooks live instead: ${code(`/webhooks ${term}`)}.`,
  );
}

/**
 * The search as a test of incidents: true when at least one of its open webhooks matches. Locations must
 * be resolved to ids first (`resolveLocations`). Order and paging terms are ignored (the list is the
 * worst first); terms on what an incident does not keep are errors naming them.
 */
export function compileIncidentQuery(
  query: SearchQuery,
  ctx: PlanContext,
): { ok: true; test: (incident: Incident) => boolean } | { ok: false; errors: QueryError[] } {
  const errors: QueryError[] = [];
  const values = query as Record<string, unknown>;
  for (const [key, what] of UNKNOWN) {
    const value = values[key];
    if (value !== undefined) errors.push(refused(FIELDS.get(key)!.format(value)[0] ?? `${key}:`, what));
  }
  for (const e of query.exclude ?? []) {
    const what = UNKNOWN.get(e.field);
    if (what) errors.push(refused(`-${FIELDS.get(e.field)!.format(e.value)[0]}`, what));
  }
  if (errors.length > 0) return { ok: false, errors };
  const compiled = compileQuery(query, ctx);
  if (!compiled.ok) return compiled;
  const test: RecordTest = compiled.test;
  return {
    ok: true,
    test: (incident) => openMembers(incident).some((m) => test(memberRecord(incident, m))),
  };
}
