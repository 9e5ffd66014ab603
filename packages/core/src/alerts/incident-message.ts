import type { ActionsBlock, Button, KnownBlock, StaticSelect } from "@slack/types";
import { ACTION_IDS, encodeIncidentValue } from "../blocks/action-ids";
import { button, confirmDialog, context, plain, section } from "../blocks/block-kit";
import type { LocationNames, SlackMessage } from "../blocks/models";
import { slackDate } from "../blocks/slack-date";
import { errorBar } from "../blocks/status";
import { count, inlineCode, safeLiteral, safeText, userMention } from "../blocks/untrusted-text";
import { locationName } from "../blocks/webhook-row";
import { SLACK_LIMITS } from "../slack/limits";
import { formatCount } from "../text/format-count";
import type { ChannelRefusal } from "./alert-store";
import {
  type AlertState,
  type ClosedAs,
  foundFailing,
  type Incident,
  type IncidentMember,
  isSnoozed,
  openMembers,
  worstFirst,
} from "./incident-model";
import type { IncidentChange } from "./plan-watch";
import { channelRefusalAdvice } from "./slack-refusal";

/** `event_type` of an incident message's metadata. */
export const INCIDENT_EVENT_TYPE = "webhook_incident";
/** `event_type` of an incident's thread line (`event_payload: { incident, line }`): found again by it. */
export const INCIDENT_LINE_EVENT_TYPE = "webhook_incident_line";
/** `event_type` of the first poll's summary in a channel (`event_payload: {}`): found again by it. */
export const SUMMARY_EVENT_TYPE = "webhook_watch_summary";
/**
 * `event_type` of the notice that Slack refuses a channel (`event_payload: { channel, since }`, the
 * refusal's `since`): found again by it.
 */
export const REFUSED_EVENT_TYPE = "webhook_channel_refused";

/** A message the watch posts at most once, found again in its channel by its metadata. */
export interface NamedMessage extends SlackMessage {
  metadata: { event_type: string; event_payload: Record<string, string | number> };
}

/** An incident message: blocks, fallback text and the metadata `chat.update` carries along. */
export interface IncidentMessage extends SlackMessage {
  metadata: {
    event_type: typeof INCIDENT_EVENT_TYPE;
    event_payload: { incident: string; state: string; webhooks: number[] };
  };
}

/** The snooze lengths offered, in hours. */
export const SNOOZE_HOURS = [1, 4, 24, 168] as const;
/** Rows listed in the message; the rest are counted. */
const LISTED = 10;

const STATE_LINE: Record<AlertState, string> = {
  failing: ":large_orange_circle: *Failing*",
  "at-risk": ":red_circle: *About to be disabled*",
  disabled: ":no_entry: *Disabled by Nexudus*",
};
const CLOSED_LINE: Record<ClosedAs, string> = {
  recovered: ":large_green_circle: *Recovered*",
  paused: ":double_vertical_bar: *Paused by a person*",
  deleted: ":wastebasket: *Closed: its webhooks were deleted in Nexudus*",
  muted: ":no_bell: *Muted*",
  unwatched: ":heavy_minus_sign: *Closed: this channel no longer takes these webhooks*",
};

/** How a thread line says a webhook left. */
const LEFT_AS: Record<ClosedAs, string> = {
  recovered: "recovered",
  paused: "paused by a person",
  deleted: "deleted in Nexudus",
  muted: "muted",
  unwatched: "no longer taken by this channel",
};

/**
 * How long a closed incident lasted, as said after "Recovered": "after 2 h 14 min", "within a minute", or
 * for one the first poll found already failing (it began before the watch looked) "after at least 2 h
 * 14 min", "within a minute of being watched".
 */
export function lastedText(incident: Incident): string {
  const ms = (incident.closedAt ?? 0) - incident.openedAt;
  const known = !foundFailing(incident);
  if (ms < 60_000) return known ? "within a minute" : "within a minute of being watched";
  return `after ${known ? "" : "at least "}${durationText(ms)}`;
}

