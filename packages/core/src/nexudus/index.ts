// The Nexudus client, errors and records; the emulator reuses schemas, limits and TOTP to agree.
export { ACTIONS } from "./actions";
export { nexudusSettingsFrom } from "./client-settings";
export type {
  HttpAnswer,
  HttpFetch,
  NexudusClient,
  NexudusClientOptions,
  NexudusLogger,
  SharedRateBudget,
  Sleep,
  TokenCache,
} from "./client-types";
export { createNexudusClient } from "./create-nexudus-client";
export { parseNexudusDate } from "./dates";
export {
  NexudusAuthError,
  NexudusFirewallError,
  NexudusHttpError,
  NexudusNetworkError,
  NexudusPacedError,
  NexudusThrottleError,
  NexudusTimeoutError,
  NexudusTooManyRecordsError,
  NexudusWriteError,
} from "./errors";
export { NEXUDUS_LIMITS } from "./rate-limiter";
export {
  type Business,
  type SimpleTimeZone,
  type WebhookListRecord,
  type WebhookRecord,
  WebhookRecordSchema,
} from "./schemas";
export { timerSleep } from "./timing";
export { totpFromBase32 } from "./totp";
