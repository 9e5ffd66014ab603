import type { Button, Overflow } from "@slack/types";
import { actionName } from "../nexudus/actions";
import { lastDeliveryOf, type WebhookListRecord } from "../nexudus/schemas";
import { hostOf } from "../text/redact";
import { ACTION_IDS, type ActionValue, type ActionView, encodeRowChoice } from "./action-ids";
import { button, buttonValue, confirmDialog, overflowMenu } from "./block-kit";
import type { LocationNames, PausedByContext } from "./models";
import { lastSuccessText } from "./slack-date";
import { errorBar, resumeWarning, statusEmoji, statusText } from "./status";
import { cleanLine, inlineCodeOfClean, safeLiteralOfClean, safeTextOfClean } from "./untrusted-text";

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
  /** Say when an inactive webhook was paused (a date token), not only by whom. */
  stateDate: boolean;
}

export const DENSITIES: readonly RowDensity[] = [
  { name: 150, location: 80, host: 80, error: 500, relative: true, verboseConfirm: true, stateDate: true },
  { name: 100, location: 60, host: 60, error: 250, relative: true, verboseConfirm: true, stateDate: true },
  { name: 80, location: 40, host: 50, error: 120, relative: true, verboseConfirm: false, stateDate: true },
  { name: 60, location: 30, host: 40, error: 60, relative: true, verboseConfirm: false, stateDate: true },
  { name: 40, location: 24, host: 30, error: 0, relative: false, verboseConfirm: false, stateDate: false },
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
  /** The bot's own Nexudus user, to say "paused by this bot". */
  botUser?: string;
}

/** The display name of a location, or `Location #id` when the account has no such location. */
export function locationName(locations: LocationNames, businessId: number): string {
  return locations.get(businessId) ?? `Location #${businessId}`;
}

/** Redacts and collapses a record's untrusted texts (the expensive part, done once). */
export function prepareRecord(
  record: WebhookListRecord,
  locations: LocationNames,
  context: PausedByContext = {},
): PreparedRecord {
  const cap = (s: string) => (s.length > PREPARED_CAP ? s.slice(0, PREPARED_CAP) : s);
  return {
    record,
    name: cap(cleanLine(record.Name)) || "(no name)",
    location: cap(cleanLine(locationName(locations, record.BusinessId))),
    host: cap(cleanLine(hostOf(record.URL))),
    error: cap(cleanLine(record.LastError)),
    action: actionName(record.Action),
    ...(context.botUser ? { botUser: context.botUser } : {}),
  };
}

/**
 * The mrkdwn text of one webhook in a list: status emoji, bold name, id, action, location; the error bar,
 * who paused it (or that Nexudus disabled it), last success and target host; the last error as code.
 */
export function rowText(p: PreparedRecord, density: RowDensity, now?: number): string {
  const r = p.record;
  const lines = [
    `${statusEmoji(r)} *${safeLiteralOfClean(p.name, density.name)}*  ·  #${r.Id}  ·  ${p.action}  ·  ${safeTextOfClean(p.location, density.location)}`,
    [
      errorBar(r.ErrorCount),
      r.Active ? "" : statusText(r, p.botUser, { whoMax: density.location, date: density.stateDate }),
      // "never delivered" reads on its own; a date reads as "last success …".
      `${lastDeliveryOf(r).kind !== "never" ? "last success " : ""}${lastSuccessText(r, density.relative ? now : undefined)}`,
      inlineCodeOfClean(p.host, density.host),
    ]
      .filter(Boolean)
      .join("  ·  "),
  ];
  if (density.error > 0 && p.error) lines.push(`Last error: ${inlineCodeOfClean(p.error, density.error)}`);
  return lines.join("\n");
}

/**
 * The way back to where a view was opened from: **◀ Back to results** (`runSearch` with the search and
 * page), or **◀ Back to overview** when the query is empty (the overview, the Home tab). `undefined` when
 * the query does not fit a button.
 */
export function backButton(from: { q: string; p: number }): Button | undefined {
  const value = buttonValue({ q: from.q, p: from.p });
  if (!value) return undefined;
  const text = from.q === "" ? "◀ Back to overview" : "◀ Back to results";
  return button({ text, actionId: ACTION_IDS.runSearch, value });
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
  const warning = pause ? undefined : resumeWarning(r.ErrorCount);
  // The dialog holds 300 chars: with a warning to give, the name gets less room, so the warning fits whole.
  const name = `“${safeTextOfClean(p.name, warning ? 40 : density.verboseConfirm ? 80 : 40)}” (#${r.Id})`;
  const host = safeTextOfClean(p.host, 60);
  const text = warning
    ? `Resume ${name}? ${warning}`
    : density.verboseConfirm
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

/**
 * A row's actions in one menu, for an admin's page too full for a Pause/Resume button per row: **Details**
 * and **Pause…** (active) or **Resume…** (inactive), each carrying the id and, when it fits, the search and
 * page it was listed under. Choosing Pause…/Resume… answers with the confirm step (see `ACTION_IDS.rowMenu`).
 */
export function rowMenu(record: WebhookListRecord, from?: { q: string; p: number }): Overflow | Button {
  const value: ActionValue = { id: record.Id, ...(from ? { q: from.q, p: from.p } : {}) };
  const toggle = record.Active ? "pause" : "resume";
  const menu = overflowMenu(ACTION_IDS.rowMenu, [
    { text: "Details", value: encodeRowChoice("details", value) },
    { text: record.Active ? "Pause…" : "Resume…", value: encodeRowChoice(toggle, value) },
  ]);
  // Only an id too long for an option (never a Nexudus one) gets here: Details still opens the rest.
  return menu ?? detailsButton(record.Id, from);
}