/** "2 h 14 min", "3 days 4 h", "under a minute". */
export function durationText(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "under a minute";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${count(days, "day")}${hours ? ` ${hours} h` : ""}`;
  if (hours > 0) return `${hours} h${mins ? ` ${mins} min` : ""}`;
  return `${mins} min`;
}

/** Errors toward the limit, `7/10`; past it (a resumed webhook keeps counting) `11 errors`, never `11/10`. */
function ofLimit(errors: number, disableAfter: number): string {
  return errors > disableAfter ? count(errors, "error") : `${errors}/${disableAfter}`;
}

function summaryOf(incident: Incident, atRisk: number, disableAfter: number): string {
  const members = openMembers(incident);
  const shown = members.length > 0 ? members : Object.values(incident.members);
  const locations = new Set(shown.map((m) => m.businessId)).size;
  const where = `${count(shown.length, "webhook")} in ${count(locations, "location")}`;
  if (incident.closedAt !== undefined) {
    return `${CLOSED_LINE[incident.closedAs ?? "recovered"]} ${lastedText(incident)}  ·  ${where}`;
  }
  const top = Math.max(...members.map((m) => m.errors), 0);
  const level =
    incident.state === "at-risk"
      ? `: ${ofLimit(top, disableAfter)}`
      : incident.state === "failing"
        ? ` (escalates at ${atRisk}/${disableAfter})`
        : "";
  // Muted from its message: nothing more is said of it, and the next poll closes it as muted.
  if (incident.flags.mutedBy !== undefined)
    return `${CLOSED_LINE.muted} (it was ${STATE_WORDS[incident.state]}${level})  ·  ${where}`;
  return `${STATE_LINE[incident.state]}${level}  ·  ${where}`;
}

/** An open incident's state in the words of a muted one's line. */
const STATE_WORDS: Record<AlertState, string> = {
  failing: "failing",
  "at-risk": "about to be disabled",
  disabled: "disabled by Nexudus",
};

/**
 * What the message says of its last Resume: switched on, and waiting to see whether deliveries succeed;
 * disabled again since; or nothing (no Resume, or none of its webhooks was switched on by it).
 */
function resumedNote(incident: Incident): string | undefined {
  const { resumedBy, resumedAt } = incident.flags;
  const by = userMention(resumedBy);
  if (resumedAt === undefined || !by) return undefined;
  const members = openMembers(incident);
  const said = `Resumed by ${by} ${slackDate(resumedAt)}`;
  if (members.some((m) => m.state === "disabled" && (m.disabledAt ?? 0) > resumedAt))
    return `${said}; Nexudus disabled it again since`;
  // Some still off: this Resume did not switch them all on (the thread and the clicker were told which).
  if (members.some((m) => m.state === "disabled")) return undefined;
  // Those it switched on have all left (recovered): nothing is waited for.
  if (!members.some((m) => m.disabledAt !== undefined || m.resumedAt !== undefined)) return undefined;
  return `${said}: waiting to see whether its deliveries succeed`;
}

function memberLine(member: IncidentMember, names: LocationNames): string {
  const state =
    member.state === "disabled"
      ? `disabled (${count(member.errors, "error")})`
      : member.state === "at-risk" || member.state === "failing"
        ? errorBar(member.errors)
        : member.state;
  return `• *${safeLiteral(member.name, 60)}*  ·  #${member.id}  ·  ${safeText(locationName(names, member.businessId), 40)}  ·  ${state}`;
}

function snoozeSelect(incident: Incident): StaticSelect {
  const label = (h: number) => (h < 24 ? `${h} h` : h === 24 ? "1 day" : "1 week");
  return {
    type: "static_select",
    action_id: ACTION_IDS.incidentSnooze,
    placeholder: plain("Snooze…", 150),
    options: SNOOZE_HOURS.map((h) => ({
      text: plain(label(h), 75),
      value: encodeIncidentValue({ i: incident.id, h }),
    })),
  };
}

function buttons(incident: Incident): ActionsBlock {
  const value = encodeIncidentValue({ i: incident.id });
  const elements: Array<Button | StaticSelect> = [];
  if (!incident.flags.ackBy)
    elements.push(button({ text: "Acknowledge", actionId: ACTION_IDS.incidentAck, value, style: "primary" }));
  elements.push(snoozeSelect(incident));
  elements.push(button({ text: "Details", actionId: ACTION_IDS.incidentDetails, value }));
  const disabled = openMembers(incident).filter((m) => m.state === "disabled");
  if (disabled.length > 0) {
    const one = disabled.length === 1;
    elements.push(
      button({
        text: one ? "Resume" : `Resume all ${disabled.length}`,
        actionId: ACTION_IDS.incidentResume,
        value,
        confirm: confirmDialog({
          title: one ? "Resume this webhook?" : `Resume ${disabled.length} webhooks?`,
          text: resumeConfirmText(disabled),
          confirm: "Resume",
          style: "primary",
        }),
      }),
    );
  }
  if (!incident.flags.mutedBy)
    elements.push(
      button({
        text: "Mute",
        actionId: ACTION_IDS.incidentMute,
        value,
        style: "danger",
        confirm: confirmDialog({
          title: "Mute these webhooks?",
          text: "No incident will be opened for them until someone unmutes them (/webhooks muted).",
          confirm: "Mute",
          style: "danger",
        }),
      }),
    );
  return { type: "actions", elements };
}

