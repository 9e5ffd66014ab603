// The namespace import lets the bundler drop what is unused (`import { z }` keeps all of zod, locales too).
import * as z from "zod";

/*
 * Schemas for what Nexudus sends. Objects are "loose": unknown fields are kept (never rejected), because
 * Nexudus adds fields over time and a view may show them. Required fields are those the bot cannot work
 * without: a listed record missing one is skipped and counted (see `search-page.ts`), a single record
 * missing one is a schema error. Fields the bot only displays tolerate a wrong type.
 */

const nullableString = z.string().nullable().optional();
// A date Nexudus sent in a type the bot cannot read is kept as "unreadable", never read as "no date"
// (for `LastTrigger`, "no date" means "never delivered").
const dateText = z.string().nullable().optional().catch("(unreadable)");
const optionalInt = z.number().int().nullable().optional().catch(null);

/** A webhook as the search endpoint lists it (`Description` is not populated there). */
export const WebhookListRecordSchema = z.looseObject({
  Id: z.number().int(),
  BusinessId: z.number().int(),
  Name: z.string(),
  Action: z.number().int(),
  URL: z.string(),
  Active: z.boolean(),
  ErrorCount: z.number().int(),
  LastError: nullableString.catch("(unreadable)"),
  LastTrigger: dateText,
  CreatedOn: dateText,
  UpdatedOn: dateText,
  UpdatedBy: nullableString.catch(null),
  UniqueId: nullableString.catch(null),
  Description: nullableString,
});
export type WebhookListRecord = z.infer<typeof WebhookListRecordSchema>;

/** A webhook as `GET /sys/webhooks/{id}` returns it: the list form plus `Description`. */
export const WebhookRecordSchema = WebhookListRecordSchema;
export type WebhookRecord = z.infer<typeof WebhookRecordSchema>;

/** A location ("business"). */
export const BusinessSchema = z.looseObject({
  Id: z.number().int(),
  Name: z.string(),
  SimpleTimeZoneId: optionalInt,
  RootLocationId: optionalInt,
});
export type Business = z.infer<typeof BusinessSchema>;

/** A time zone of the account (`/sys/simpletimezones`): `Name` is a Windows zone id such as `GMT Standard Time`. */
export const SimpleTimeZoneSchema = z.looseObject({
  Id: z.number().int(),
  Name: z.string().nullable().optional(),
  Description: z.string().nullable().optional(),
});
export type SimpleTimeZone = z.infer<typeof SimpleTimeZoneSchema>;

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

export { type LastDelivery, lastDeliveryOf, lastSuccessOf, parseNexudusDate } from "./dates";
