import type { LocationNames } from "../blocks/models";
import type { WebhookListRecord } from "../nexudus/schemas";
import type { PlanBuilder } from "./plan-builder";
import type { PlanContext, QueryError } from "./query-types";
import type { Token } from "./tokenize";

/*
 * The shapes of the command table's rows. A row says how a term is typed and what the help says about it;
 * its `field` says what the term means: how it is kept in a SearchQuery, sent to Nexudus or checked here,
 * written back as text and described. The parser, the planner, the formatter and the help only loop over
 * the rows, so a new qualifier is one row.
 */

/** The sections of the help, in order. */
export type HelpGroup = "status" | "filter" | "date" | "exclude" | "order" | "one" | "subscribe" | "admin";

/** A value read from a term, or the mistake to report (its message names the term). */
export type Read<V> = { ok: true; value: V } | { ok: false; error: QueryError };

/** How a field shows in the answer's title: `failing webhooks` (adjective) or `at Downtown Hub` (phrase). */
export type Wording = { adjective: string } | { phrase: string };

/** Tests one list record; built once per search. */
export type RecordTest = (record: WebhookListRecord) => boolean;

/** One property of a SearchQuery (its `key`) and what it means. */
export interface Field<K extends string = string, V = unknown> {
  readonly key: K;
  /**
   * How several terms for it combine: `one` value (a different second one contradicts, for the reason
   * `conflict`), `bounds` merged end by end (a range: `errors:>=3 errors:<=9`), or a `list` that each term
   * adds to.
   */
  readonly combine: "one" | "bounds" | "list";
  /** Why two different values contradict (`a webhook has one action`). */
  readonly conflict?: string;
  /** Its part of the Nexudus search, or a local filter when Nexudus cannot apply it. */
  plan(value: V, plan: PlanBuilder): void;
  /** Canonical terms that read back as `value`. */
  format(value: V): readonly string[];
  /** How the answer's title names it. */
  describe(value: V, names?: LocationNames): Wording | undefined;
  /** Whether a list record matches `value`: what a local filter or an exclusion checks. */
  match?(value: V): RecordTest;
  /**
   * Whether a list record matches `value` at a moment, in a zone, with a failing threshold (`failing`,
   * `stale`, dates): what a subscription checks on each record (see `compileQuery`). Fields with `match`
   * need none.
   */
  matchIn?(value: V, ctx: PlanContext): RecordTest;
  /** Why no list record can be checked for it (`description:`: Nexudus lists webhooks without it). */
  noMatch?: string;
  /** A mistake only the whole value shows (a range that ends before it starts); `sourceOf` names terms. */
  validate?(value: V, sourceOf: (part: string) => string | undefined): QueryError | undefined;
  /** A line for the answer saying what the value stands for (mrkdwn-safe). */
  note?(value: V): string | undefined;
  /** What to suggest when the search finds nothing. */
  hint?(value: V): QueryError[];
}

interface Help<N extends string> {
  /** The canonical word or key (without the colon). */
  readonly name: N;
  readonly aliases: readonly string[];
  readonly group: HelpGroup;
  /** How it is typed, as shown in the help. */
  readonly usage: string;
  readonly summary: string;
  readonly examples: readonly string[];
  /** What it becomes at Nexudus, for the README and contributors. */
  readonly nexudus: string;
}

/** A bare word that sets a field (`failing`), or does nothing by itself (`all`). */
export interface KeywordRow<N extends string = string, V = unknown> extends Help<N> {
  readonly kind: "keyword";
  readonly field?: Field<string, V>;
  /** What the word alone sets. */
  readonly sets?: V;
  /** `stale:30d`: reads a value after the colon. */
  readValue?(token: Token): Read<V>;
  /** What to suggest instead of `-word` (or `-word:value`, given the value). */
  readonly opposite?: (value?: string) => string;
}

/** `key:value`. */
export interface QualifierRow<N extends string = string, V = unknown> extends Help<N> {
  readonly kind: "qualifier";
  readonly field: Field<string, V>;
  /** Reads the value (never empty: an empty value is reported before). */
  read(token: Token): Read<V>;
  /** `true` when `-key:value` leaves matches out (the field has `match`), else why it cannot (no `<>&`). */
  readonly exclude: true | string;
  /** How an exclusion reads after "excluding" in the title. */
  excluded?(value: V, names?: LocationNames): string;
}

/** Bare words that are not keywords: each one must appear in the name. */
export interface WordsRow extends Help<"words"> {
  readonly kind: "words";
  readonly field: Field<"words", readonly string[]>;
}

/** A command written first: followed by a webhook id (`show 123`), or alone when `takesId` is false (`doctor`). */
export interface IdCommandRow<N extends string = string> extends Help<N> {
  readonly kind: "command";
  readonly takes?: undefined;
  readonly takesId?: false;
  /** Alone, or followed by a search that narrows what it lists (`incidents failing`); with `takesId: false`. */
  readonly takesSearch?: true;
}

/**
 * A command about the channel's subscriptions, written first: followed by a search and its options
 * (`subscribe`), by a number (`unsubscribe 2`), or by nothing (`subscriptions`).
 */
export interface ChannelCommandRow<N extends string = string> extends Help<N> {
  readonly kind: "command";
  readonly takes: "subscription" | "number" | "nothing";
}

/** Help only: how values are written. */
export interface SyntaxRow extends Help<string> {
  readonly kind: "syntax";
}

/** Any row of the command table. */
export type CommandRow = KeywordRow | QualifierRow | WordsRow | IdCommandRow | ChannelCommandRow | SyntaxRow;
