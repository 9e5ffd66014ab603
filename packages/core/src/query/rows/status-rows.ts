import { spanText } from "../date-text";
import { dateInRange } from "../match-dates";
import { readSpan, spanMs } from "../parse-values";
import { QUERY_LIMITS } from "../query-limits";
import type { Span } from "../query-types";
import type { CommandRow, Field } from "../row-types";
import { readWith } from "./row-helpers";

/** The `ErrorCount` from which a webhook counts as failing (DIGEST_MIN_ERRORS); below 1 counts as 1. */
function failingMin(minErrors: number): number {
  return Math.max(1, Math.trunc(minErrors) || 1);
}

const failingField: Field<"failing", true> = {
  key: "failing",
  combine: "one",
  plan: (_value, plan) => plan.errorsAtLeast(failingMin(plan.ctx.minErrors), "failing"),
  matchIn: (_value, ctx) => {
    const min = failingMin(ctx.minErrors);
    return (r) => r.ErrorCount >= min;
  },
  format: () => ["failing"],
  describe: () => ({ adjective: "failing" }),
};

const activeField: Field<"active", boolean> = {
  key: "active",
  combine: "one",
  conflict: "a webhook is either active or disabled",
  plan: (value, plan) => plan.param("WebHook_Active", String(value)),
  match: (value) => (r) => r.Active === value,
  format: (value) => [value ? "active" : "disabled"],
  describe: (value) => ({ adjective: value ? "active" : "disabled" }),
};

const healthyField: Field<"healthy", true> = {
  key: "healthy",
  combine: "one",
  plan: (_value, plan) => plan.errorsAtMost(0, "healthy"),
  match: () => (r) => r.ErrorCount <= 0,
  format: () => ["healthy"],
  describe: () => ({ adjective: "healthy" }),
};

const DEFAULT_STALE: Span = { amount: QUERY_LIMITS.defaultStaleDays, unit: "d" };
const isDefaultStale = (span: Span) => span.unit === "d" && span.amount === QUERY_LIMITS.defaultStaleDays;

const staleField: Field<"stale", Span> = {
  key: "stale",
  combine: "one",
  conflict: "give one staleness span",
  plan: (span, plan) => {
    plan.datesTo("LastTrigger", plan.ctx.now - spanMs(span), "stale");
    plan.orderByDefault({ field: "triggered", descending: false });
  },
  matchIn: (span, ctx) => dateInRange((r) => r.LastTrigger, undefined, ctx.now - spanMs(span)),
  format: (span) => [isDefaultStale(span) ? "stale" : `stale:${span.amount}${span.unit}`],
  describe: (span) =>
    isDefaultStale(span) ? { adjective: "stale" } : { phrase: `with no success in ${spanText(span)}` },
};

/** Keywords: a webhook's state. */
export const STATUS_ROWS = [
  {
    kind: "keyword",
    name: "failing",
    aliases: [],
    group: "status",
    usage: "failing",
    summary:
      "ErrorCount at or above the failing threshold (DIGEST_MIN_ERRORS, default 1), the most errors first, then the longest without a success",
    examples: ["failing", 'failing location:"Downtown Hub"'],
    nexudus: "from_WebHook_ErrorCount=<min>&orderBy=ErrorCount&dir=-1",
    field: failingField,
    sets: true,
    opposite: () => "healthy",
  },
  {
    kind: "keyword",
    name: "disabled",
    aliases: ["inactive", "paused"],
    group: "status",
    usage: "disabled",
    summary:
      "switched off, by Nexudus after 10 failures or by a person (`paused` means the same; `disabled errors:<=9` lists only those a person or an API client paused)",
    examples: ["disabled"],
    nexudus: "WebHook_Active=false",
    field: activeField,
    sets: false,
    opposite: () => "active",
  },
  {
    kind: "keyword",
    name: "active",
    aliases: ["enabled"],
    group: "status",
    usage: "active",
    summary: "active webhooks",
    examples: ["active failing"],
    nexudus: "WebHook_Active=true",
    field: activeField,
    sets: true,
    opposite: () => "disabled",
  },
  {
    kind: "keyword",
    name: "healthy",
    aliases: [],
    group: "status",
    usage: "healthy",
    summary: "no errors (ErrorCount = 0)",
    examples: ["healthy"],
    nexudus: "to_WebHook_ErrorCount=0",
    field: healthyField,
    sets: true,
    opposite: () => "failing",
  },
  {
    kind: "keyword",
    name: "stale",
    aliases: [],
    group: "status",
    usage: "stale, stale:30d",
    summary: `no successful delivery for ${QUERY_LIMITS.defaultStaleDays} days, or for the span given; the oldest success first`,
    examples: ["stale", "stale:30d active"],
    nexudus: "to_WebHook_LastTrigger=<now minus span>&orderBy=LastTrigger&dir=1",
    field: staleField,
    sets: DEFAULT_STALE,
    readValue: readWith(readSpan),
    opposite: (span?: string) => `triggered:within:${span ?? `${QUERY_LIMITS.defaultStaleDays}d`}`,
  },
  {
    kind: "keyword",
    name: "all",
    aliases: [],
    group: "status",
    usage: "all",
    summary: "every webhook, no filter",
    examples: ["all sort:name"],
    nexudus: "(no filter)",
  },
  {
    kind: "keyword",
    name: "help",
    aliases: [],
    group: "status",
    usage: "help",
    summary: "this help",
    examples: ["help"],
    nexudus: "(none)",
  },
] as const satisfies readonly CommandRow[];
