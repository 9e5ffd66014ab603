import type { KnownBlock } from "@slack/types";
import { ACTION_IDS, encodeActionValue } from "../blocks/action-ids";
import { button, buttonValue, context, section } from "../blocks/block-kit";
import type { LocationNames, SlackMessage, Viewer } from "../blocks/models";
import { slackDate } from "../blocks/slack-date";
import { errorBar } from "../blocks/status";
import { count, inlineCode, safeLiteral, safeText, userMention } from "../blocks/untrusted-text";
import { locationName } from "../blocks/webhook-row";
import { ALERTS_OFF_WHY, type AlertConfig, type AlertsOff, alertsOffReason } from "./alert-config";
import type { Mute, WatchState } from "./alert-store";
import { durationText } from "./incident-message";
import {
  foundFailing,
  type Incident,
  type IncidentMember,
  isSnoozed,
  openMembers,
  STATE_RANK,
  worstFirst,
} from "./incident-model";

/** Rows with a button each (Slack's 50 blocks leave room for the header and the footer). */
const ROWS = 40;

/**
 * Since when the incident is known: "open for 2 h", or "watched since <date>" for one the first poll found
 * already failing (how long before, Nexudus does not say).
 */
function openFor(incident: Incident, now: number): string {
  return foundFailing(incident)
    ? `watched since ${slackDate(incident.openedAt)}`
    : `open for ${durationText(now - incident.openedAt)}`;
}

function memberState(member: IncidentMember): string {
  if (member.state === "disabled") return `:no_entry: disabled by Nexudus (${count(member.errors, "error")})`;
  if (member.state in STATE_RANK) return errorBar(member.errors);
  return String(member.state);
}

/**
 * An incident's webhooks, as the watch last read them, each with a Details button for its live state, and
 * a search that lists them live (the cause's host, failing).
 */
export function incidentDetailsMessage(
  incident: Incident,
  names: LocationNames,
  options: { now: number; liveSearch?: string },
): SlackMessage {
  const members = worstFirst(openMembers(incident));
  const shown = members.length > 0 ? members : Object.values(incident.members);
  const blocks: KnownBlock[] = [
    section(
      `*${count(shown.length, "webhook")}* failing this way, ${openFor(incident, options.now)}:\n${inlineCode(incident.host, 80)} — ${safeText(incident.error, 200)}`,
    ),
  ];
  for (const member of shown.slice(0, ROWS)) {
    const value = buttonValue({ id: member.id });
    const text = `*${safeLiteral(member.name, 80)}*  ·  #${member.id}\n${safeText(locationName(names, member.businessId), 60)}  ·  ${memberState(member)}  ·  ${member.foundFailing ? "watched " : ""}since ${slackDate(member.since)}`;
    blocks.push(
      section(text, value ? button({ text: "Details", actionId: ACTION_IDS.details, value }) : undefined),
    );
  }
  const footer: string[] = [];
  if (shown.length > ROWS) footer.push(`…and ${count(shown.length - ROWS, "more webhook")}`);
  footer.push(
    incident.readAt !== undefined
      ? `As the watch read them ${slackDate(incident.readAt)}; Details reads one live.`
      : "As the watch last read them (every few minutes); Details reads one live.",
  );
  blocks.push(context(footer.join("  ·  ")));
  const search = options.liveSearch ? buttonValue({ q: options.liveSearch }) : undefined;
  if (options.liveSearch && search) {
    blocks.push({
      type: "actions",
      elements: [
        button({
          text: `Search: ${options.liveSearch}`.slice(0, 75),
          actionId: ACTION_IDS.runSearch,
          value: search,
        }),
      ],
    });
  }
  return { text: `${count(shown.length, "webhook")} in this incident`, blocks };
}

