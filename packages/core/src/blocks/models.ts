import type { KnownBlock } from "@slack/types";
import type { WebhookListRecord, WebhookRecord } from "../nexudus/schemas";

/*
 * What the builders render. The service layer (core/src/service) computes these from Nexudus answers;
 * the builders turn them into Slack messages. Everything Nexudus-sourced inside is untrusted text.
 */

/** A Slack message: fallback text plus blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Who is looking: decides which buttons are rendered (rights are re-checked on the server anyway). */
export interface Viewer {
  userId: string;
  isAdmin: boolean;
}

/** Location id → name, from `/sys/businesses`. */
export type LocationNames = ReadonlyMap<number, string>;

/**
 * What the models share to say who paused a webhook: the bot's own Nexudus user (`NEXUDUS_USERNAME`), so
 * that a webhook whose `UpdatedBy` is that user reads "paused by this bot".
 */
export interface PausedByContext {
  botUser?: string;
}

/** One page of a search. */
export interface SearchResultModel extends PausedByContext {
  kind: "results";
  /** The normalized query text (what `formatQuery` writes); travels in button values. */
  query: string;
  /** A short human description of the query, e.g. "failing webhooks" (built by the service). */
  title: string;
  records: readonly WebhookListRecord[];
  page: number;
  size: number;
  /** Matches over all pages; `undefined` when Nexudus did not say (then "page 2", never "page 2 of -1"). */
  totalItems: number | undefined;
  totalPages: number | undefined;
  /** Whether there is a page after this one, when `totalPages` is unknown. */
  hasNextPage?: boolean;
  locations: LocationNames;
  /** Epoch ms when the answer was built. */
  now: number;
  /** Records dropped by exclusion terms (`-action:…`), when any were used. */
  excluded?: number;
  /** Records Nexudus sent that could not be read (skipped, and said so in a footnote). */
  skipped?: number;
}

/** One webhook in full. */
export interface DetailsModel extends PausedByContext {
  kind: "details";
  record: WebhookRecord;
  locations: LocationNames;
  now: number;
  /** The query the user came from, to offer "Back to results" ("Back to overview" when it is empty). */
  fromQuery?: string;
  fromPage?: number;
}

/**
 * The overview's counts: each is the `TotalItems` of the search its button runs (`OVERVIEW_SEARCHES`);
 * `undefined` where Nexudus did not say how many.
 */
export interface OverviewTotals {
  all: number | undefined;
  failing: number | undefined;
  /** Switched off by Nexudus after 10 failures. */
  disabled: number | undefined;
  /** Switched off by a person or an API client (inactive with fewer than 10 errors). */
  paused: number | undefined;
  /** No successful delivery for 7 days. */
  stale: number | undefined;
}

/** Totals and the worst failing webhooks: a bare `/webhooks` and the App Home tab. */
export interface OverviewModel extends PausedByContext {
  kind: "overview";
  totals: OverviewTotals;
  /** Records Nexudus sent that could not be read. */
  skipped?: number;
  /** Worst failing first (highest ErrorCount), a handful. */
  worst: readonly WebhookListRecord[];
  locations: LocationNames;
  now: number;
}

/** The answer after a pause or resume. */
export interface ToggleResultModel extends PausedByContext {
  kind: "toggled";
  record: WebhookRecord;
  active: boolean;
  /** Slack user id of whoever did it. */
  actorUserId: string;
  locations: LocationNames;
  now: number;
}