/**
 * What Resume's confirm dialog says: Nexudus keeps the error count on a resume (no documented way resets
 * it), so one more failed delivery switches the webhook off again. In the singular for one webhook.
 */
export function resumeConfirmText(disabled: readonly Pick<IncidentMember, "errors">[]): string {
  if (disabled.length === 1) {
    const errors = Math.max(0, Math.floor(disabled[0]!.errors));
    return `Nexudus will send its events again. Its error count stays at ${errors}: one more failed delivery disables it again, so fix the target first.`;
  }
  return "Nexudus will send their events again. Their error counts stay as they are (10 or more): one more failed delivery disables each again, so fix the target first.";
}

/**
 * An incident's message: its state (with the errors toward Nexudus's automatic disable, or how long it
 * lasted), its cause, its webhooks, who acknowledged or snoozed it, and its buttons while it is open. Every
 * Nexudus text is escaped; the metadata names the incident, its state and its webhooks. `progress` is a
 * line the bot composed (a Resume all under way: counts and a mention built from an id), shown first.
 */
export function incidentMessage(
  incident: Incident,
  names: LocationNames,
  options: { now: number; atRisk: number; disableAfter: number; progress?: string },
): IncidentMessage {
  const { now } = options;
  const summary = summaryOf(incident, options.atRisk, options.disableAfter);
  const cause = `${inlineCode(incident.host, 80)} — ${safeText(incident.error, 120)}`;
  const members = openMembers(incident);
  const listed = worstFirst(members.length > 0 ? members : Object.values(incident.members));
  const lines = listed.slice(0, LISTED).map((m) => memberLine(m, names));
  if (listed.length > LISTED) lines.push(`…and ${count(listed.length - LISTED, "more webhook")}`);
  const notes: string[] = [
    ...(options.progress ? [options.progress] : []),
    foundFailing(incident)
      ? `Watched since ${slackDate(incident.openedAt)} (already failing then)`
      : `Opened ${slackDate(incident.openedAt)}`,
  ];
  const ack = userMention(incident.flags.ackBy);
  if (ack) notes.push(`Acknowledged by ${ack}`);
  const open = incident.closedAt === undefined;
  const muted = userMention(incident.flags.mutedBy);
  if (muted && open) notes.push(`Muted by ${muted}: no more alerts for these webhooks`);
  const resumed = open && !muted ? resumedNote(incident) : undefined;
  if (resumed) notes.push(resumed);
  if (isSnoozed(incident, now) && !muted)
    notes.push(
      `Snoozed until ${slackDate(incident.flags.snoozedUntil!)}${userMention(incident.flags.snoozedBy) ? ` by ${userMention(incident.flags.snoozedBy)}` : ""}`,
    );
  // The counts are those of the poll that last saved them: said, so an older figure never passes as now.
  if (open && incident.readAt !== undefined) notes.push(`Errors as of ${slackDate(incident.readAt)}`);
  const blocks: KnownBlock[] = [
    section(`${summary}\n${cause}`),
    section(lines.join("\n")),
    context(notes.join("  ·  ")),
  ];
  // A muted incident takes no more clicks: the next poll closes it (Unmute is in `/webhooks muted`).
  if (open && !muted) blocks.push(buttons(incident));
  const state = incident.closedAt !== undefined ? (incident.closedAs ?? "recovered") : incident.state;
  return {
    text: `Webhook incident: ${state}, ${safeText(incident.host, 80)}, ${count(listed.length, "webhook")}`,
    blocks,
    metadata: {
      event_type: INCIDENT_EVENT_TYPE,
      event_payload: { incident: incident.id, state, webhooks: listed.map((m) => m.id) },
    },
  };
}

/** `#1, #2 and #3`. */
const ids = (list: readonly number[]) => list.map((id) => `#${id}`).join(", ");

/**
 * The thread line of one poll's changes; mentions are added by the caller. What a button's own line
 * already said is left out: webhooks the message's Resume switched on, and a mute from the message (its
 * webhooks leaving as muted, the incident closing so). Empty when nothing is left to say.
 */
