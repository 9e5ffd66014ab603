import type { Clock } from "../clock";
import type { Business, WebhookListRecord, WebhookRecord } from "./schemas";
import type { SearchPage } from "./search-page";

/** A page of webhook search results (normalised: see `SearchPage`). */
export type WebhookSearchEnvelope = SearchPage<WebhookListRecord>;
/** A page of locations. */
export type BusinessSearchEnvelope = SearchPage<Business>;

/** Every record of a walk over all pages, and how many Nexudus sent that could not be read. */
export interface WalkResult<T> {
  records: T[];
  /** Records skipped because they could not be read (already logged, redacted). */
  skipped: number;
}

/** Query parameters for a Nexudus search, by their exact documented names (e.g. `WebHook_Active`). */
export type SearchParams = Readonly<Record<string, string>>;

/** Per-call options: a caller (a Slack request) can bound a whole call, retries and waits included. */
export interface CallOptions {
  /** Epoch milliseconds (on the client's clock) by which the whole call must end, or it throws NexudusTimeoutError. */
  deadline?: number;
  /** Aborts the call. */
  signal?: AbortSignal;
}

/** Options of `searchAllWebhooks`. */
export interface SearchAllOptions extends CallOptions {
  /** Page size for the walk (Nexudus allows up to 1000). Default 1000. */
  pageSize?: number;
  /** Throw NexudusTooManyRecordsError when more than this many records match. Default unbounded. */
  maxRecords?: number;
}

/** The Nexudus client: the only code that talks to Nexudus. */
export interface NexudusClient {
  /** One page of `GET /sys/webhooks`. */
  searchWebhooks(params: SearchParams, options?: CallOptions): Promise<WebhookSearchEnvelope>;
  /**
   * Every page of `GET /sys/webhooks` for these filters (sorting kept), in order, without duplicates.
   * Once page 1 tells how many pages there are, the others are asked for together (the limiter paces them).
   */
  searchAllWebhooks(params: SearchParams, options?: SearchAllOptions): Promise<WalkResult<WebhookListRecord>>;
  /** `GET /sys/webhooks/{id}`: the full record. NexudusHttpError with status 404 when there is none. */
  getWebhook(id: number, options?: CallOptions): Promise<WebhookRecord>;
  /**
   * GETs the full record, PUTs its documented writable fields back with `Active` changed, checks
   * `WasSuccessful`, and reads the record again: NexudusWriteNotAppliedError when Nexudus answered success
   * but the record still has the old `Active`, NexudusWriteUnconfirmedError when it cannot be read again.
   * Returns the record re-read.
   */
  setWebhookActive(id: number, active: boolean, options?: CallOptions): Promise<WebhookRecord>;
  /** One page of `GET /sys/businesses`. */
  searchBusinesses(params: SearchParams, options?: CallOptions): Promise<BusinessSearchEnvelope>;
  /** Every location of the account (all pages). */
  listAllBusinesses(options?: CallOptions): Promise<Business[]>;
  /** `GET /sys/businesses/{id}`. */
  getBusiness(id: number, options?: CallOptions): Promise<Business>;
  /**
   * Starts getting the credentials ready (the bearer token, from the cache or from Nexudus) so that the
   * first request of a cold start need not wait for them: call it as soon as a request is known to be
   * genuine. Resolves when done; never rejects (a request that needs the token meets any failure itself).
   */
  prepare(): Promise<void>;
}

/** How the client authenticates. */
export interface NexudusAuthOptions {
  /** `bearer`: a token from `POST /token` (cached, renewed); `basic`: `Authorization: Basic` on every request. */
  scheme: "bearer" | "basic";
  username: string;
  password: string;
  /**
   * `NEXUDUS_TOTP_SECRET`: the base32 key of the user's authenticator, for accounts with two-factor
   * authentication. The client sends the RFC 6238 code of the moment (from its clock) as `totp` with each
   * password grant. Never logged.
   */
  totpSecret?: string;
}

/** A bearer token as the client keeps it. */
export interface StoredToken {
  access: string;
  refresh?: string;
  /** Epoch ms after which the token is not used any more (a margin before Nexudus's `expires_in`). */
  renewAt: number;
}

/**
 * Where the bearer authorizer keeps its token. The default lives in memory (one per client); issue 15
 * plugs in a store shared by every Lambda environment (a DynamoDB item), so that they do not each log in
 * and rotate each other's refresh tokens away: Nexudus invalidates a `client_id`'s earlier refresh tokens
 * whenever it issues a new one.
 */
export interface TokenCache {
  get(): Promise<StoredToken | undefined>;
  /** Stores a new token, or forgets the stored one (`undefined`). */
  put(token: StoredToken | undefined): Promise<void>;
  /**
   * Optional cross-process single flight around a token request: runs `obtain` unless another holder of
   * the store is already doing it, or has done it, in which case it resolves with the token that one
   * stored (any usable token other than `replaces`, the access token found expired or refused). Within
   * one client, concurrent callers already share one token request. It stores the token `obtain` returns
   * itself (callers do not `put` it), and may resolve before that write has finished.
   */
  singleFlight?(obtain: () => Promise<StoredToken>, replaces?: string): Promise<StoredToken>;
}

/**
 * A request budget shared by every environment that uses the same API user (a cell in the table, replaced
 * with conditional writes). The limiter asks it only when its own minute, with what it last learned of the
 * others, comes near the limit; far from it the common path costs no table round trip.
 */
