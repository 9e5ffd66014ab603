import type { Business, WebhookRecord } from "@nwh/core/nexudus";

/** The data an emulator serves. Live: the emulator reads and writes these arrays on every request. */
export interface Account {
  businesses: Business[];
  webhooks: WebhookRecord[];
}

/** A username/password pair of the emulator's one API user. */
export interface Credentials {
  username: string;
  password: string;
}

/** What a fault answers instead of the real thing. `"write-refused"` only affects writes. */
export type FaultKind = 409 | 429 | 500 | 502 | 503 | "malformed" | "drop" | "timeout" | "write-refused";

/** Fault injection of one emulator instance. Faults apply to `/sys` requests, never to `/token`. */
export interface FaultController {
  /** Milliseconds added before answering any request (token requests included). */
  setLatency(ms: number): void;
  /** The next requests, in order, get these answers (a `"write-refused"` waits for the next write). */
  sequence(kinds: FaultKind[]): void;
  /** From now on, each request gets `kind` with probability `p` (seeded, so runs are reproducible). */
  fraction(p: number, kind: FaultKind): void;
  /** Expires every access token issued so far; refresh tokens stay valid. */
  expireTokens(): void;
  /** Clears latency, sequences and fractions. */
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
  requests: RecordedRequest[];
  account: Account;
  /** Stops the server and destroys every socket, hanging ones included. */
  close(): Promise<void>;
}
