/*
 * The data of the `/webhooks` language. A SearchQuery is canonical: `formatQuery` writes it as text and
 * `parseCommand` reads that text back into an equal object, so it can travel in button values. Its shape
 * comes from the command table (`SearchQuery` below): each field row adds one property.
 * Dates are kept as typed (`7d`, `today`, `2025-01-01`) and only turned into instants by `toNexudusPlan`,
 * which knows the time now and the time zone.
 */

import type { COMMAND_TABLE } from "./command-table";
import type { LocalFilter } from "./local-filters";
import type { Field } from "./row-types";
import type { SubscribeTerms } from "./subscribe-terms";

/** A point in time as the user wrote it. */
export type DateSpec =
  /** A wall-clock date (and time) in the reader's time zone: `2025-01-01`, `2025-01-01T08:30`. */
  | { kind: "absolute"; date: string /* YYYY-MM-DD */; time?: string /* HH:mm */ }
  /** That long before now: `7d`, `12h`, `2w`. */
  | { kind: "ago"; amount: number; unit: SpanUnit }
  | { kind: "today" }
  | { kind: "yesterday" };

export type SpanUnit = "h" | "d" | "w";

/** A length of time: `30d`. */
export interface Span {
  amount: number;
  unit: SpanUnit;
}

/**
 * One end of a date range. A non-strict lower bound starts at the first minute of the spec (`T00:00` for a
 * date); a non-strict upper bound ends at its last minute (`T23:59`). Strict bounds exclude the spec.
 * For `ago` specs strictness is meaningless at minute precision and always false.
 */
export interface DateBound {
  spec: DateSpec;
  strict: boolean;
}

export interface DateRange {
  from?: DateBound;
  to?: DateBound;
}

/** Inclusive bounds of `ErrorCount`. */
export interface CountRange {
  min?: number;
  max?: number;
}

/** A location by id, or by a name that `resolveLocations` turns into an id. */
export type LocationRef = { id: number } | { name: string };

export type SortField = "name" | "action" | "errors" | "triggered" | "created" | "updated" | "url";

export interface SortOrder {
  field: SortField;
  descending: boolean;
}

/** Every event a word names (`action:invoice`): the words as typed and the matching action ids. */
export interface ActionFamily {
  words: string;
  ids: readonly number[];
}

/** What `action:` names: one action id (1–90), or a family of them. */
export type ActionRef = number | ActionFamily;

type Row = (typeof COMMAND_TABLE)[number];
type RowField<R> = R extends { readonly field: infer F } ? F : never;
type AnyField = RowField<Row>;
type ValueOf<F> = F extends Field<string, infer V> ? V : never;

/**
 * An exclusion as typed (`-action:6`, `-location:"Downtown Hub"`, `-test`): the field it tests and the
 * value it leaves out. Derived from the qualifiers whose row allows `-`.
 */
export type ExcludeTerm = Row extends infer R
  ? R extends { readonly kind: "qualifier"; readonly exclude: true; readonly field: infer F }
    ? F extends Field<infer K, infer V>
      ? { field: K; value: V }
      : never
    : never
  : never;

/**
 * A validated search: one optional property per field of the command table (`failing`, `words`, `action`,
 * `errors`, `sort`, …; see each row), plus the exclusions. Absent properties do not filter.
 */
export type SearchQuery = {
  -readonly [F in AnyField as F["key"]]?: ValueOf<F>;
} & {
  /** Exclusion terms, in the order typed, without duplicates. */
  exclude?: readonly ExcludeTerm[];
};