export function changeLine(
  incident: Incident,
  changes: readonly IncidentChange[],
  disableAfter: number,
): string {
  const mutedHere = incident.flags.mutedBy !== undefined;
  const parts = changes.map((change): string => {
    switch (change.kind) {
      case "opened":
        return `Opened: ${count(Object.keys(incident.members).length, "webhook")} failing this way.`;
      case "escalated":
        return change.to === "disabled"
          ? `Nexudus disabled a webhook after ${disableAfter} failures.`
          : `About to be disabled: ${ofLimit(change.errors, disableAfter)}.`;
      case "eased":
        return `Fewer errors now: ${ofLimit(change.errors, disableAfter)} (a delivery got through since).`;
      case "disabled": {
        const first = change.ids.filter((id) => !change.again.includes(id));
        const said: string[] = [];
        if (first.length > 0) said.push(`Nexudus disabled ${ids(first)} after ${disableAfter} failures.`);
        if (change.again.length > 0) {
          const errors = change.again.map((id) => incident.members[String(id)]?.errors ?? disableAfter);
          said.push(
            `Nexudus disabled ${ids(change.again)} again (${change.again.length === 1 ? `${errors[0]} consecutive errors` : "each still counting its errors"}): press *Resume* once the target is fixed.`,
          );
        }
        return said.join(" ");
      }
      case "resumed": {
        const elsewhere = change.ids.filter((id) => !change.said.includes(id));
        if (elsewhere.length === 0) return "";
        return `${ids(elsewhere)} ${elsewhere.length === 1 ? "is" : "are"} on again (switched on outside this message); the watch waits to see whether deliveries succeed.`;
      }
      case "joined":
        return `${count(change.ids.length, "more webhook")} failing this way: ${ids(change.ids)}.`;
      case "left":
        if (change.as === "muted" && mutedHere) return "";
        return `${ids(change.ids)} ${LEFT_AS[change.as]}.`;
      case "closed":
        if (change.as === "muted" && mutedHere) return "";
        return change.as === "recovered" ? `Recovered ${lastedText(incident)}.` : `Closed (${change.as}).`;
    }
    return unreachable(change);
  });
  return parts.filter((part) => part !== "").join(" ");
}

/** A mention as a thread line writes it: a user group's `<!subteam^S…>`, a user's `<@U…>`. */
export function mentionOf(id: string): string {
  return id.startsWith("S") ? `<!subteam^${id}>` : `<@${id}>`;
}

/** The first line of a thread line that dropped its oldest changes: how many it dropped. */
const EARLIER = /^…([\d,]+) earlier changes?$/;
/** Room kept in a thread line's section for that first line. */
const EARLIER_ROOM = 40;
/**
 * Most room a thread line gives its mentions: a channel's are the union of its subscriptions' (up to ten
 * each) and `ALERT_MENTION`'s, about 15–25 characters each, so this holds some fifty; the changes keep the
 * rest of the section (the incident's message shows its state whatever the line drops).
 */
