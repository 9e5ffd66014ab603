import type { WebhookListRecord } from "../nexudus/schemas";
import type { AlertConfig } from "./alert-config";
import type { AlertRouter } from "./alert-router";
import { alertStateOf } from "./alert-state";
import { causeOf } from "./incident-cause";
import {
  type AlertState,
  type ClosedAs,
  type Incident,
  type IncidentMember,
  isSnoozed,
  openMembers,
  STATE_RANK,
  worstState,
} from "./incident-model";

/** What one poll found, and what the watch knew before it. */
export interface WatchInput {
  now: number;
  config: AlertConfig;
  /** Every failing webhook (one error or more) and every disabled one, from a complete read. */
  records: readonly WebhookListRecord[];
  /**
   * For members of open incidents missing from `records` (so now healthy, or deleted): what a read of each
   * found, `null` when Nexudus has no such webhook. Absent: not looked up (counted as recovered).
   */
  lookedUp: ReadonlyMap<number, WebhookListRecord | null>;
  /** The open incidents. */
  incidents: readonly Incident[];
  /** Muted webhook ids: they open no incident and leave the ones they are in. */
  mutes: ReadonlySet<number>;
  route: AlertRouter;
  /** The channels that take alerts now: an open incident in any other closes (`unwatched`). */
  channels: ReadonlySet<string>;
  /** No poll has run before: what is found is recorded, and summed up in one message per channel. */
  firstRun: boolean;
  /** A new incident's id. */
  newId(channel: string, causeKey: string, now: number): string;
  /**
   * Whether nothing may be sent for an incident this poll (its channel is held after Slack refused it, or
   * its last message is unaccounted for). Such an incident, when it would take a Slack call, is left as it
   * stands for a later poll: not planned, and not counted against `ALERT_MAX_PER_RUN`, which would fold
   * other channels' new incidents in its place. Absent: nothing is held.
   */
  held?: (incident: Incident) => boolean;
}

/**
 * One change to an incident in this poll; each gives the thread a line (unless snoozed), but for what a
 * button's own line already said (a resume from the message, a mute).
 */
export type IncidentChange =
  | { kind: "opened" }
  | { kind: "escalated"; to: AlertState; errors: number }
  /** Fewer errors than before, still failing (a delivery got through, and failed again since). */
  | { kind: "eased"; to: AlertState; errors: number }
  /** Members Nexudus switched off; `again`: those the watch had seen switched back on before. */
  | { kind: "disabled"; ids: number[]; again: number[] }
  /** Disabled members found on again; `said`: those the message's Resume switched on (its line said so). */
  | { kind: "resumed"; ids: number[]; said: number[] }
  | { kind: "joined"; ids: number[] }
  | { kind: "left"; ids: number[]; as: ClosedAs }
  | { kind: "closed"; as: ClosedAs };

/** What the poll does to one incident. */
export interface IncidentPlan {
  incident: Incident;
  changes: IncidentChange[];
  /** `post`: its first message; `update`: its message in place; `none`: nothing in Slack. */
  message: "post" | "update" | "none";
  /** Whether its thread gets this poll's line (not while snoozed, not without a message). */
  line: boolean;
  /** Whether the line mentions the channel's `ALERT_MENTION` (a first escalation, not snoozed). */
  mention: boolean;
}

/** What one poll does. */
export interface WatchPlan {
  incidents: IncidentPlan[];
  /**
   * The open incidents that did not change, by id, with their webhooks' counts as just read (`readAt`
   * now): what a redraw for another reason (a button's flags, a snooze that ended) shows. Not saved unless
   * redrawn, so a count that moves without crossing a level costs no write and no Slack call.
   */
  unchanged: Map<string, Incident>;
  /** First run: per channel, how many webhooks in how many incidents are now watched. */
  summaries: Map<string, { webhooks: number; incidents: number }>;
}

/** How a member stands now: still in (with its state), or out (and how). */
function memberNow(
  member: IncidentMember,
  record: WebhookListRecord | null | undefined,
  channel: string,
  input: WatchInput,
): AlertState | ClosedAs {
  if (record === null) return "deleted";
  if (record === undefined) return "recovered";
  if (input.mutes.has(member.id)) return "muted";
  const state = alertStateOf(record, input.config);
  if (state === "paused") return "paused";
  // Its channel takes no alerts any more (its last alert subscription was removed, or the configured
  // channel was turned off): that channel hears no more of it. Whether a channel's search still matches is
  // not asked here: a search about state (`active`, `errors:1..5`) stops matching as a webhook gets worse.
  if (state !== "quiet" && !input.channels.has(channel)) return "unwatched";
  // Below the minimum it recovered (errors back to 0, or a success since it joined left fewer). At the
  // minimum or above it is still failing, even if LastTrigger moved: a success followed by as many
  // failures within one poll interval is the same incident, not a recovery and a new join.
  if (state === "quiet") return "recovered";
  return state;
}

