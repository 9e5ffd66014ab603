import { compileQuery } from "../query/match-query";
import { parseCommand } from "../query/parse-command";
import { QUERY_LIMITS } from "../query/query-limits";
import type { SearchQuery } from "../query/query-types";
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