const MENTION_ROOM = 1200;
/** Said after the mentions when some did not fit, so that a mention left out is never left out silently. */
const UNMENTIONED = /\s?\(\+([\d,]+) more to mention: over one Slack message's limit\)/;
/** A mention `mentionOf` wrote, with the space before it. */
const MENTION = /\s?<(?:@[UW][A-Z0-9]+|!subteam\^S[A-Z0-9]+)>/g;
/** What an older cut left of a mention it split (`<!subteam^S0…`): not a mention, dropped. */
const SPLIT_MENTION = /\s?<[^<>]*…$/;

/**
 * A thread line's text: `line` after the changes `earlier` holds (lines a post that did not go out left for
 * its thread), within a section's limit, and then `mentions`. Past it the oldest changes go, counted in a
 * first line (`…3 earlier changes`), so a post that fails poll after poll still gets a line Slack takes. The
 * mentions of every line, earlier ones included, are taken out first and end the newest line, once each:
 * the plan recorded them as made, so no change dropped or cut for room takes one with it. A cut falls at a
 * space or a line break, never inside `<…>`.
 */
export function changeLines(
  earlier: string | undefined,
  line: string,
  mentions: readonly string[] = [],
): string {
  const lines = earlier === undefined ? [] : earlier.split("\n");
  const marker = EARLIER.exec(lines[0] ?? "");
  let dropped = marker ? Number(marker[1]!.replaceAll(",", "")) : 0;
  if (marker) lines.shift();
  lines.push(line);
  const kept = new Set<string>();
  let unmentioned = 0;
  const bodies = lines.map((l) =>
    l
      .replace(UNMENTIONED, (_, n: string) => {
        unmentioned += Number(n.replaceAll(",", ""));
        return "";
      })
      .replace(MENTION, (m) => {
        kept.add(m.trim());
        return "";
      })
      .replace(SPLIT_MENTION, ""),
  );
  for (const m of mentions) kept.add(m);
  let tail = "";
  for (const m of kept) {
    if (tail.length + m.length + 1 <= MENTION_ROOM) tail += ` ${m}`;
    else unmentioned += 1;
  }
  if (unmentioned > 0)
    tail += ` (+${formatCount(unmentioned)} more to mention: over one Slack message's limit)`;
  const room = SLACK_LIMITS.sectionText - EARLIER_ROOM - tail.length;
  let length = bodies.reduce((sum, l) => sum + l.length + 1, -1);
  while (bodies.length > 1 && length > room) {
    length -= bodies.shift()!.length + 1;
    dropped += 1;
  }
  const text = `${cutAtSpace(bodies.join("\n"), room)}${tail}`;
  return dropped > 0 ? `…${count(dropped, "earlier change")}\n${text}` : text;
}

/**
 * A thread line's recorded text as it is sent: within a section's limit, as `changeLines` makes it (a line
 * recorded before lines were bounded can be longer). Text `changeLines` made comes back unchanged.
 */
export function boundedChangeLines(text: string): string {
  const at = text.lastIndexOf("\n");
  return at < 0 ? changeLines(undefined, text) : changeLines(text.slice(0, at), text.slice(at + 1));
}

/** `text` within `room` characters: cut at its last space or line break that fits, marked with "…". */
function cutAtSpace(text: string, room: number): string {
  if (text.length <= room) return text;
  let head = text.slice(0, room);
  // Never inside `<…>`: what Slack reads as a mention or a link would come out garbled.
  const open = head.lastIndexOf("<");
  if (open > head.lastIndexOf(">")) head = head.slice(0, open);
  const at = Math.max(head.lastIndexOf(" "), head.lastIndexOf("\n"));
  const cut = at > 0 ? head.slice(0, at) : head.slice(0, Math.min(head.length, room - 1));
  return `${cut.trimEnd()}…`;
}

/** The first run's one message in a channel: what is watched from now on. */
export function watchingMessage(webhooks: number, incidents: number): NamedMessage {
  const text = `:eyes: Watching ${count(webhooks, "failing webhook")} in ${count(incidents, "incident")} by cause; new changes will be posted here.`;
  return {
    text: text.replace(/:eyes: /, ""),
    blocks: [section(text)],
    metadata: { event_type: SUMMARY_EVENT_TYPE, event_payload: {} },
  };
}

/** The channel's "+N more incidents" message, updated in place. */
export function foldedMessage(n: number): SlackMessage {
  const text =
    n > 0
      ? `:heavy_plus_sign: ${count(n, "more incident")} without a message of its own (over this run's budget of new messages). Type \`/webhooks incidents\` to list them.`
      : "Every open incident has its own message now.";
  return { text: text.replace(/^:heavy_plus_sign: /, "+"), blocks: [section(text)] };
}

/** The notice after Nexudus failed to answer two polls in a row, and the same message once it answers again. */
export function outageMessage(reason: string | undefined, since: number): SlackMessage {
  const text = reason
    ? `:warning: The bot cannot reach Nexudus (${safeText(reason, 200)}) since ${slackDate(since)}. Incidents are not updated until it answers again.`
    : `:white_check_mark: Nexudus answers again (it did not from ${slackDate(since)}); incidents are up to date.`;
  return {
    text: reason ? "The bot cannot reach Nexudus." : "Nexudus answers again.",
    blocks: [section(text)],
  };
}

/**
 * The one line said in the configured channel when Slack refuses another channel for good: which channel,
 * Slack's code, what to do, and when the watch tries again by itself.
 */
export function refusedChannelMessage(
  refused: string,
  refusal: Pick<ChannelRefusal, "error" | "retryAt" | "needed" | "since">,
): NamedMessage {
  const where = /^[CG][A-Z0-9]{2,40}$/.test(refused) ? `<#${refused}>` : safeText(refused, 50);
  const { error, retryAt, needed, since } = refusal;
  const text =
    `:no_entry_sign: Slack refuses the bot's alerts in ${where} (${inlineCode(error, 60)}): ${channelRefusalAdvice(error, needed)}. ` +
    `Its incidents are held, not posted there, until the watch tries again ${slackDate(retryAt)}, ` +
    "or at once when an alert subscription of that channel is edited or added again.";
  return {
    text: "Slack refuses the bot's alerts in a channel.",
    blocks: [section(text)],
    metadata: { event_type: REFUSED_EVENT_TYPE, event_payload: { channel: refused, since } },
  };
}

function unreachable(change: never): string {
  throw new Error(`unknown incident change ${JSON.stringify(change)}`);
}