export interface SharedRateBudget {
  /** How many sends the other environments made in the minute before `now` (or reserved after it). */
  look(now: number): Promise<{ others: number }>;
  /**
   * Reserves the earliest send time ≥ `notBefore` that keeps every limit for all environments together,
   * first recording `unreported`, the sends this environment made without asking. Also says how many sends
   * the others made in the minute before `now`. `at` is the slot the others space around; `from` (≤ `at`,
   * default `at`) is when the send may already go: every limit holds from then, and a send between the two
   * is further from the next environment's slot, not closer. `release` is a slot this environment reserved
   * and gave up unsent (reached too late): in the same write, it stops counting for every limit.
   */
  reserve(request: {
    kind: "read" | "write";
    notBefore: number;
    now: number;
    unreported: ReadonlyArray<{ kind: "read" | "write"; at: number }>;
    release?: { kind: "read" | "write"; at: number };
  }): Promise<{ at: number; from?: number; others: number }>;
}

/**
 * The client-side limiter: the client waits rather than send a request Nexudus would throttle. Every
 * field defaults to Nexudus's published limit (`NEXUDUS_LIMITS`).
 */
export interface RateLimiterOptions {
  /** Least spacing between two sends. Nexudus publishes 100. */
  minIntervalMs?: number;
  /** Nexudus publishes 120 a minute, 5,000 an hour, 200,000 a day. */
  perMinute?: number;
  perHour?: number;
  perDay?: number;
  /** Writes (PUT/POST/DELETE): 60 a minute, 5,000 a day. */
  writesPerMinute?: number;
  writesPerDay?: number;
  /** Length of the minute windows; 60 000 unless a test shrinks it. */
  windowMs?: number;
  /** Added to every spacing, for arrival jitter. Default `DEFAULT_MARGIN_MS` (20). */
  marginMs?: number;
  /**
   * A budget shared with other environments, consulted once this environment's sends in the last minute,
   * those queued and the others' last known sends reach `consultAbovePerMinute`
   * (default `DEFAULT_CONSULT_ABOVE_PER_MINUTE`). `onError` hears a failed consultation (the request then
   * goes on its own limits).
   */
  shared?: { budget: SharedRateBudget; consultAbovePerMinute?: number; onError?: (error: unknown) => void };
}

/**
 * How Nexudus's dates are read (`NEXUDUS_DATES`): `utc` takes them as UTC; `local` reads each webhook's dates
 * as wall-clock time in its location's zone (`SimpleTimeZoneId`, mapped through `/sys/simpletimezones`),
 * or `timeZone` when that is unknown.
 */
export interface NexudusDatesOptions {
  reading: "utc" | "local";
  /** `NEXUDUS_TIMEZONE`: IANA zone for locations whose zone cannot be found. Default `UTC`. */
  timeZone?: string;
}

/** What a log line carries besides its message: never a credential, a token, a query string or a body. */
export interface NexudusLogFields {
  method: string;
  /** The path without its query string, e.g. `/sys/webhooks`. */
  path: string;
  status?: number;
  attempt: number;
  /** How long the client waits before the next attempt. */
  waitMs?: number;
  /** Records of an answer that could not be read and were skipped. */
  skipped?: number;
  /** Where the skipped records failed, as field paths (`Records.3.ErrorCount: expected number`), never values. */
  issues?: string[];
}

/** A logger (console and the Powertools logger both fit). */
export interface NexudusLogger {
  debug(message: string, fields: NexudusLogFields): void;
  warn(message: string, fields: NexudusLogFields): void;
}

/** What the client sends: a URL, and always a method, headers and a signal. */
export interface HttpRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** What the client reads of an answer (a subset of the Fetch API's `Response`). */
export interface HttpAnswer {
  status: number;
  headers: {
    get(name: string): string | null;
    forEach(callback: (value: string, name: string) => void): void;
  };
  text(): Promise<string>;
}

/**
 * The HTTP port of the Nexudus client: the subset of `fetch` it uses, so that the global `fetch` and a
 * client on `node:http` both fit.
 */
export type HttpFetch = (url: string, init: HttpRequestInit) => Promise<HttpAnswer>;

/** Sleeps `ms`; rejects (or resolves early) when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Options of `createNexudusClient`. Only `baseUrl` and `auth` are required. */
export interface NexudusClientOptions {
  /** e.g. `https://spaces.nexudus.com/api`; paths (`/token`, `/sys/webhooks`) are appended. */
  baseUrl: string;
  auth: NexudusAuthOptions;
  /** How requests go out (default: the global `fetch`; the functions pass `nodeHttpFetch`). */
  fetch?: HttpFetch;
  /** Default: the system clock. Deadlines are read on this clock. */
  clock?: Clock;
  /** Default: a timer. */
  sleep?: Sleep;
  /** Default: `Math.random` (backoff jitter). */
  random?: () => number;
  /** Budget of one HTTP exchange. Default 5000. */
  requestTimeoutMs?: number;
  /** Attempts per request when Nexudus throttles, fails (5xx) or the network does. Default 4. */
  maxAttempts?: number;
  /** Longest `Retry-After` wait honoured. Default 10 000. */
  maxRetryAfterMs?: number;
  /** First backoff step (full jitter, doubling). Default 200. */
  backoffBaseMs?: number;
  /** Longest backoff step. Default 4000. */
  backoffMaxMs?: number;
  /** Default: Nexudus's published limits; `false` disables the limiter. */
  limiter?: RateLimiterOptions | false;
  logger?: NexudusLogger;
  /** Where a bearer token is kept. Default: in memory. */
  tokenCache?: TokenCache;
  /** How dates are read. Default `{ reading: "utc" }`. */
  dates?: NexudusDatesOptions;
}
