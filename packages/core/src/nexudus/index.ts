export * from "./actions";
export { memoryTokenCache } from "./authorizers";
export { type NexudusConfig, nexudusSettingsFrom } from "./client-settings";
export * from "./client-types";
export { createNexudusClient } from "./create-nexudus-client";
export {
  type LastDelivery,
  lastDeliveryOf,
  lastSuccessOf,
  normalizeDates,
  parseNexudusDate,
  WEBHOOK_DATE_FIELDS,
} from "./dates";
export * from "./errors";
export {
  DEFAULT_CONSULT_ABOVE_PER_MINUTE,
  DEFAULT_MARGIN_MS,
  NEXUDUS_LIMITS,
  type RequestKind,
} from "./rate-limiter";
export { describeIssues } from "./schema-issues";
export {
  type Business,
  BusinessSchema,
  type SimpleTimeZone,
  SimpleTimeZoneSchema,
  TokenAnswerSchema,
  type WebhookListRecord,
  WebhookListRecordSchema,
  type WebhookRecord,
  WebhookRecordSchema,
  type WriteEnvelope,
  WriteEnvelopeSchema,
} from "./schemas";
export { type PageRequest, parseSearchPage, type SearchPage } from "./search-page";
export { timerSleep } from "./timing";
export { decodeBase32, isBase32Secret, totpCode, totpFromBase32 } from "./totp";
export { ianaZoneOfWindowsId } from "./windows-zones";
export { WEBHOOK_WRITABLE_FIELDS } from "./write-answer";
