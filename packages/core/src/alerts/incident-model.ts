/*
 * Incidents as the watch keeps them in the table. An incident is one cause (a target host and a
 * normalised error) failing in one channel: the webhooks routed there that fail that way, opened when the
 * first of them reached `ALERT_MIN_ERRORS`. It has one message in its channel, updated in place.
 */

/** How bad an open incident (or one of its webhooks) is. */
export type AlertState = "failing" | "at-risk" | "disabled";

/** How a webhook left an incident, or how an incident closed (`unwatched`: its channel no longer takes it). */
export type ClosedAs = "recovered" | "paused" | "deleted" | "muted" | "unwatched";

/** The worst first. */
export const STATE_RANK: Record<AlertState, number> = { disabled: 3, "at-risk": 2, failing: 1 };

/** One webhook of an incident, as the watch last saw it. */
export interface IncidentMember {
  id: number;
  name: string;
  businessId: number;
  errors: number;
  /** While it belongs to the open incident: its state; once it left: how. */
  state: AlertState | ClosedAs;
  /** When it joined (epoch ms). */
  since: number;
  /**
   * Found already failing by the first poll: `since` is when the watch first looked, not when it began to
   * fail (which Nexudus does not say). Absent in items stored before this was recorded: read as known.
   */
  foundFailing?: true;
  /** Its `LastTrigger` as last read (informative: a moved one with errors still at the minimum is no recovery). */
  lastTrigger?: string;
  /** When it left. */
  leftAt?: number;
  /**
   * When the watch last saw Nexudus disable it (the poll's time): a Resume clicked after that is what
   * switched it back on (`IncidentFlags.resumedAt`). Absent: not seen disabled (or stored before this).
   */
  disabledAt?: number;
  /** When the watch saw it switched back on after it had been disabled: a later disable is said "again". */
  resumedAt?: number;
}

/** The incident's message in its channel. */
export interface IncidentPost {
  /** Set once the message is posted. */
  ts?: string;
  /** Set while a post is under way (a run that died there finds it in the channel by its metadata). */
  pendingSince?: number;
  /**
   * Recorded without a message: by the first run (summed up once per channel), or over a run's budget
   * (counted in the channel's "+N more incidents" message). It gets one at its next change of state.
   */
  silent?: "first-run" | "folded";
  /** Thread lines posted so far. */
  lines: number;
  /**
   * A thread line recorded before it is posted (`n`: its number, from 1; its text, mention included): a
   * poll whose answer from Slack was lost leaves it, and the next one looks for line `n` in the thread (by
   * its metadata) before posting it, so a lost answer never gives the thread the same line twice.
   */
  pendingLine?: { n: number; text: string; since: number };
  /**
   * When Slack said the message was gone (a person deleted it), while it is posted again: a closed incident
   * is not posted again just to say it closed.
   */
  deletedAt?: number;
  /**
   * A digest of the message as the watch last drew it. A button redraws it too, and may lose a race with a
   * poll: each poll redraws an incident whose message would now read differently, so both converge.
   */
  drawn?: string;
}

/** Set from the message's buttons, never by the watch. */
export interface IncidentFlags {
  ackBy?: string;
  ackAt?: number;
  snoozedBy?: string;
  snoozedUntil?: number;
  /** Who muted the incident's webhooks (the watch closes it as muted at its next poll). */
  mutedBy?: string;
  mutedAt?: number;
  /**
   * Who clicked Resume last, and when (written before the first webhook is switched on): the click's own
   * thread line said so, so the poll that then finds them on again adds none. A later Resume overwrites it.
   */
  resumedBy?: string;
  resumedAt?: number;
}

/** The flags' names, as stored. */
export const FLAG_KEYS = [
  "ackBy",
  "ackAt",
  "snoozedBy",
  "snoozedUntil",
  "mutedBy",
  "mutedAt",
  "resumedBy",
  "resumedAt",
] as const;

/** One incident. */
export interface Incident {
  id: string;
  channel: string;
  /** Who escalations mention there. */
  mention: readonly string[];
  causeKey: string;
  host: string;
  error: string;
  openedAt: number;
  /** The worst state of its open webhooks (or the last one, once closed). */
  state: AlertState;
  closedAt?: number;
  closedAs?: ClosedAs;
  /** By webhook id. */
  members: Record<string, IncidentMember>;
  post: IncidentPost;
  flags: IncidentFlags;
  /** When an escalation mentioned `mention` (once per incident). */
  mentionedAt?: number;
  /**
   * When its members' error counts were read from Nexudus (the poll that last saved them): the message says
   * its counts are "as of" then, so a figure a later poll did not redraw is never shown as current. Absent
   * in items stored before this was recorded.
   */
  readAt?: number;
  /** For conditional writes: the version read (0 for a new incident). */
  version: number;
}

/** The members still in the incident. */
export function openMembers(incident: Incident): IncidentMember[] {
  return Object.values(incident.members).filter((m) => m.state in STATE_RANK);
}

/**
 * Whether the first poll found the incident already failing (its first webhooks were): `openedAt` is then
 * when the watch first looked, so messages say "watched since" rather than "opened" or a duration.
 */
export function foundFailing(incident: Incident): boolean {
  return Object.values(incident.members).some((m) => m.foundFailing === true);
}

/** The worst of these states (`failing` for none). */
export function worstState(states: Iterable<AlertState>): AlertState {
  let worst: AlertState = "failing";
  for (const state of states) if (STATE_RANK[state] > STATE_RANK[worst]) worst = state;
  return worst;
}

/** Members in the order messages list them: the worst state first, then the most errors. */
export function worstFirst(members: readonly IncidentMember[]): IncidentMember[] {
  const rank = (m: IncidentMember) => STATE_RANK[m.state as AlertState] ?? 0;
  return [...members].sort((a, b) => rank(b) - rank(a) || b.errors - a.errors);
}

/** Whether the incident is snoozed at `now`. */
export function isSnoozed(incident: Incident, now: number): boolean {
  return incident.flags.snoozedUntil !== undefined && incident.flags.snoozedUntil > now;
}
