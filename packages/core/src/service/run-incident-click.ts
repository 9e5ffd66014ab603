import type { AlertConfig } from "../alerts/alert-config";
import { alertStateOf } from "../alerts/alert-state";
import type { AlertStore, FlagWrite } from "../alerts/alert-store";
import { incidentDetailsMessage, mutedListMessage } from "../alerts/incident-lists";
import { incidentMessage } from "../alerts/incident-message";
import {
  type AlertState,
  type Incident,
  type IncidentFlags,
  openMembers,
  worstState,
} from "../alerts/incident-model";
import type { AlertSlackPort } from "../alerts/run-watch";
import type { LocationNames, SlackMessage } from "../blocks/models";
import { composedMessage } from "../blocks/notice-messages";
import { slackDate } from "../blocks/slack-date";
import { resumeWarning } from "../blocks/status";
import { count, safeText, userMention } from "../blocks/untrusted-text";
import type { Reply } from "../interaction/ports";
import { NexudusError, NexudusHttpError } from "../nexudus/errors";
import type { WebhookRecord } from "../nexudus/schemas";
import { formatQuery, parseCommand } from "../query";
import { callOptionsOf } from "../time/deadline";
import { TIMING } from "../time/timing";
import type { IncidentClick } from "./execute-action";
import { switchHeld, withWebhookLease } from "./execute-action";
import { namesOrEmpty } from "./load-results";
import { isOutOfTime, outdatedActionMessage } from "./messages";
import type { ExecuteOptions, ServiceDeps } from "./service-types";

/** What the incident buttons need besides the service: the watch's table, Slack, the alert settings. */
export interface IncidentDeps {
  store: AlertStore;
  /** Thread lines and the incident message redrawn in place (bot token: the message is the bot's). */
  slack: Pick<AlertSlackPort, "postMessage" | "updateMessage">;
  config: AlertConfig;
}

/** Per click: who, by when, and the channel the button was in (an incident answers only there). */
export interface IncidentClickOptions extends ExecuteOptions {
  channelId?: string;
}

/** A word to the clicker, composed here (mentions built from ids, webhook ids only). */
const notice = (text: string): Reply => ({ to: "clicker", message: composedMessage(text) });

const GONE = notice(
  "This incident is no longer tracked (a closed incident is kept 30 days). Type `/webhooks incidents` for the open ones.",
);

/**
 * Runs an incident message's button, or `/webhooks muted`'s Unmute. Acknowledge, Snooze and Mute write
 * the incident's flags once (a double click or a second person finds them set, and is told), then add a
 * line to its thread and redraw its message; the watch redraws it too if this redraw loses a race with a
 * poll. Resume switches its disabled webhooks back on, one by one, each under its lease, until the
 * deadline. A button from another channel than the incident's counts as outdated.
 */
export async function runIncidentClick(
  click: IncidentClick,
  deps: ServiceDeps,
  options: IncidentClickOptions,
): Promise<Reply[]> {
  const alerts = deps.alerts;
  if (!alerts) return [{ to: "clicker", message: outdatedActionMessage() }];
  if (click.kind === "unmute") return unmute(click.id, alerts, options);
  const incident = await alerts.store.incident(click.incident);
  if (!incident) return [GONE];
  if (options.channelId !== undefined && options.channelId !== incident.channel)
    return [{ to: "clicker", message: outdatedActionMessage() }];
  const user = options.viewer.userId;
  const now = deps.clock.now();
  switch (click.action) {
    case "ack":
      return flagged(
        await alerts.store.setFlags(incident.id, { ackBy: user, ackAt: now }, "unset"),
        {
          line: `Acknowledged by <@${user}>.`,
          already: (i) => `Already acknowledged by ${who(i.flags.ackBy)}.`,
        },
        alerts,
        deps,
        options,
      );
    case "snooze": {
      const until = now + click.hours * 3_600_000;
      return flagged(
        await alerts.store.setFlags(incident.id, { snoozedBy: user, snoozedUntil: until }, "moved"),
        {
          line: `Snoozed by <@${user}> until ${slackDate(until)}: no lines in this thread and no mentions until then (the message itself stays up to date).`,
          already: (i) => `Already snoozed until ${slackDate(i.flags.snoozedUntil ?? until)}.`,
        },
        alerts,
        deps,
        options,
      );
    }
    case "mute":
      return mute(incident, alerts, deps, options);
    case "details":
      return [{ to: "clicker", message: await details(incident, deps, options) }];
    case "resume":
      return resume(incident, alerts, deps, options);
  }
}

const who = (userId: string | undefined) => userMention(userId) ?? "someone";

