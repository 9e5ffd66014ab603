import type { CallOptions } from "../nexudus/client-types";
import type { Business } from "../nexudus/schemas";
import { formatQuery } from "../query/format-query";
import { compileQuery } from "../query/match-query";
import { code } from "../query/mrkdwn";
import { parseCommand } from "../query/parse-command";
import type { QueryError, SearchQuery } from "../query/query-types";
import { canonicalZone, withoutOrder, zoneError } from "../query/read-channel-command";
import { mentionsLocation, resolveLocations, unknownLocationIds } from "../query/resolve-locations";
import type { SubscribeTerms } from "../query/subscribe-terms";
import { toNexudusPlan } from "../query/to-nexudus-plan";
import type { ServiceDeps } from "../service/service-types";
import { DEFAULT_DIGEST_AT, type SubscriptionSpec } from "./subscription";
import type { FormErrors } from "./subscription-form";
import type { SubscriptionForm } from "./subscription-ops";

/** A subscription ready to be written, with its search resolved; or what is wrong with it. */
export type Prepared =
  | { ok: true; spec: SubscriptionSpec; query: SearchQuery }
  | { ok: false; errors: QueryError[] };

/**
 * Turns what was asked into a subscription's spec: location names resolved to ids (from the cached list;
 * a name that is unknown or ambiguous is an error naming it), and refused when no webhook could ever match
 * it (`failing errors:..0` with the configured threshold) or when a term cannot be checked on the records
 * the watch and the digest read (`description:`). A failure to read the locations is thrown.
 */
export async function prepareSubscription(
  terms: SubscribeTerms,
  channel: string,
  deps: ServiceDeps,
  call: CallOptions,
): Promise<Prepared> {
  let query = terms.query;
  if (mentionsLocation(query)) {
    const list: readonly Business[] = await deps.locations.list(call);
    const unknown = unknownLocationIds(query, list);
    if (unknown.length > 0) return { ok: false, errors: unknown };
    const resolved = await resolveLocations(query, async () => list);
    if (!resolved.ok) return resolved;
    query = resolved.query;
  }
  const timeZone = terms.timeZone ?? deps.config.timeZone;
  const ctx = { now: deps.clock.now(), timeZone, minErrors: deps.config.minErrors };
  const compiled = compileQuery(query, ctx);
  if (!compiled.ok) return compiled;
  const impossible = toNexudusPlan(query, ctx).impossible;
  if (impossible.length > 0) return { ok: false, errors: impossible };
  return {
    ok: true,
    query,
    spec: {
      channel,
      query: formatQuery(query),
      alerts: terms.alerts,
      digest: terms.digest,
      at: terms.at ?? DEFAULT_DIGEST_AT,
      timeZone,
      mention: terms.mention,
    },
  };
}

/** The form as subscribe terms, or the errors to show on its fields (nothing read from anywhere). */
export function termsOfForm(
  form: SubscriptionForm,
): { ok: true; terms: SubscribeTerms } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const parsed = parseCommand(form.query);
  let query: SearchQuery = {};
  let ignored: string[] = [];
  if (!parsed.ok) errors.query = parsed.errors.map((e) => e.message).join(" ");
  else if (parsed.command.kind === "overview")
    errors.query = `Write a search, such as failing location:"Downtown Hub"; all takes every webhook.`;
  else if (parsed.command.kind !== "search")
    errors.query = `Write a search, such as failing, rather than ${code(form.query.trim().split(/\s+/)[0] ?? "")}.`;
  else ({ query, ignored } = withoutOrder(parsed.command.query));
  if (!form.alerts && !form.digest) errors.kinds = "Pick alerts, a daily digest, or both.";
  let timeZone: string | undefined;
  if (form.timeZone !== undefined) {
    timeZone = canonicalZone(form.timeZone.trim());
    if (!timeZone) errors.timeZone = zoneError(`tz:${form.timeZone}`, form.timeZone.trim()).message;
  }
  if (form.at !== undefined && !/^(?:[01]\d|2[0-3]):[0-5]\d$/.test(form.at))
    errors.at = "Pick a time of day.";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    terms: {
      query,
      alerts: form.alerts,
      digest: form.digest,
      mention: form.mention,
      ignored,
      ...(form.at ? { at: form.at } : {}),
      ...(timeZone ? { timeZone } : {}),
    },
  };
}

/** The errors of a search as one line for the form's field. */
export function fieldMessage(errors: readonly QueryError[]): string {
  return errors.map((e) => e.message).join(" ") || "This search cannot be used.";
}
