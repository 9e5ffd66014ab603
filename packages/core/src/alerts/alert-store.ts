import type { AlertsOff } from "./alert-config";
import type { Incident, IncidentFlags } from "./incident-model";

/** A webhook someone muted: no incident opens for it until it is unmuted. */
export interface Mute {
  webhookId: number;
  /** Its name when it was muted (for `/webhooks muted`; untrusted). */
  name: string;
  by: string;
  at: number;
}

/** What the watch remembers between polls, besides incidents. */
export interface WatchState {
  /** When the first poll ran (its findings were recorded without a message each). */
  initialisedAt?: number;
  /** Polls in a row that could not read Nexudus. */
  failures: number;
  /** The "cannot reach Nexudus" notice, once posted: why, since when, and its message per channel. */
  outage?: { reason: string; since: number; posts: Record<string, string> };
  /** Per channel, the "+N more incidents" message. */
  folds: Record<string, { ts: string; count: number }>;
  /** Per channel, Slack's refusal for good (an archived channel, the bot removed): held until `retryAt`. */
  refused?: Record<string, ChannelRefusal>;
  /**
   * By incident id, what an incident that closed while Slack's answer was lost still owes its channel: a
   * closed incident is not read again, so the next poll looks here for its message and its last line.
   */
  closingLines?: Record<string, ClosingLine>;
  /**
   * Per channel, the first poll's summary it did not get (its channel held, or Slack failing): posted once
   * the channel takes messages, with what is still unsaid then.
   */
  summaries?: Record<string, OwedMessage>;
  /**
   * Since when, and why, the watch found no channel taking alerts (it then reads nothing): what
   * `/webhooks incidents` says instead of an all-clear. Cleared by the next poll that runs.
   */
  off?: { reason: AlertsOff; since: number };
}

/** A message the watch owes a channel, posted at most once (see `NamedMessage`). */
export interface OwedMessage {
  /** When it was last sent without an answer that said it was not posted: it is looked for first. */
  triedAt?: number;
}

/**
 * A closed incident's message or last line whose answer from Slack was lost (see `pendingLine`): looked for
 * by the next poll, and sent when it is not there.
 */
export interface ClosingLine {
  channel: string;
  /** Its message; absent when the post's answer was lost too (it is looked for from `pendingSince`). */
  ts?: string;
  /** When its message was sent, while `ts` is unknown. */
  pendingSince?: number;
  /** The line (`pendingLine`): absent when the post took none (a snoozed incident). */
  n?: number;
  text?: string;
  since?: number;
}

/**
 * A channel Slack refused for good. Its incidents are still planned but nothing is sent there until
 * `retryAt`, or until its alert subscriptions change (`routing` differs from the poll's).
 */
export interface ChannelRefusal {
  /** Slack's error code (`is_archived`, `not_in_channel`, …). */
  error: string;
  /** When it was first refused (epoch ms); kept across retries that are refused again. */
  since: number;
  /** When the watch tries the channel again. */
  retryAt: number;
  /** The channel's routing when refused (`WatchDeps.routingOf`). */
  routing: string;
  /** For `missing_scope`: the scope Slack said the call needed (its answer's `needed`). */
  needed?: string;
  /**
   * Whether a person was told: the notice in `ALERT_CHANNEL` posted (or, with nowhere to post it, the error
   * logged). `false` until then, and each poll tries again. Absent: told (recorded before this field).
   */
  said?: boolean;
  /** When its notice was last sent without an answer that said it was not posted: looked for first. */
  noticeTriedAt?: number;
  /**
   * The bot's join (epoch ms, Slack's time) already known when it was refused: that join did not fix the
   * channel, so only a later one lifts the hold. Absent: none was known.
   */
  joined?: number;
}

/** When a button's flags are written (see `AlertStore.setFlags`). */
export type FlagGuard = "unset" | "moved" | "always";

/** A snooze that moves by less than this is the same snooze. */
export const SNOOZE_SAME_WITHIN_MS = 60_000;

/** What a button's write did: `written`; `unchanged` (the guard did not hold); `closed`; `missing`. */
export type FlagWrite =
  | { status: "written" | "unchanged" | "closed"; incident: Incident }
  | { status: "missing" };

/** Whether `guard` lets `flags` be written over `current` (the one rule, for every store). */
export function guardHolds(current: IncidentFlags, flags: IncidentFlags, guard: FlagGuard): boolean {
  if (guard === "always") return true;
  if (guard === "unset")
    return Object.keys(flags).every((key) => current[key as keyof IncidentFlags] === undefined);
  const until = flags.snoozedUntil;
  return (
    until === undefined ||
    current.snoozedUntil === undefined ||
    Math.abs(current.snoozedUntil - until) > SNOOZE_SAME_WITHIN_MS
  );
}

/** The watch's state in the table. */
export interface AlertStore {
  /** Every open incident (closed ones are kept a while for their duration and then expire). */
  openIncidents(): Promise<Incident[]>;
  incident(id: string): Promise<Incident | undefined>;
  /**
   * Writes the watch's part of an incident (everything but its flags) if nobody wrote it since
   * `incident.version` was read (0: it must be new). Returns the new version, or `undefined` on conflict.
   */
  saveIncident(incident: Incident): Promise<number | undefined>;
  /**
   * Sets flags from a button, leaving the rest alone, on an open incident only, and only when `guard`
   * holds: `unset`, when none of these flags is set yet (Acknowledge, Mute: a double click writes once);
   * `moved`, when `snoozedUntil` moves by more than a minute (a double click on Snooze writes once);
   * `always` (Resume: written before its writes to Nexudus, which its lease makes happen once).
   */
  setFlags(id: string, flags: IncidentFlags, guard: FlagGuard): Promise<FlagWrite>;
  mutes(): Promise<Mute[]>;
  /** True when the webhook was not muted yet. */
  mute(mute: Mute): Promise<boolean>;
  /** True when it was muted. */
  unmute(webhookId: number): Promise<boolean>;
  watchState(): Promise<WatchState>;
  saveWatchState(state: WatchState): Promise<void>;
}
