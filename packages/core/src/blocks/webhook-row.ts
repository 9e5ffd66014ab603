import type { Button } from "@slack/types";
import { actionName } from "../nexudus/actions";
import { lastDeliveryOf, type WebhookListRecord } from "../nexudus/schemas";
import { hostOf } from "../text/redact";
import { ACTION_IDS, type ActionValue, type ActionView } from "./action-ids";
import { button, buttonValue, confirmDialog } from "./block-kit";
import type { LocationNames } from "./models";
import { lastSuccessText } from "./slack-date";
import { errorBar, statusEmoji } from "./status";
import { cleanLine, inlineCode, safeLiteral, safeText } from "./untrusted-text";

/**
 * How much of each untrusted text a row shows. Builders try the roomiest density first and step down
 * until the whole message fits Slack's limits; the last one fits 25 rows in any case.
 */
export interface RowDensity {
  name: number;
  location: number;
  host: number;
  /** 0 = the last error is left out. */
  error: number;
  /** Show "3 days ago" next to the date token. */
  relative: boolean;
  /** Longer confirm dialog text (action and target host) rather than the name only. */
  verboseConfirm: boolean;
}

export const DENSITIES: readonly RowDensity[] = [
  { name: 150, location: 80, host: 80, error: 500, relative: true, verboseConfirm: true },
  { name: 100, location: 60, host: 60, error: 250, relative: true, verboseConfirm: true },
  { name: 80, location: 40, host: 50, error: 120, relative: true, verboseConfirm: false },
  { name: 60, location: 30, host: 40, error: 60, relative: true, verboseConfirm: false },
  { name: 40, location: 24, host: 30, error: 0, relative: false, verboseConfirm: false },
];

/** The roomiest density (what details-like single-record messages use). */
export const ROOMY: RowDensity = DENSITIES[0]!;

/* Untrusted texts are redacted once per message, then cut per density; this cap bounds the re-cuts' cost. */
const PREPARED_CAP = 2000;

/** A record with its untrusted texts redacted and collapsed once (not yet escaped). */
export interface PreparedRecord {
  record: WebhookListRecord;
  name: string;
  location: string;
  host: string;
  error: string;
  action: string;
}

/** The display name of a location, or `Location #id` when the account has no such location. */
export function locationName(locations: LocationNames, businessId: number): string {
  return locations.get(businessId) ?? `Location #${businessId}`;
}

/** Redacts and collapses a record's untrusted texts (the expensive part, done once). */
export function prepareRecord(record: WebhookListRecord, locations: LocationNames): PreparedRecord {
  const cap = (s: string) => (s.length > PREPARED_CAP ? s.slice(0, PREPARED_CAP) : s);
  return {
    record,
    name: cap(cleanLine(record.Name)) || "(no name)",
    location: cap(cleanLine(locationName(locations, record.BusinessId))),
    host: cap(cleanLine(hostOf(record.URL))),
    error: cap(cleanLine(record.LastError)),
    action: actionName(record.Action),
  };
}

/**
 * The mrkdwn text of one webhook in a list: status emoji, bold name, id, action, location; the error bar,
 * last success and target host; the last error as code.
 */
export function rowText(p: PreparedRecord, density: RowDensity, now?: number): string {
  const r = p.record;
  const lines = [
    `${statusEmoji(r)} *${safeLiteral(p.name, density.name)}*  ·  #${r.Id}  ·  ${p.action}  ·  ${safeText(p.location, density.location)}`,
    [
      errorBar(r.ErrorCount),
      // "never delivered" reads on its own; a date reads as "last success …".
      `${lastDeliveryOf(r).kind !== "never" ? "last success " : ""}${lastSuccessText(r, density.relative ? now : undefined)}`,
      inlineCode(p.host, density.host),
    ]
      .filter(Boolean)
      .join("  ·  "),
  ];
  if (density.error > 0 && p.error) lines.push(`Last error: ${inlineCode(p.error, density.error)}`);
  return lines.join("\n");
}

/** The **Details** button of a webhook; carries the query and page it was listed under when they fit. */
export function detailsButton(id: number, from?: { q: string; p: number }): Button {
  const value = (from && buttonValue({ id, q: from.q, p: from.p })) ?? buttonValue({ id }) ?? "{}";
  return button({ text: "Details", actionId: ACTION_IDS.details, value });
}

/**
 * The **Pause** (active webhook) or **Resume** (inactive) button, behind a confirm dialog. `refresh` (the
 * query and page to re-render afterwards, and `v` when that is a details view) travels in the value when
 * it fits.
 */
export function toggleButton(
  p: PreparedRecord,
  density: RowDensity,
  refresh?: ActionValue & { v?: ActionView },
  label?: string,
): Button {
  const r = p.record;
  const pause = r.Active;
  const value = (refresh && buttonValue({ ...refresh, id: r.Id })) ?? buttonValue({ id: r.Id }) ?? "{}";
  const name = `“${safeText(p.name, density.verboseConfirm ? 80 : 40)}” (#${r.Id})`;
  const host = safeText(p.host, 60);
  const text = density.verboseConfirm
    ? pause
      ? `Nexudus will stop sending ${p.action} events from ${name} to ${host} until someone resumes it.`
      : `Nexudus will send ${p.action} events from ${name} to ${host} again.`
    : `${pause ? "Pause" : "Resume"} ${name}?`;
  return button({
    text: label ?? (pause ? "Pause" : "Resume"),
    actionId: pause ? ACTION_IDS.pause : ACTION_IDS.resume,
    value,
    ...(pause ? { style: "danger" as const } : {}),
    confirm: confirmDialog({
      title: pause ? "Pause this webhook?" : "Resume this webhook?",
      text,
      confirm: pause ? "Pause" : "Resume",
      style: pause ? "danger" : "primary",
    }),
  });
}
