import type { Business, SimpleTimeZone, WebhookRecord } from "@nwh/core/nexudus";
import type { DeliveryController } from "./deliveries";

/** The data an emulator serves. Live: the emulator reads and writes these arrays on every request. */
export interface Account {
  businesses: Business[];
  webhooks: WebhookRecord[];
  /** `/sys/simpletimezones`: what a location's `SimpleTimeZoneId` names. Default `DEMO_TIME_ZONES`. */
  timeZones?: SimpleTimeZone[];
}

/** The emulator's one API user. */
export interface Credentials {
  username: string;
  password: string;
  /**
   * A two-factor account: the base32 key of its authenticator. A password grant then needs `totp`, the
   * RFC 6238 code of the moment on the emulator's clock (the previous step's code is accepted too), or it
   * answers 400 `two_factor_auth_check`.
   */
  totpSecret?: string;
}

/**
 * What a fault answers instead of the real thing. `"write-refused"` (200 with `WasSuccessful: false`) and
 * `"write-ignored"` (200 with `WasSuccessful: true`, nothing stored) only affect writes and wait for one.
 * `"html-403"` is a CloudFront/WAF refusal page; `502` is a proxy's HTML error page.
 */
export type FaultKind =
  | 409
  | 429
  | 500
  | 502
  | 503
  | "malformed"
  | "drop"
  | "timeout"
  | "html-403"
  | "write-refused"
  | "write-ignored";

/** A Nexudus role (what the emulator checks per endpoint when `AccountQuirks.missingRoles` is set). */
export type Role =
  | "WebHook-List"
  | "WebHook-Read"
  | "WebHook-Edit"
  | "WebHook-Create"
  | "WebHook-Delete"
  | "Business-List"
  | "Business-Read"
  | "SimpleTimeZone-List";

/**
 * Ways a real account differs from the tidy default, each one answer shape the documentation allows or a
 * public client has seen. They apply to `/sys` answers until changed.
 */
export interface AccountQuirks {
  /**
   * `drifted`: search envelopes carry only `Records`, `TotalItems`, `HasNextPage` and `HasPreviousPage`, and
   * every record extra unknown fields. Default `full` (every documented field).
   */
  envelope: "full" | "drifted";
  /**
   * How dates are written: `iso` (UTC with `Z`, the default); `ms-date`, .NET's `/Date(1735689600000)/`; or
   * `local`, each location's wall-clock time with a fake `Z` (as Nexudus's member-portal API does), which
   * is then what such an account stores: date filters (`from_WebHook_LastTrigger=YYYY-MM-DDTHH:mm`) compare
   * with those wall-clock values.
   */
  dates: "iso" | "ms-date" | "local";
  /** Records listed without `ErrorCount` (one bad record on a page). */
  malformedIds: number[];
  /** `false`: the user has no "API access": every `/sys` request answers 401 (tokens are still issued). */
  apiAccess: boolean;
  /** Roles the user lacks: requests to those endpoints answer 401, as Nexudus does. */
  missingRoles: Role[];
}

/** Fault injection of one emulator instance. Faults apply to `/sys` requests, never to `/token`. */
export interface FaultController {
  /** Milliseconds added before answering any request (token requests included). */
  setLatency(ms: number): void;
  /** The next requests, in order, get these answers (a `"write-refused"` waits for the next write). */
  sequence(kinds: FaultKind[]): void;
  /**
   * The requests that follow the next write, in order, get these answers (the write itself is answered as
   * it would be, a queued write fault included): a change whose confirmation cannot be read.
   */
  afterWrite(kinds: FaultKind[]): void;
  /** From now on, each request gets `kind` with probability `p` (seeded, so runs are reproducible). */
  fraction(p: number, kind: FaultKind): void;
  /** Expires every access token issued so far; refresh tokens stay valid. */
  expireTokens(): void;
  /** Changes the account's quirks (see `AccountQuirks`); the rest stay as they are. */
  quirks(changes: Partial<AccountQuirks>): void;
  /** Clears latency, sequences, fractions and quirks. */
  reset(): void;
}

/** One request as the emulator saw it. Never holds a password or a token. */
export interface RecordedRequest {
  method: string;
  /** The path as requested, `/api` prefix included (e.g. `/api/sys/webhooks`). */
  path: string;
  query: Record<string, string>;
  /** The status answered; 0 when the request was dropped or never answered. */
  status: number;
  /** Arrival time on the emulator's clock (epoch ms). */
  at: number;
  /** `bearer` or `basic` when an Authorization header was sent. */
  authScheme?: string;
}

/** Published Nexudus limits by default; tests shrink them. */
export interface RateLimitOptions {
  /** Minimum gap between two requests of a client (default 100). */
  minIntervalMs?: number;
  perMinute?: number;
  perHour?: number;
  perDay?: number;
  /** Writes (PUT/POST/DELETE) per minute (default 60). */
  writesPerMinute?: number;
  /** Writes per day (default 5,000). */
  writesPerDay?: number;
}

export interface EmulatorOptions {
  /** 0 = any free port (default 0). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `demoAccount(now())`. Kept by reference: writes change it, tests may change it. */
  account?: Account;
  /** Default true (the published limits). */
  rateLimit?: boolean | RateLimitOptions;
  latencyMs?: number;
  /** Default 3600. */
  tokenTtlSeconds?: number;
  /** The emulator's clock (epoch ms); token expiry, rate limits, `UpdatedOn` and `at` use it. */
  now?: () => number;
  /** Default DEMO_CREDENTIALS. */
  credentials?: Credentials;
  /** Seed of the `fraction` fault draws (default 1). */
  faultSeed?: number;
}

export interface Emulator {
  /** e.g. `http://127.0.0.1:PORT/api`. */
  url: string;
  credentials: Credentials;
  faults: FaultController;
  /** Delivery outcomes played on the account (fail, recover, disable, a tick of the whole account). */
  deliveries: DeliveryController;
  requests: RecordedRequest[];
  account: Account;
  /** Stops the server and destroys every socket, hanging ones included. */
  close(): Promise<void>;
}