function newMember(
  record: WebhookListRecord,
  state: AlertState,
  now: number,
  firstRun: boolean,
): IncidentMember {
  return {
    id: record.Id,
    name: record.Name,
    businessId: record.BusinessId,
    errors: record.ErrorCount,
    state,
    since: now,
    ...(firstRun ? { foundFailing: true as const } : {}),
    ...(record.LastTrigger ? { lastTrigger: record.LastTrigger } : {}),
  };
}

function closedAsOf(left: readonly ClosedAs[]): ClosedAs {
  for (const as of ["paused", "deleted", "muted", "unwatched"] as const)
    if (left.length > 0 && left.every((l) => l === as)) return as;
  return "recovered";
}

/**
 * Plans one poll, purely: which incidents open, grow, escalate, get disabled or close, and which
 * messages that takes. A webhook stays in its incident until it leaves (recovers, is paused, deleted or
 * muted), whatever its error becomes; a webhook newly failing joins the open incident of its cause in
 * each channel that takes it, or opens one. Replaying a poll on the state it produced changes nothing.
 */
export function planWatch(input: WatchInput): WatchPlan {
  const { now, config } = input;
  const byId = new Map(input.records.map((r) => [r.Id, r] as const));
  const plans = new Map<string, IncidentPlan>();
  const open = new Map<string, Incident>();
  const memberOf = new Map<string, Incident>();
  const leftNow = new Map<string, ClosedAs[]>();
  const openedNow = new Set<string>();

  // Existing incidents: each member's state now.
  for (const previous of input.incidents) {
    const incident: Incident = structuredClone(previous) as Incident;
    const plan: IncidentPlan = { incident, changes: [], message: "none", line: false, mention: false };
    plans.set(incident.id, plan);
    const left: Record<string, number[]> = {};
    const disabled: number[] = [];
    const again: number[] = [];
    const resumed: number[] = [];
    const said: number[] = [];
    for (const member of openMembers(incident)) {
      const record = byId.has(member.id) ? byId.get(member.id)! : input.lookedUp.get(member.id);
      const state = memberNow(member, record, incident.channel, input);
      const was = { state: member.state, errors: member.errors, lastTrigger: member.lastTrigger };
      if (record)
        Object.assign(member, {
          name: record.Name,
          businessId: record.BusinessId,
          errors: record.ErrorCount,
          ...(record.LastTrigger ? { lastTrigger: record.LastTrigger } : {}),
        });
      if (state in STATE_RANK) {
        member.state = state;
        memberOf.set(`${incident.channel}#${member.id}`, incident);
        // Switched off, or off again: a disabled webhook gets no deliveries, so one still off with more
        // errors (or a success) since the last poll was switched on and off again in between, however
        // briefly (a Resume, then one more failure: the poll never saw it on).
        const offAgain =
          was.state === "disabled" &&
          state === "disabled" &&
          (member.errors > was.errors || member.lastTrigger !== was.lastTrigger);
        if (state === "disabled" && (was.state !== "disabled" || offAgain)) {
          disabled.push(member.id);
          if (member.resumedAt !== undefined || offAgain) again.push(member.id);
          member.disabledAt = now;
        } else if (was.state === "disabled" && state !== "disabled") {
          resumed.push(member.id);
          const resumeAt = incident.flags.resumedAt;
          if (resumeAt !== undefined && resumeAt >= (member.disabledAt ?? 0)) said.push(member.id);
          member.resumedAt = now;
        }
      } else {
        member.state = state;
        member.leftAt = now;
        left[state] = [...(left[state] ?? []), member.id];
        leftNow.set(incident.id, [...(leftNow.get(incident.id) ?? []), state as ClosedAs]);
      }
    }
    if (resumed.length > 0) plan.changes.push({ kind: "resumed", ids: resumed, said });
    if (disabled.length > 0) plan.changes.push({ kind: "disabled", ids: disabled, again });
    for (const [as, ids] of Object.entries(left))
      plan.changes.push({ kind: "left", ids, as: as as ClosedAs });
    open.set(`${incident.channel}#${incident.causeKey}`, incident);
  }

  // Webhooks failing now, in each channel that takes them: already in, joining, or opening.
  const joined = new Map<string, number[]>();
  for (const record of input.records) {
    const state = alertStateOf(record, config);
    if (state === "paused" || state === "quiet" || input.mutes.has(record.Id)) continue;
    for (const target of input.route(record)) {
      if (memberOf.has(`${target.channel}#${record.Id}`)) continue;
      const cause = causeOf(record);
      const key = `${target.channel}#${cause.key}`;
      let incident = open.get(key);
      if (!incident || incident.closedAt !== undefined) {
        incident = {
          id: input.newId(target.channel, cause.key, now),
          channel: target.channel,
          mention: [...target.mention],
          causeKey: cause.key,
          host: cause.host,
          error: cause.error,
          openedAt: now,
          state,
          members: {},
          post: { lines: 0 },
          flags: {},
          version: 0,
        };
        open.set(key, incident);
        openedNow.add(incident.id);
        plans.set(incident.id, {
          incident,
          changes: [{ kind: "opened" }],
          message: "none",
          line: false,
          mention: false,
        });
      } else if (!openedNow.has(incident.id)) {
        joined.set(incident.id, [...(joined.get(incident.id) ?? []), record.Id]);
      }
      incident.members[String(record.Id)] = newMember(record, state, now, input.firstRun);
      if (state === "disabled") incident.members[String(record.Id)]!.disabledAt = now;
      memberOf.set(`${target.channel}#${record.Id}`, incident);
    }
  }
  for (const [id, ids] of joined) plans.get(id)!.changes.push({ kind: "joined", ids });

  // Each incident's state now, its changes, and the messages they take.
  const summaries = new Map<string, { webhooks: number; incidents: number }>();
  const unchanged = new Map<string, Incident>();
  let budget = config.maxPerRun;
  const out: IncidentPlan[] = [];
  for (const plan of [...plans.values()].sort((a, b) => a.incident.openedAt - b.incident.openedAt)) {
    const { incident } = plan;
    const members = openMembers(incident);
    const previous = input.incidents.find((i) => i.id === incident.id);
    if (members.length === 0) {
      if (!previous) continue;
      incident.closedAt = now;
      incident.closedAs = closedAsOf(leftNow.get(incident.id) ?? []);
      plan.changes.push({ kind: "closed", as: incident.closedAs });
    } else {
      const state = worstState(members.map((m) => m.state as AlertState));
      const top = Math.max(...members.map((m) => m.errors));
      // Disabled members are said by name (`disabled`); any other rise of the state is an escalation.
      const saidDisabled = plan.changes.some((c) => c.kind === "disabled");
      if (previous && STATE_RANK[state] > STATE_RANK[previous.state] && !saidDisabled) {
        plan.changes.push({ kind: "escalated", to: state, errors: top });
      }
      // A fall that no member's change explains (a resume, a webhook leaving): fewer errors now.
      if (previous && STATE_RANK[state] < STATE_RANK[previous.state] && plan.changes.length === 0) {
        plan.changes.push({ kind: "eased", to: state, errors: top });
      }
      incident.state = state;
    }
    // A post a dead poll left under way (not found in the channel) is made now, changes or not.
    const unfinished = incident.post.pendingSince !== undefined && !incident.post.ts;
    if (plan.changes.length === 0 && !unfinished) {
      if (previous && incident.closedAt === undefined) {
        incident.readAt = now;
        unchanged.set(incident.id, incident);
      }
      continue;
    }
    incident.readAt = now;
    // An incident recorded without a message gets one when it gets worse (never to say it recovered).
    const worse = plan.changes.some(
      (c) => c.kind === "escalated" || c.kind === "joined" || c.kind === "disabled",
    );
    const urgent = incident.state !== "failing" && !incident.closedAt;
    const snoozed = isSnoozed(incident, now);
    const held = input.held?.(incident) === true;
    if (incident.post.ts) {
      if (held) continue;
      plan.message = "update";
    } else if (input.firstRun && !previous) {
      incident.post.silent = "first-run";
      const s = summaries.get(incident.channel) ?? { webhooks: 0, incidents: 0 };
      summaries.set(incident.channel, { webhooks: s.webhooks + members.length, incidents: s.incidents + 1 });
    } else if (!previous || (incident.post.silent && worse) || unfinished) {
      if (held) continue;
      if (budget > 0) {
        budget -= 1;
        plan.message = "post";
        delete incident.post.silent;
      } else {
        incident.post.silent = "folded";
      }
    }
    // A line recorded with a post that did not go out waits for the post.
    if (held && incident.post.pendingLine !== undefined) continue;
    plan.line = plan.message !== "none" && !snoozed;
    // A first escalation (or an incident that opens already urgent) mentions, once, unless snoozed.
    plan.mention = plan.line && urgent && incident.mentionedAt === undefined && incident.mention.length > 0;
    if (plan.mention) incident.mentionedAt = now;
    out.push(plan);
  }
  return { incidents: out, summaries, unchanged };
}