/** `/webhooks muted`: each muted webhook, who muted it and when, with Unmute for admins. */
export function mutedListMessage(mutes: readonly Mute[], viewer: Viewer, notice?: string): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (notice) blocks.push(section(notice));
  if (mutes.length === 0) {
    blocks.push(section("No webhook is muted: every failing webhook can open an incident."));
    return { text: notice ?? "No webhook is muted.", blocks };
  }
  blocks.push(
    section(
      `*${count(mutes.length, "muted webhook")}*: the watch opens no incident for ${mutes.length === 1 ? "it" : "them"}. The search and the digest still list ${mutes.length === 1 ? "it" : "them"}.`,
    ),
  );
  const sorted = [...mutes].sort((a, b) => b.at - a.at);
  for (const mute of sorted.slice(0, ROWS)) {
    const by = userMention(mute.by);
    const text = `*${safeLiteral(mute.name || `#${mute.webhookId}`, 80)}*  ·  #${mute.webhookId}\nmuted ${by ? `by ${by} ` : ""}${slackDate(mute.at)}`;
    blocks.push(
      section(
        text,
        viewer.isAdmin
          ? button({
              text: "Unmute",
              actionId: ACTION_IDS.unmute,
              value: encodeActionValue({ id: mute.webhookId }),
            })
          : undefined,
      ),
    );
  }
  if (mutes.length > ROWS) blocks.push(context(`…and ${count(mutes.length - ROWS, "more")}`));
  if (!viewer.isAdmin) blocks.push(context("Admins can unmute them here."));
  return { text: notice ?? `${count(mutes.length, "muted webhook")}`, blocks };
}

/** A link to a message in its channel (Slack resolves it in the reader's workspace). */
export function messageLink(channel: string, ts: string, label: string): string {
  return `<https://slack.com/archives/${channel}/p${ts.replace(".", "")}|${label}>`;
}

/** A search that narrowed the list: its canonical text and what to say of it (mrkdwn-safe). */
export interface IncidentSearch {
  text: string;
  notes: readonly string[];
}

/**
 * Where the watch stands, from its state in the table (no Nexudus read): what an empty list may say.
 * `not-polled`: it never ran a poll; `off`: no channel takes alerts (why, since when); `watching`: it
 * polls (since when, and how many polls in a row could not read Nexudus).
 */
export type WatchStanding =
  | { kind: "not-polled"; off?: AlertsOff }
  | { kind: "off"; reason: AlertsOff; since: number }
  | { kind: "watching"; since: number; failures: number };

/**
 * The standing the watch's state records. One that never polled, in a configuration where the configured
 * channel takes no alerts, carries why it will find them off unless a channel subscribes.
 */
export function watchStandingOf(
  state: Pick<WatchState, "initialisedAt" | "failures" | "off">,
  config: Pick<AlertConfig, "channel" | "defaultSubscription">,
): WatchStanding {
  if (state.off) return { kind: "off", reason: state.off.reason, since: state.off.since };
  if (state.initialisedAt === undefined) {
    const takes = config.channel !== undefined && config.defaultSubscription !== false;
    return takes ? { kind: "not-polled" } : { kind: "not-polled", off: alertsOffReason(config) };
  }
  return { kind: "watching", since: state.initialisedAt, failures: state.failures };
}

