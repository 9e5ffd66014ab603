// zod's functional build (same library, same checks and messages), configured for cold starts
// (../zod-mini.ts); the namespace import lets the bundler drop what is unused.
import * as z from "../zod-mini";

/*
 * Schemas for what Nexudus sends. Objects are "loose": unknown fields are kept (never rejected), because
 * Nexudus adds fields over time and a view may show them. Required fields are those the bot cannot work
 * without: a listed record missing one is skipped and counted (see `search-page.ts`), a single record
 * missing one is a schema error. Fields the bot only displays tolerate a wrong type.
 */

const int = () => z.number().check(z.int());
const nullableString = () => z.optional(z.nullable(z.string()));
// A date Nexudus sent in a type the bot cannot read is kept as "unreadable", never read as "no date"
// (for `LastTrigger`, "no date" means "never delivered").
const dateText = () => z.catch(nullableString(), "(unreadable)");
const optionalInt = () => z.catch(z.optional(z.nullable(int())), null);

/*
 * Each schema is built on its first parse (`z.lazy`), not at import: a cold start pays only for the answers
 * its requests read (a search reads webhooks and locations; a write, the envelope), and a request that
 * reads none of them (help, the Home tab, a hand-off) pays for none.
 */

/** A webhook as the search endpoint lists it (`Description` is not populated there). */
export const WebhookListRecordSchema = z.lazy(() =>
  z.looseObject({
    Id: int(),
    BusinessId: int(),
    Name: z.string(),
    Action: int(),
    URL: z.string(),
    Active: z.boolean(),
    ErrorCount: int(),
    LastError: z.catch(nullableString(), "(unreadable)"),
    LastTrigger: dateText(),
    CreatedOn: dateText(),
    UpdatedOn: dateText(),
    UpdatedBy: z.catch(nullableString(), null),
    UniqueId: z.catch(nullableString(), null),
    Description: nullableString(),
  }),
);
export type WebhookListRecord = z.infer<typeof WebhookListRecordSchema>;

/** A webhook as `GET /sys/webhooks/{id}` returns it: the list form plus `Description`. */
export const WebhookRecordSchema = WebhookListRecordSchema;
export type WebhookRecord = z.infer<typeof WebhookRecordSchema>;

/** A location ("business"). */
export const BusinessSchema = z.lazy(() =>
  z.looseObject({
    Id: int(),
    Name: z.string(),
    SimpleTimeZoneId: optionalInt(),
    RootLocationId: optionalInt(),
  }),
);
export type Business = z.infer<typeof BusinessSchema>;

/** A time zone of the account (`/sys/simpletimezones`): `Name` is a Windows zone id such as `GMT Standard Time`. */
export const SimpleTimeZoneSchema = z.lazy(() =>
  z.looseObject({
    Id: int(),
    Name: nullableString(),
    Description: nullableString(),
  }),
);
export type SimpleTimeZone = z.infer<typeof SimpleTimeZoneSchema>;

/** The answer to a write (PUT/POST). Some failed writes answer HTTP 200 with `WasSuccessful: false`. */
export const WriteEnvelopeSchema = z.lazy(() =>
  z.looseObject({
    Status: z.optional(z.nullable(int())),
    Message: nullableString(),
    Value: z.optional(z.unknown()),
    WasSuccessful: z.boolean(),
    Errors: z.optional(
      z.nullable(
        z.array(
          z.looseObject({
            AttemptedValue: z.optional(z.unknown()),
            Message: nullableString(),
            PropertyName: nullableString(),
          }),
        ),
      ),
    ),
  }),
);
export type WriteEnvelope = z.infer<typeof WriteEnvelopeSchema>;

/** The answer of `POST /token`. */
export const TokenAnswerSchema = z.lazy(() =>
  z.looseObject({
    access_token: z.string().check(z.minLength(1)),
    token_type: z.string(),
    expires_in: z.number(),
    refresh_token: z.optional(z.string()),
  }),
);
export type TokenAnswer = z.infer<typeof TokenAnswerSchema>;

export {
  type LastDelivery,
  lastDeliveryOf,
  lastSuccessOf,
  oldestSuccessFirst,
  parseNexudusDate,
} from "./dates";
