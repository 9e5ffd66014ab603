import { SLACK_LIMITS } from "../slack/limits";
import { SUBSCRIPTION_ACTION_IDS } from "./subscription-action-ids";

/**
 * Action ids of every interactive element the bot renders. The functions package registers one listener
 * per id; the builders use the same constants, so the two cannot drift apart. Slack identifies a click by
 * block_id + action_id, so one block never holds two elements with the same id (`validateMessage` checks).
 */
export const ACTION_IDS = {
  /** Next / previous page of a search result; value: ActionValue with `q` and `p`. Replaces the message in place. */
  pageNext: "webhooks_page_next",
  pagePrev: "webhooks_page_prev",
  /** Open one webhook in full; value: ActionValue with `id` (and the `q`/`p` it came from). */
  details: "webhooks_details",
  /** Post the same answer in the channel; value: ActionValue (`q`/`p` for a search, `id` for details). */
  share: "webhooks_share",
  /** Admins only, behind a confirm dialog; value: ActionValue with `id` (and `q`/`p` to refresh). */
  pause: "webhooks_pause",
  resume: "webhooks_resume",
  /**
   * A common search from the overview / App Home; value: ActionValue with `q`. Also Details' "Back to
   * results", with `q` and `p` (the search is run again at that page).
   */
  runSearch: "webhooks_run_search",
  /** The digest's "Show failing" button; value: ActionValue with `q: "failing"`. */
  digestShowFailing: "webhooks_digest_show_failing",
  /**
   * A row's menu (an overflow) on a page too full for a Pause/Resume button per row (admins only): each
   * option's value is an ActionValue with `id` (and `q`/`p`) plus the choice `c` (see `encodeRowChoice`).
   * "Pause…"/"Resume…" answer with the confirm step `/webhooks pause ID` shows: an overflow's own confirm
   * dialog would guard every option, Details included.
   */
  rowMenu: "webhooks_row_menu",
  /** The channel subscriptions' Remove, Add and Edit (see `SUBSCRIPTION_ACTION_IDS`). */
  ...SUBSCRIPTION_ACTION_IDS,
  /** An incident message's buttons (issue 16); value: an IncidentValue (`encodeIncidentValue`). */
  incidentAck: "webhooks_incident_ack",
  /** A select of snooze lengths; each option's value is an IncidentValue with `h` (hours). */
  incidentSnooze: "webhooks_incident_snooze",
  /** Admins only, behind a confirm dialog. */
  incidentMute: "webhooks_incident_mute",
  incidentDetails: "webhooks_incident_details",
  /** Admins only: resume the incident's disabled webhooks (all of them), behind a confirm dialog. */
  incidentResume: "webhooks_incident_resume",
  /** Admins only, from `/webhooks muted`; value: ActionValue with `id`. */
  unmute: "webhooks_unmute",
} as const;

export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

/**
 * What a button carries. Untrusted on the way back (a user can forge it): `q` is re-parsed with the
 * normal parser and every right is re-checked on the server.
 */
export interface ActionValue {
  /** A normalized query text (as `formatQuery` writes it). */
  q?: string;
  /** Page number. */
  p?: number;
  /** A webhook id. */
  id?: number;
}

/**
 * Where a Pause/Resume button was drawn, carried in its value as `v` next to the ActionValue: `"details"`
 * on a details view, so the click redraws the details rather than the list of `q`/`p`. A display hint, not
 * an argument: `decodeActionValue` leaves it out; `actionViewOf` reads it.
 */
export type ActionView = "details";

/** The view a button value names (`v`), or `undefined` (a list, or nothing said). Never throws. */
export function actionViewOf(raw: unknown): ActionView | undefined {
  if (typeof raw !== "string" || raw.length > 2000) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return (parsed as { v?: unknown } | null)?.v === "details" ? "details" : undefined;
  } catch {
    return undefined;
  }
}

/** What a row menu's option does: open Details, or ask to pause or resume. */
export type RowChoice = "details" | "pause" | "resume";

/**
 * The value of a row menu option: `value` with the choice as `c`, within `SLACK_LIMITS.optionValue`. When the
 * query it came from does not fit, it is left out (Details then has no way back to it); `undefined` only
 * when even the id does not fit.
 */
export function encodeRowChoice(choice: RowChoice, value: ActionValue): string | undefined {
  for (const v of [value, { id: value.id }]) {
    const encoded = JSON.stringify({ c: choice, ...v });
    if (encoded.length <= SLACK_LIMITS.optionValue) return encoded;
  }
  return undefined;
}

/** The choice (`c`) a row menu option carries, or `undefined`. Never throws. */
export function rowChoiceOf(raw: unknown): RowChoice | undefined {
  if (typeof raw !== "string" || raw.length > SLACK_LIMITS.optionValue) return undefined;
  try {
    const c = (JSON.parse(raw) as { c?: unknown } | null)?.c;
    return c === "details" || c === "pause" || c === "resume" ? c : undefined;
  } catch {
    return undefined;
  }
}

/** Encodes a button value (compact JSON, far under Slack's 2,000-character limit). */
export function encodeActionValue(value: ActionValue): string {
  return JSON.stringify(value);
}

/** Decodes a button value; anything malformed yields `undefined` (never throws). */
export function decodeActionValue(raw: unknown): ActionValue | undefined {
  if (typeof raw !== "string" || raw.length > 2000) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const v = parsed as Record<string, unknown>;
  const out: ActionValue = {};
  if (v.q !== undefined) {
    if (typeof v.q !== "string" || v.q.length > 1000) return undefined;
    out.q = v.q;
  }
  if (v.p !== undefined) {
    if (typeof v.p !== "number" || !Number.isSafeInteger(v.p) || v.p < 1) return undefined;
    out.p = v.p;
  }
  if (v.id !== undefined) {
    if (typeof v.id !== "number" || !Number.isSafeInteger(v.id) || v.id < 1) return undefined;
    out.id = v.id;
  }
  return out;
}

/** What an incident message's buttons carry: the incident's id, and for Snooze the hours. */
export interface IncidentValue {
  i: string;
  h?: number;
}

/** An incident's id as the watch makes it (hex). */
const INCIDENT_ID = /^[0-9a-f]{8,64}$/;

/** Encodes an incident button's value (far under Slack's 150 characters for an option). */
export function encodeIncidentValue(value: IncidentValue): string {
  return JSON.stringify(value);
}

/** Decodes an incident button's value; anything malformed yields `undefined` (never throws). */
export function decodeIncidentValue(raw: unknown): IncidentValue | undefined {
  if (typeof raw !== "string" || raw.length > 200) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const v = parsed as { i?: unknown; h?: unknown } | null;
  if (typeof v !== "object" || v === null || typeof v.i !== "string" || !INCIDENT_ID.test(v.i))
    return undefined;
  if (v.h === undefined) return { i: v.i };
  return typeof v.h === "number" && Number.isInteger(v.h) && v.h >= 1 && v.h <= 24 * 7
    ? { i: v.i, h: v.h }
    : undefined;
}