/**
 * After a flag write: a thread line and a redraw when it was written; otherwise a word to the clicker.
 * Slack's failures here are not the clicker's: the flag is written, the watch will redraw.
 */
async function flagged(
  write: FlagWrite,
  text: { line: string; already: (incident: Incident) => string },
  alerts: IncidentDeps,
  deps: ServiceDeps,
  options: ExecuteOptions,
): Promise<Reply[]> {
  if (write.status === "missing") return [GONE];
  if (write.status === "closed") return [notice("This incident is closed: nothing to do.")];
  if (write.status === "unchanged") return [notice(text.already(write.incident))];
  const incident = write.incident;
  const replies: Reply[] = [];
  if (!(await threadLine(incident, text.line, alerts)))
    replies.push(notice("Done. The incident's thread could not be updated just now."));
  await redraw(incident, alerts, deps, options);
  return replies;
}

async function threadLine(incident: Incident, text: string, alerts: IncidentDeps): Promise<boolean> {
  if (!incident.post.ts) return true;
  try {
    await alerts.slack.postMessage({
      channel: incident.channel,
      thread_ts: incident.post.ts,
      text,
      blocks: [{ type: "section", text: { type: "mrkdwn", text } }],
    });
    return true;
  } catch {
    return false;
  }
}

/** Redraws the incident's message in place (best effort: the next poll redraws whatever differs). */
async function redraw(
  incident: Incident,
  alerts: IncidentDeps,
  deps: ServiceDeps,
  options: ExecuteOptions,
): Promise<void> {
  if (!incident.post.ts) return;
  let names: LocationNames;
  try {
    names = await namesOrEmpty(deps, callOptionsOf(options.deadline));
  } catch {
    return;
  }
  const message = incidentMessage(incident, names, {
    now: deps.clock.now(),
    atRisk: alerts.config.atRisk,
    disableAfter: alerts.config.disableAfter,
  });
  await alerts.slack
    .updateMessage({ channel: incident.channel, ts: incident.post.ts, ...message })
    .catch(() => {});
}

/**
 * Mutes every open webhook of the incident (each a conditional write: done once whoever clicks), then
 * flags the incident, whose next poll closes it as muted.
 */
async function mute(
  incident: Incident,
  alerts: IncidentDeps,
  deps: ServiceDeps,
  options: ExecuteOptions,
): Promise<Reply[]> {
  if (incident.closedAt !== undefined) return [notice("This incident is closed: nothing to do.")];
  const user = options.viewer.userId;
  const now = deps.clock.now();
  const members = openMembers(incident);
  for (const member of members)
    await alerts.store.mute({ webhookId: member.id, name: member.name, by: user, at: now });
  const flags: IncidentFlags = { mutedBy: user, mutedAt: now };
  const ids = members.map((m) => `#${m.id}`).join(", ");
  return flagged(
    await alerts.store.setFlags(incident.id, flags, "unset"),
    {
      line: `Muted by <@${user}>: ${ids}. No incident opens for ${members.length === 1 ? "it" : "them"} until an admin unmutes ${members.length === 1 ? "it" : "them"} (\`/webhooks muted\`).`,
      already: (i) => `Already muted by ${who(i.flags.mutedBy)}.`,
    },
    alerts,
    deps,
    options,
  );
}

async function details(
  incident: Incident,
  deps: ServiceDeps,
  options: ExecuteOptions,
): Promise<SlackMessage> {
  const names = await namesOrEmpty(deps, callOptionsOf(options.deadline)).catch(
    (): LocationNames => new Map(),
  );
  const parsed = parseCommand(`failing host:${incident.host}`);
  const liveSearch =
    parsed.ok && parsed.command.kind === "search" ? formatQuery(parsed.command.query) : undefined;
  return incidentDetailsMessage(incident, names, {
    now: deps.clock.now(),
    ...(liveSearch ? { liveSearch } : {}),
  });
}

/** A Resume all of more webhooks than this shows its progress in the incident's message. */
const PROGRESS_ABOVE = 3;
/** …redrawn after every this many webhooks (Slack's chat.update allows about 50 a minute). */
const PROGRESS_EVERY = 3;

/** How each disabled webhook of the incident fared. */
interface ResumeReport {
  resumed: WebhookRecord[];
  already: number[];
  gone: number[];
  failed: Array<{ id: number; reason: string }>;
  /** Nexudus accepted the write, but the webhook could not be read back: neither done nor failed. */
  unconfirmed: number[];
  /** Not tried: the worker's time ran out. */
  left: number[];
}

