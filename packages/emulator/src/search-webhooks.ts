import type { WebhookRecord } from "@nwh/core/nexudus";
import { boolParam, intParam, minuteParam, storedDateMs, textParam } from "./query-values";
import { type FieldKinds, type SearchEnvelope, searchRecords } from "./search-records";
import { SortedViews } from "./sorted-view";

/** The webhook properties `orderBy` accepts, and how each sorts. */
export const WEBHOOK_FIELDS: FieldKinds = {
  Id: "int",
  BusinessId: "int",
  Name: "text",
  Description: "text",
  Action: "int",
  URL: "text",
  Active: "bool",
  LastError: "text",
  ErrorCount: "int",
  LastTrigger: "date",
  CreatedOn: "date",
  UpdatedOn: "date",
  UpdatedBy: "text",
  UniqueId: "text",
};

const MINUTE_MS = 60_000;
type Predicate = (w: WebhookRecord) => boolean;

/** A webhook's date property. */
export type DateField = "LastTrigger" | "CreatedOn" | "UpdatedOn";

/**
 * The value a date filter compares, as epoch ms read as UTC: the stored instant by default; with the
 * `local` date quirk, the location's wall-clock time (what such an account stores, with its fake `Z`).
 */
export type DateReader = (w: WebhookRecord, field: DateField) => number | undefined;

const storedDate: DateReader = (w, field) => storedDateMs(w[field]);

function containsCi(field: keyof WebhookRecord, needle: string | undefined): Predicate | undefined {
  if (needle === undefined) return undefined;
  return (w) => {
    const v = w[field];
    return typeof v === "string" && v.toLowerCase().includes(needle);
  };
}

function dateRange(query: URLSearchParams, field: DateField, dateOf: DateReader): Predicate | undefined {
  const from = minuteParam(query, `from_WebHook_${field}`);
  const toMinute = minuteParam(query, `to_WebHook_${field}`);
  if (from === undefined && toMinute === undefined) return undefined;
  // A `to_` bound names a minute and includes all of it.
  const to = toMinute === undefined ? undefined : toMinute + MINUTE_MS - 1;
  return (w) => {
    const ms = dateOf(w, field);
    if (ms === undefined) return false;
    return (from === undefined || ms >= from) && (to === undefined || ms <= to);
  };
}

/**
 * Builds the one-pass filter of `GET /sys/webhooks` from its documented query parameters; date filters
 * compare what `dateOf` reads.
 */
export function webhookFilter(query: URLSearchParams, dateOf: DateReader = storedDate): Predicate {
  const business = intParam(query, "WebHook_Business");
  const action = intParam(query, "WebHook_Action");
  const active = boolParam(query, "WebHook_Active");
  const errorCount = intParam(query, "WebHook_ErrorCount");
  const fromErrors = intParam(query, "from_WebHook_ErrorCount");
  const toErrors = intParam(query, "to_WebHook_ErrorCount");
  const triggerMinute = minuteParam(query, "WebHook_LastTrigger");
  const predicates = [
    business === undefined ? undefined : (w: WebhookRecord) => w.BusinessId === business,
    action === undefined ? undefined : (w: WebhookRecord) => w.Action === action,
    active === undefined ? undefined : (w: WebhookRecord) => w.Active === active,
    errorCount === undefined ? undefined : (w: WebhookRecord) => w.ErrorCount === errorCount,
    fromErrors === undefined ? undefined : (w: WebhookRecord) => w.ErrorCount >= fromErrors,
    toErrors === undefined ? undefined : (w: WebhookRecord) => w.ErrorCount <= toErrors,
    triggerMinute === undefined
      ? undefined
      : (w: WebhookRecord) => {
          const ms = dateOf(w, "LastTrigger");
          return ms !== undefined && ms - (ms % MINUTE_MS) === triggerMinute;
        },
    containsCi("Name", textParam(query, "WebHook_Name")),
    containsCi("Description", textParam(query, "WebHook_Description")),
    containsCi("URL", textParam(query, "WebHook_URL")),
    containsCi("LastError", textParam(query, "WebHook_LastError")),
    dateRange(query, "LastTrigger", dateOf),
    dateRange(query, "CreatedOn", dateOf),
    dateRange(query, "UpdatedOn", dateOf),
  ].filter((p): p is Predicate => p !== undefined);
  return (w) => {
    for (const p of predicates) if (!p(w)) return false;
    return true;
  };
}

/** The listing form of a record: a shallow copy with `Description` left empty, as Nexudus lists it. */
function listForm(w: WebhookRecord): WebhookRecord {
  return { ...w, Description: null };
}

/**
 * `GET /sys/webhooks`: filters, sorts and pages the live store. Throws QueryError on a malformed value.
 * `views` caches sorted orders between calls (one per store); `dateOf` is what date filters compare.
 */
export function searchWebhooks(
  webhooks: readonly WebhookRecord[],
  query: URLSearchParams,
  views: SortedViews = new SortedViews(),
  dateOf: DateReader = storedDate,
): SearchEnvelope<WebhookRecord> {
  return searchRecords(webhooks, query, WEBHOOK_FIELDS, webhookFilter(query, dateOf), listForm, views);
}
