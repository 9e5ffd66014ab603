import type { Clock } from "../clock";
import type {
  Business,
  BusinessSearchEnvelope,
  WebhookListRecord,
  WebhookRecord,
  WebhookSearchEnvelope,
} from "./schemas";

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
  /** Every page of `GET /sys/webhooks` for these filters (sorting kept), in order. */
  searchAllWebhooks(params: SearchParams, options?: SearchAllOptions): Promise<WebhookListRecord[]>;
  /** `GET /sys/webhooks/{id}`: the full record. NexudusHttpError with status 404 when there is none. */
  getWebhook(id: number, options?: CallOptions): Promise<WebhookRecord>;
  /** GETs the full record, PUTs it back whole with only `Active` changed, checks `WasSuccessful`; returns the record re-read. */
  setWebhookActive(id: number, active: boolean, options?: CallOptions): Promise<WebhookRecord>;
  /** One page of `GET /sys/businesses`. */
  searchBusinesses(params: SearchParams, options?: CallOptions): Promise<BusinessSearchEnvelope>;
  /** Every location of the account (all pages). */
  listAllBusinesses(options?: CallOptions): Promise<Business[]>;
  /** `GET /sys/businesses/{id}`. */
  getBusiness(id: number, options?: CallOptions): Promise<Business>;
}

/** How the client authenticates. */
export interface NexudusAuthOptions {
  /** `bearer`: a token from `POST /token` (cached, renewed); `basic`: `Authorization: Basic` on every request. */
  scheme: "bearer" | "basic";
  username: string;
  password: string;
}

/** The client-side limiter: the client waits rather than send a request Nexudus would throttle. */
export interface RateLimiterOptions {
  /** Least spacing between two requests. Nexudus publishes 100. */
  minIntervalMs: number;
  /** Most requests in one rolling window. Nexudus publishes 120 per minute. */
  perMinute: number;
  /** Length of the rolling window; 60 000 unless a test shrinks it. */
  windowMs?: number;
  /** Added to every spacing (which is measured from the end of the previous exchange). Default 0. */
  marginMs?: number;
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
}

/** A logger (console and the Powertools logger both fit). */
export interface NexudusLogger {
  debug(message: string, fields: NexudusLogFields): void;
  warn(message: string, fields: NexudusLogFields): void;
}

/** Sleeps `ms`; rejects (or resolves early) when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Options of `createNexudusClient`. Only `baseUrl` and `auth` are required. */
export interface NexudusClientOptions {
  /** e.g. `https://spaces.nexudus.com/api`; paths (`/token`, `/sys/webhooks`) are appended. */
  baseUrl: string;
  auth: NexudusAuthOptions;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
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
  /** Default `{ minIntervalMs: 100, perMinute: 120 }`; `false` disables it. */
  limiter?: RateLimiterOptions | false;
  logger?: NexudusLogger;
}