/**
 * Resumes the incident's disabled webhooks one by one (the client paces the writes: Nexudus allows 60 a
 * minute), each under its lease and only when still off, stopping in time at the deadline. Past a few
 * webhooks, the incident's message shows how far it got, redrawn in place every few (the click came from
 * that message, in the channel: its `response_url` could not replace an ephemeral answer, only the
 * message itself, and takes 5 posts at most). The thread names who resumed which and which failed; the
 * clicker gets the report, with what is left to resume by clicking again.
 */
async function resume(
  incident: Incident,
  alerts: IncidentDeps,
  deps: ServiceDeps,
  options: ExecuteOptions,
): Promise<Reply[]> {
  if (incident.closedAt !== undefined) return [notice("This incident is closed: nothing to resume.")];
  const disabled = openMembers(incident).filter((m) => m.state === "disabled");
  if (disabled.length === 0)
    return [notice("None of this incident's webhooks is disabled now: nothing to resume.")];
  // Recorded before the first write: a poll that then finds them on knows this click's line says so.
  const user = options.viewer.userId;
  const marked = await alerts.store.setFlags(
    incident.id,
    { resumedBy: user, resumedAt: deps.clock.now() },
    "always",
  );
  if (marked.status === "missing") return [GONE];
  if (marked.status === "closed") return [notice("This incident is closed: nothing to resume.")];
  incident.flags = marked.incident.flags;
  const report: ResumeReport = { resumed: [], already: [], gone: [], failed: [], unconfirmed: [], left: [] };
  const progress = resumeProgress(incident, disabled.length, alerts, deps, options);
  for (const [index, member] of disabled.entries()) {
    if (index > 0 && index % PROGRESS_EVERY === 0) await progress.show(index);
    try {
      const outcome = await withWebhookLease(member.id, deps, options, () =>
        switchHeld(member.id, true, deps, options),
      );
      if (outcome.state === "changed") report.resumed.push(outcome.record);
      else if (outcome.state === "unchanged") report.already.push(member.id);
      else report.unconfirmed.push(member.id);
    } catch (error) {
      if (error instanceof NexudusHttpError && error.status === 404) report.gone.push(member.id);
      else if (isOutOfTime(error) || options.deadline?.signal.aborted) {
        report.left.push(...disabled.slice(index).map((m) => m.id));
        break;
      } else {
        report.failed.push({
          id: member.id,
          // Nexudus's own words may be in it: escaped for mrkdwn.
          reason: error instanceof NexudusError ? safeText(error.userMessage, 300) : "an unexpected error",
        });
      }
    }
  }
  // Its last redraw lands before the final one.
  await progress.done();
  // A write Nexudus accepted may have been made: the thread says it was asked for, whether or not any
  // other resume was confirmed (Nexudus keeps no record of who changed what).
  if (report.resumed.length > 0 || report.unconfirmed.length > 0) {
    const warning = stillCounting(report.resumed);
    const parts: string[] = [];
    if (report.resumed.length > 0)
      parts.push(`Resumed by <@${user}>: ${idList(report.resumed.map((r) => r.Id))}.`);
    if (report.unconfirmed.length > 0)
      parts.push(
        `${report.resumed.length > 0 ? "Also asked" : `<@${user}> asked`} to resume ${idList(report.unconfirmed)}: Nexudus accepted it, but it could not be confirmed (not read back).`,
      );
    if (report.failed.length > 0) parts.push(`Could not resume: ${idList(report.failed.map((f) => f.id))}.`);
    if (warning) parts.push(`:warning: ${warning}`);
    await threadLine(incident, parts.join(" "), alerts);
  }
  if (report.resumed.length > 0) {
    // Drawn as they are now: switched on, their errors as Nexudus read them back, the incident's state
    // from them (no longer "disabled" unless some are still off), as the next poll will find it.
    const at = deps.clock.now();
    for (const record of report.resumed) {
      const member = incident.members[String(record.Id)];
      const state = alertStateOf({ Active: true, ErrorCount: record.ErrorCount }, alerts.config);
      if (member)
        Object.assign(member, {
          state: state === "quiet" || state === "paused" ? "failing" : state,
          errors: record.ErrorCount,
          resumedAt: at,
        });
    }
    incident.state = worstState(openMembers(incident).map((m) => m.state as AlertState));
    await redraw(incident, alerts, deps, options);
  }
  return [notice(resumeReportText(report, disabled.length))];
}

/**
 * The progress of a Resume all, drawn in the incident's message. Each redraw runs while the next webhooks
 * are resumed (one at a time: the next waits for one still under way), never with less than
 * `TIMING.minPostMs` left before the deadline, and `done` waits for the last one. Best effort: a failed
 * redraw is left for the final one.
 */
