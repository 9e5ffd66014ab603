// The namespace import lets the bundler drop what is unused (`import { z }` keeps all of zod, locales too).
import * as z from "zod";

/*
 * Schemas for what Nexudus sends. Objects are "loose": unknown fields are kept (never rejected), because
 * Nexudus adds fields over time and `setActive` must PUT the full record back without dropping any.
 * Required fields are those the bot cannot work without; a missing or mistyped one is a schema error.
 */

const nullableString = z.string().nullable().optional();

/** A webhook as the search endpoint lists it (`Description` is not populated there). */
export const WebhookListRecordSchema = z.looseObject({
  Id: z.number().int(),
  BusinessId: z.number().int(),
  Name: z.string(),
  Action: z.number().int(),
  URL: z.string(),
  Active: z.boolean(),
  ErrorCount: z.number().int(),
  LastError: nullableString,
  LastTrigger: nullableString,
  CreatedOn: nullableString,
  UpdatedOn: nullableString,
  UpdatedBy: nullableString,
  UniqueId: nullableString,
  Description: nullableString,
});
export type WebhookListRecord = z.infer<typeof WebhookListRecordSchema>;

/** A webhook as `GET /sys/webhooks/{id}` returns it: the list form plus `Description`. */
export const WebhookRecordSchema = WebhookListRecordSchema;
export type WebhookRecord = z.infer<typeof WebhookRecordSchema>;

/** The paging envelope of every Nexudus search endpoint. */
export function searchEnvelopeSchema<T extends z.ZodType>(record: T) {
  return z.looseObject({
    Records: z.array(record),
    CurrentPage: z.number().int(),
    CurrentPageSize: z.number().int(),
    CurrentOrderField: z.string().nullable().optional(),
    CurrentSortDirection: z.number().int().nullable().optional(),
    FirstItem: z.number().int(),
    LastItem: z.number().int(),
    TotalItems: z.number().int(),
    TotalPages: z.number().int(),
    HasNextPage: z.boolean(),
    HasPreviousPage: z.boolean(),
  });
}

export const WebhookSearchEnvelopeSchema = searchEnvelopeSchema(WebhookListRecordSchema);
/** A page of webhook search results. */
export type WebhookSearchEnvelope = z.infer<typeof WebhookSearchEnvelopeSchema>;

/** A location ("business"). */
export const BusinessSchema = z.looseObject({
  Id: z.number().int(),
  Name: z.string(),
  SimpleTimeZoneId: z.number().int().nullable().optional(),
  RootLocationId: z.number().int().nullable().optional(),
});
export type Business = z.infer<typeof BusinessSchema>;

export const BusinessSearchEnvelopeSchema = searchEnvelopeSchema(BusinessSchema);
export type BusinessSearchEnvelope = z.infer<typeof BusinessSearchEnvelopeSchema>;

/** The answer to a write (PUT/POST). Some failed writes answer HTTP 200 with `WasSuccessful: false`. */
export const WriteEnvelopeSchema = z.looseObject({
  Status: z.number().int().nullable().optional(),
  Message: z.string().nullable().optional(),
  Value: z.unknown().optional(),
  WasSuccessful: z.boolean(),
  Errors: z
    .array(
      z.looseObject({
        AttemptedValue: z.unknown().optional(),
        Message: z.string().nullable().optional(),
        PropertyName: z.string().nullable().optional(),
      }),
    )
    .nullable()
    .optional(),
});
export type WriteEnvelope = z.infer<typeof WriteEnvelopeSchema>;

/** The answer of `POST /token`. */
export const TokenAnswerSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number(),
  refresh_token: z.string().optional(),
});
export type TokenAnswer = z.infer<typeof TokenAnswerSchema>;

/**
 * Parses a Nexudus date. Nexudus writes ISO 8601, usually with `Z`; a value without an offset is taken as
 * UTC too. This is the one place where that assumption lives (see README, "Dates").
 * Returns `undefined` for null, empty or unparseable values.
 */
export function parseNexudusDate(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const hasZone = /(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(value);
  const ms = Date.parse(hasZone ? value : `${value}Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * The last successful delivery (`LastTrigger`), or `undefined` when there was none: empty, unparseable, or
 * a placeholder before 1970 (such as .NET's `0001-01-01`, which some APIs write for "never"). Every view
 * (results, details, digest) reads it through here, so they agree.
 */
export function lastSuccessOf(record: { LastTrigger?: string | null }): Date | undefined {
  const date = parseNexudusDate(record.LastTrigger);
  return date && date.getTime() > 0 ? date : undefined;
}
