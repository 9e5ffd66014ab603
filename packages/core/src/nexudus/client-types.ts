import type { Business, BusinessSearchEnvelope, WebhookListRecord, WebhookRecord, WebhookSearchEnvelope } from "./schemas";

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
  /** Stop with a NexudusLimitError-style RangeError when more than this many records match. Default unbounded. */
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