/** An empty list's one line: never an all-clear the watch has not earned. */
function noIncidentLine(standing: WatchStanding | undefined): { text: string; line: string } {
  const now = "`/webhooks failing` lists the failing webhooks now.";
  switch (standing?.kind) {
    case "not-polled":
      return {
        text: "The watch has not polled Nexudus yet.",
        line:
          ":hourglass_flowing_sand: *The watch has not polled Nexudus yet*, so no incident is known: this is not an all-clear. " +
          (standing.off
            ? `It will find alerts off unless a channel subscribes to them: ${ALERTS_OFF_WHY[standing.off]}. `
            : "") +
          now,
      };
    case "off":
      return {
        text: "Alerts are off.",
        line: `:no_bell: *Alerts are off* (since ${slackDate(standing.since)}): ${ALERTS_OFF_WHY[standing.reason]}. The watch opens no incident until a channel takes alerts. ${now}`,
      };
    case "watching":
      if (standing.failures > 0)
        return {
          text: "No open incident known: the watch cannot read Nexudus.",
          line: `:warning: No open incident as far as the watch knows, but its last ${standing.failures === 1 ? "poll" : `${standing.failures} polls`} could not read Nexudus: what failed since is not known. ${now}`,
        };
      return {
        text: "No open incident.",
        line: `:large_green_circle: No open incident: no webhook is failing enough to alert (watched since ${slackDate(standing.since)}).`,
      };
    default:
      return {
        text: "No open incident.",
        line: ":large_green_circle: No open incident: no webhook is failing enough to alert.",
      };
  }
}

/**
 * `/webhooks incidents`: the open incidents, the worst first, each with a link to its message; with a
 * search (`incidents host:zapier.com`), those it kept, the search and its notes said in the context. An
 * empty list says where the watch stands (`standing`): not polled yet, off and why, or unable to read
 * Nexudus are never shown as good news.
 */
export function incidentsListMessage(
  incidents: readonly Incident[],
  options: { now: number; search?: IncidentSearch; standing?: WatchStanding },
): SlackMessage {
  const search = options.search;
  const matching = search ? ` with a webhook matching ${inlineCode(search.text, 200)}` : "";
  const searchContext = search ? [context([...search.notes].join("\n"))] : [];
  const standing = options.standing;
  if (incidents.length === 0) {
    if (search && (standing === undefined || standing.kind === "watching"))
      return {
        text: "No open incident matches.",
        blocks: [section(`No open incident${matching}.`), ...searchContext],
      };
    const { text, line } = noIncidentLine(standing);
    return { text, blocks: [section(line), ...searchContext] };
  }
  const sorted = [...incidents].sort(
    (a, b) => STATE_RANK[b.state] - STATE_RANK[a.state] || a.openedAt - b.openedAt,
  );
  const lines = sorted.slice(0, ROWS).map((incident) => {
    const [worst, ...others] = worstFirst(openMembers(incident));
    const named = worst
      ? `*${safeLiteral(worst.name, 60)}* #${worst.id}${others.length > 0 ? ` +${others.length} more` : ""}`
      : "no webhook left";
    const where = incident.post.ts
      ? messageLink(incident.channel, incident.post.ts, "message")
      : "in a summary, no message of its own";
    const flags: string[] = [];
    if (incident.flags.ackBy) flags.push(`acknowledged by ${userMention(incident.flags.ackBy) ?? "someone"}`);
    if (isSnoozed(incident, options.now))
      flags.push(`snoozed until ${slackDate(incident.flags.snoozedUntil!)}`);
    return `• *${incident.state === "disabled" ? "Disabled" : incident.state === "at-risk" ? "About to be disabled" : "Failing"}*  ·  ${named}  ·  ${inlineCode(incident.host, 60)}  ·  <#${incident.channel}>  ·  ${where}  ·  ${openFor(incident, options.now)}${flags.length ? `  ·  ${flags.join(", ")}` : ""}`;
  });
  const blocks: KnownBlock[] = [
    section(`*${count(incidents.length, "open incident")}*${matching}, the worst first:`),
    ...lines.map((line) => section(line)),
  ];
  if (incidents.length > ROWS) blocks.push(context(`…and ${count(incidents.length - ROWS, "more")}`));
  if (standing?.kind === "watching" && standing.failures > 0)
    blocks.push(
      context(
        `:warning: The watch's last ${standing.failures === 1 ? "poll" : `${standing.failures} polls`} could not read Nexudus: these are as it last read them.`,
      ),
    );
  blocks.push(...searchContext);
  return { text: `${count(incidents.length, "open incident")}`, blocks };
}
