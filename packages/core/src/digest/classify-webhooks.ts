import { webhookStatus } from "../blocks/status";
import { lastDeliveryOf, oldestSuccessFirst, type WebhookListRecord } from "../nexudus/schemas";

/**
 * Why a webhook is in the digest: switched off by Nexudus after 10 failures (`disabled`), switched off with
 * errors by a person or an API client (`paused`, as `webhookStatus` tells them apart), or still on and
 * failing.
 */
export type DigestClass = "disabled" | "paused" | "failing";

/** One webhook in trouble, as the digest sees it. */
export interface DigestItem {
  record: WebhookListRecord;
  class: DigestClass;
  /** Failing, and its last success is within the past 24 h: the failure began since yesterday. */
  isNew: boolean;
  /** Has errors and no successful delivery ever (`LastTrigger` empty). */
  neverDelivered: boolean;
  /** The open incident it belongs to, when the alerts watch it (`withIncidents`). */
  incident?: ItemIncident;
}

/** What the digest says of a webhook's open incident: since when it fails, and who is on it. */
export interface ItemIncident {
  /** When it joined its incident (epoch ms): "failing since". */
  since: number;
  /** The first poll found it already failing: `since` is when the watch looked, so the digest omits it. */
  foundFailing?: true;
  /** Someone acknowledged the incident, or snoozed it (until `until`): listed apart. */
  handled?: { as: "acknowledged" | "snoozed"; by?: string; until?: number };
}

/** Options of the classification. */
export interface ClassifyOptions {
  /** Epoch ms "now" of the digest run. */
  now: number;
  /** `ErrorCount` from which an active webhook counts as failing (`DIGEST_MIN_ERRORS`); below 1 means 1. */
  minErrors: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Classifies one webhook, or returns `undefined` when it does not belong in the digest: healthy, below
 * `minErrors`, or paused without errors (someone switched a working webhook off on purpose). An inactive
 * webhook with errors is listed whatever `minErrors`: disabled by Nexudus, or paused by a person.
 */
export function classifyWebhook(record: WebhookListRecord, options: ClassifyOptions): DigestItem | undefined {
  const errors = record.ErrorCount;
  if (errors <= 0) return undefined;
  const delivery = lastDeliveryOf(record);
  const lastSuccess = delivery.kind === "at" ? delivery.at : undefined;
  // Only a missing LastTrigger is "never": an unreadable one is unknown.
  const neverDelivered = delivery.kind === "never";
  if (!record.Active) {
    const status = webhookStatus(record) === "disabled" ? "disabled" : "paused";
    return { record, class: status, isNew: false, neverDelivered };
  }
  if (errors < Math.max(1, options.minErrors)) return undefined;
  const isNew = lastSuccess !== undefined && lastSuccess.getTime() >= options.now - DAY_MS;
  return { record, class: "failing", isNew, neverDelivered };
}

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/** Disabled by Nexudus first; paused last: a paused webhook gets no worse while paused. */
const CLASS_RANK: Record<DigestClass, number> = { disabled: 0, failing: 1, paused: 2 };

/**
 * How bad an item is, coarsely: disabled first, then failing, then paused; inside a class ErrorCount
 * descending, never delivered first on ties. Zero for two items equally bad (names do not count here).
 */
export function compareSeverityRank(a: DigestItem, b: DigestItem): number {
  if (a.class !== b.class) return CLASS_RANK[a.class] - CLASS_RANK[b.class];
  if (a.record.ErrorCount !== b.record.ErrorCount) return b.record.ErrorCount - a.record.ErrorCount;
  if (a.neverDelivered !== b.neverDelivered) return a.neverDelivered ? -1 : 1;
  return 0;
}

/**
 * Severity order: disabled first, then failing, then paused; by ErrorCount descending (closest to
 * auto-disable first), never delivered before others on ties, then the longest without a success (as the
 * searches and the overview break their ties, `oldestSuccessFirst`), then by name, then by id so the order
 * is total and stable.
 */
export function compareSeverity(a: DigestItem, b: DigestItem): number {
  return (
    compareSeverityRank(a, b) ||
    oldestSuccessFirst(a.record, b.record) ||
    collator.compare(a.record.Name, b.record.Name) ||
    a.record.Id - b.record.Id
  );
}

/**
 * Classifies webhooks for the digest: keeps those in trouble (each once, by `Id`) and returns them in
 * severity order (see `compareSeverity`).
 */
export function classifyWebhooks(
  records: Iterable<WebhookListRecord>,
  options: ClassifyOptions,
): DigestItem[] {
  const seen = new Set<number>();
  const items: DigestItem[] = [];
  for (const record of records) {
    if (seen.has(record.Id)) continue;
    seen.add(record.Id);
    const item = classifyWebhook(record, options);
    if (item) items.push(item);
  }
  return items.sort(compareSeverity);
}