/** What the user asked for. */
export type Command =
  | { kind: "overview" }
  | { kind: "help" }
  | { kind: "search"; query: SearchQuery }
  | { kind: "show"; id: number }
  | { kind: "pause"; id: number }
  | { kind: "resume"; id: number }
  /** The setup check (admins). */
  | { kind: "doctor" }
  /** The open incidents, from the table; with a search, those with an open webhook it matches. */
  | { kind: "incidents"; query?: SearchQuery }
  /** The muted webhooks, from the table. */
  | { kind: "muted" }
  /** `subscribe <search> [options]`: this channel takes the search's alerts and digest. */
  | { kind: "subscribe"; terms: SubscribeTerms }
  /** `subscriptions`: the channel's (an admin's: every channel's) subscriptions. */
  | { kind: "subscriptions" }
  /** `unsubscribe N`: the channel's subscription numbered N in `subscriptions`. */
  | { kind: "unsubscribe"; number: number };

/** The commands about the channel's subscriptions (run by the subscriptions service, not the search). */
export type ChannelCommand = Extract<Command, { kind: "subscribe" | "subscriptions" | "unsubscribe" }>;

/** The commands the search service runs. */
export type WebhookCommand = Exclude<Command, ChannelCommand>;

/** Whether a command is about the channel's subscriptions. */
export function isChannelCommand(command: Command): command is ChannelCommand {
  return command.kind === "subscribe" || command.kind === "subscriptions" || command.kind === "unsubscribe";
}

/** The kinds of mistakes the parser reports; each has its own message. */
export type QueryErrorCode =
  | "too-long"
  | "unclosed-quote"
  | "stray-dash"
  | "unknown-qualifier"
  | "unknown-keyword"
  | "missing-value"
  | "bad-number"
  | "out-of-range"
  | "unknown-action"
  | "ambiguous-action"
  | "bad-date"
  | "bad-span"
  | "reversed-range"
  | "contradiction"
  | "not-excludable"
  | "unknown-sort"
  | "misplaced-command"
  | "extra-terms"
  | "unknown-location"
  | "ambiguous-location"
  | "too-many-records"
  | "credential"
  | "bad-value"
  | "not-matchable";

/** One problem with what the user typed. */
export interface QueryError {
  /** The offending term as typed: untrusted, escape before rendering. */
  term: string;
  /** A sentence safe to render as mrkdwn: user text inside is escaped (`&`, `<`, `>`) and in backticks. */
  message: string;
  /** Corrected terms to offer (plain text, untrusted, escape before rendering); empty when there are none. */
  suggestions: string[];
  /** Which kind of mistake (always set by this module). */
  code?: QueryErrorCode;
}

export type ParseOutcome = { ok: true; command: Command } | { ok: false; errors: QueryError[] };

/** What to ask Nexudus for a search, and what to do with the answer. */
export interface NexudusPlan {
  /** Query parameters by their documented names; `page`/`size` included unless `localPaging`. */
  params: Record<string, string>;
  /** Checked on list records after fetching (see `applyLocalFilters`): what Nexudus cannot filter. */
  localFilters: LocalFilter[];
  page: number;
  size: number;
  /** True when there are local filters: fetch every matching page, filter, order, then page locally. */
  localPaging: boolean;
  /**
   * Why no webhook can match, found only once the context is known (e.g. `failing` with
   * DIGEST_MIN_ERRORS=3 and `errors:..2`, or `triggered:within:7d` with `stale`): answer with these instead
   * of asking Nexudus. Empty when the search can match.
   */
  impossible: QueryError[];
  /** The order of the answer, asked for or by default (see `orderRecords`); absent: Nexudus's own. */
  order?: SortOrder;
}

/** Inputs of `toNexudusPlan` that are not part of the query. */
export interface PlanContext {
  /** Epoch milliseconds. */
  now: number;
  /** IANA time zone in which the user's dates are wall-clock times. */
  timeZone: string;
  /** `ErrorCount` from which a webhook counts as failing (DIGEST_MIN_ERRORS); below 1 counts as 1. */
  minErrors: number;
  /**
   * How Nexudus stores dates (`NEXUDUS_DATES`, default `utc`). With `local` it compares a date filter with
   * each location's wall-clock time, so the planner widens the bounds it sends and checks them here.
   */
  nexudusDates?: "utc" | "local";
}
