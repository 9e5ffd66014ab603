import type { LocationNames } from "../blocks/models";
import { foldText } from "../query/fold-text";
import { formatQuery } from "../query/format-query";
import { compileQuery } from "../query/match-query";
import { parseCommand } from "../query/parse-command";
import { QUERY_LIMITS } from "../query/query-limits";
import type { ExcludeTerm, LocationRef, SearchQuery } from "../query/query-types";
import type { RecordTest } from "../query/row-types";
import type { Subscription } from "./subscription";

/** What a subscription's search is checked against: the moment and the failing threshold. */
export interface MatchContext {
  /** Epoch ms: relative dates (`triggered:within:7d`) count back from it. */
  now: number;
  /** `DIGEST_MIN_ERRORS`: what `failing` means. */
  minErrors: number;
}

/** A stored subscription's search, read back; `undefined` when it no longer reads (a newer version's). */
export function subscriptionQuery(subscription: Pick<Subscription, "query">): SearchQuery | undefined {
  const parsed = parseCommand(subscription.query, { maxLength: QUERY_LIMITS.maxCanonicalLength });
  return parsed.ok && parsed.command.kind === "search" ? parsed.command.query : undefined;
}

/**
 * A subscription's search as a person edits it (the form's initial text): each location by its name where
 * that name picks that one location, as the form resolves names again on save; by id where it does not (two
 * locations share the name, or the names could not be read), or when the text would not read back the same.
 */
export function editableQuery(subscription: Pick<Subscription, "query">, names: LocationNames): string {
  const query = subscriptionQuery(subscription);
  if (!query || names.size === 0) return subscription.query;
  const uses = new Map<string, number>();
  for (const name of names.values()) uses.set(foldText(name), (uses.get(foldText(name)) ?? 0) + 1);
  const named = (ref: LocationRef): LocationRef => {
    if (!("id" in ref)) return ref;
    const name = names.get(ref.id);
    return name !== undefined && uses.get(foldText(name)) === 1 ? { name } : ref;
  };
  const exclude = query.exclude?.map(
    (term): ExcludeTerm =>
      term.field === "location" ? { field: "location", value: named(term.value) } : term,
  );
  const edited: SearchQuery = {
    ...query,
    ...(query.location ? { location: named(query.location) } : {}),
    ...(exclude ? { exclude } : {}),
  };
  const text = formatQuery(edited);
  // Read back, it must name the same locations (a name the parser would read otherwise keeps its id).
  const again = subscriptionQuery({ query: text });
  const refs = (q: SearchQuery | undefined) =>
    JSON.stringify([q?.location, ...(q?.exclude ?? []).filter((t) => t.field === "location")]);
  return again && refs(again) === refs(edited) ? text : subscription.query;
}

/**
 * A subscription's search as a local test of list records, its dates read in its own zone; `undefined`
 * when the stored search cannot be read or checked (the caller reports it: it would otherwise never match).
 */
export function compileSubscription(subscription: Subscription, ctx: MatchContext): RecordTest | undefined {
  const query = subscriptionQuery(subscription);
  if (!query) return undefined;
  try {
    const compiled = compileQuery(query, { ...ctx, timeZone: subscription.timeZone });
    return compiled.ok ? compiled.test : undefined;
  } catch {
    // A location stored by name (never written so, but an item can be edited by hand).
    return undefined;
  }
}