function resumeProgress(
  incident: Incident,
  total: number,
  alerts: IncidentDeps,
  deps: ServiceDeps,
  options: ExecuteOptions,
): { show(done: number): Promise<void>; done(): Promise<void> } {
  let drawing: Promise<void> | undefined;
  const off = total <= PROGRESS_ABOVE || !incident.post.ts;
  return {
    async show(done) {
      if (off) return;
      await drawing;
      const deadline = options.deadline;
      if (deadline && deadline.at - deps.clock.now() < TIMING.minPostMs) return;
      drawing = (async () => {
        const names = await namesOrEmpty(deps, callOptionsOf(options.deadline));
        const message = incidentMessage(incident, names, {
          now: deps.clock.now(),
          atRisk: alerts.config.atRisk,
          disableAfter: alerts.config.disableAfter,
          progress: `:hourglass_flowing_sand: Resuming: ${done} of ${total} done (<@${options.viewer.userId}>)…`,
        });
        await alerts.slack.updateMessage({ channel: incident.channel, ts: incident.post.ts!, ...message });
      })().catch(() => {});
    },
    async done() {
      await drawing;
    },
  };
}

/** The warning for webhooks resumed at the edge of Nexudus's automatic disable, or `undefined`. */
function stillCounting(resumed: readonly WebhookRecord[]): string | undefined {
  if (resumed.length === 1) return resumeWarning(resumed[0]!.ErrorCount);
  if (!resumed.some((r) => resumeWarning(r.ErrorCount) !== undefined)) return undefined;
  return "Their error counts stay as they were (Nexudus offers no way to reset them), so the next failed delivery disables a webhook again. Fix the target first.";
}

/** Failures a Resume all's report gives with their reason (up to 300 characters each); the rest by id. */
const LISTED_FAILURES = 3;

function resumeReportText(report: ResumeReport, total: number): string {
  const lines: string[] = [];
  lines.push(
    report.resumed.length > 0
      ? `:arrow_forward: Resumed ${report.resumed.length} of ${count(total, "disabled webhook")}: ${idList(report.resumed.map((r) => r.Id))}.`
      : `Resumed none of the ${count(total, "disabled webhook")}.`,
  );
  const warning = stillCounting(report.resumed);
  if (warning) lines.push(`:warning: ${warning}`);
  if (report.already.length > 0) lines.push(`Already on (someone resumed them): ${idList(report.already)}.`);
  if (report.gone.length > 0) lines.push(`Deleted in Nexudus: ${idList(report.gone)}.`);
  if (report.unconfirmed.length > 0)
    lines.push(
      `:grey_question: Nexudus accepted the resume of ${idList(report.unconfirmed)}, but could not be read back to confirm it: check with *Details* before trying again.`,
    );
  for (const failure of report.failed.slice(0, LISTED_FAILURES))
    lines.push(`#${failure.id} could not be resumed: ${failure.reason}`);
  if (report.failed.length > LISTED_FAILURES)
    lines.push(
      `${count(report.failed.length - LISTED_FAILURES, "more webhook")} could not be resumed: ${idList(report.failed.slice(LISTED_FAILURES).map((f) => f.id))}.`,
    );
  if (report.left.length > 0)
    lines.push(
      `${count(report.left.length, "webhook")} not resumed in time (Nexudus takes about one change a second): press *Resume* again to finish.`,
    );
  return lines.join("\n");
}

/** Ids a list shows at most: a Resume all of hundreds still gives lines within a section's limit. */
const LISTED_IDS = 25;

/** Webhook ids as a line lists them: `#1, #2, #3`, past `LISTED_IDS` the rest counted (`… and 12 more`). */
export function idList(list: readonly number[]): string {
  const shown = list
    .slice(0, LISTED_IDS)
    .map((id) => `#${id}`)
    .join(", ");
  return list.length > LISTED_IDS ? `${shown} … and ${list.length - LISTED_IDS} more` : shown;
}

/** Unmutes one webhook; the answer is the muted list again, and the channel gets the audit line. */
async function unmute(id: number, alerts: IncidentDeps, options: ExecuteOptions): Promise<Reply[]> {
  const mutes = await alerts.store.mutes();
  const removed = await alerts.store.unmute(id);
  const rest = mutes.filter((m) => m.webhookId !== id);
  const text = removed
    ? `Unmuted #${id}: a failure opens an incident for it again.`
    : `#${id} is not muted (someone unmuted it already).`;
  const replies: Reply[] = [
    { to: "clicker", message: mutedListMessage(rest, options.viewer, text), replace: true },
  ];
  if (removed) {
    replies.push({
      to: "audit",
      message: composedMessage(
        `<@${options.viewer.userId}> unmuted webhook #${id}: the watch alerts on it again.`,
      ),
    });
  }
  return replies;
}
