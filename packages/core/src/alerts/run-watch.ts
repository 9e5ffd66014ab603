import { createHash } from "node:crypto";
import type { LocationNames } from "../blocks/models";
import type { Clock } from "../clock";
import type { DigestSlackPort, SlackMessageMetadata } from "../digest/digest-slack-port";
import type { NexudusClient } from "../nexudus/client-types";
import { NexudusError, NexudusHttpError } from "../nexudus/errors";
import type { WebhookListRecord } from "../nexudus/schemas";
import type { Leases } from "../store/leases";
import { redactSecrets } from "../text";
import { TIMING } from "../time/timing";
import { ALERTS_OFF_WHY, type AlertConfig, type AlertsOff, alertsOffReason } from "./alert-config";
import type { AlertRouter } from "./alert-router";
import type { AlertStore, ClosingLine, WatchState } from "./alert-store";
import { type ChannelGate, channelGate, SlackHeldError } from "./channel-gate";
import {
  boundedChangeLines,
  changeLine,
  changeLines,
  foldedMessage,
  INCIDENT_EVENT_TYPE,
  INCIDENT_LINE_EVENT_TYPE,
  incidentMessage,
  mentionOf,
  type NamedMessage,
  outageMessage,
  refusedChannelMessage,
  watchingMessage,
} from "./incident-message";
import { type Incident, openMembers } from "./incident-model";
import { planWatch } from "./plan-watch";
import { messageGoneOf, refusalScopeOf } from "./slack-refusal";

/** What the watch needs from Slack: the digest's port, `chat.update` and a thread's replies. */
export interface AlertSlackPort extends DigestSlackPort {
  /** `chat.update` of a message the bot posted (metadata included). */
  updateMessage(args: {
    channel: string;
    ts: string;
    text: string;
    blocks: import("@slack/types").KnownBlock[];
    metadata?: SlackMessageMetadata;
  }): Promise<void>;
  /** A thread's messages since `oldestEpochSeconds` (`conversations.replies` with metadata), any order. */
  threadReplies(
    channel: string,
    threadTs: string,
    oldestEpochSeconds: number,
  ): Promise<Array<{ ts: string; metadata?: SlackMessageMetadata }>>;
}

/** Where the watch reports what it did (counts and redacted reasons only). */
export interface WatchLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  /** Said once per problem that needs a person (a channel Slack refuses for good). */
  error(message: string, extra?: Record<string, unknown>): void;
}

/** What `runWatch` needs; all I/O arrives here. */
export interface WatchDeps {
  client: NexudusClient;
  slack: AlertSlackPort;
  store: AlertStore;
  leases: Leases;
  clock: Clock;
  config: AlertConfig;
  /** Which channels take each webhook's alerts. */
  route: AlertRouter;
  /**
   * Every channel that takes alerts (`ALERT_CHANNEL` or `DIGEST_CHANNEL`, subscriptions): none, and alerts
   * are off. The "cannot reach Nexudus" notice goes to each.
   */
  channels: readonly string[];
  /**
   * A channel's alert routing now (a digest of its subscriptions): a channel Slack refused is tried again
   * as soon as it changes. Absent: it never changes (the channel is tried again after a day).
   */
  routingOf?: (channel: string) => string;
  /**
   * When the bot last joined a channel (epoch ms), if known: a channel Slack refused before that is tried
   * again at once (the bot was invited back). Absent: no join is known.
   */
  joinedAt?: (channel: string) => number | undefined;
  logger?: WatchLogger;
}

/** What one poll did. */
export interface WatchRunResult {
  /** `watched`: a poll ran; `off`: no channel takes alerts; `another-run`: an overlapping poll holds the lease. */
  status: "watched" | "off" | "another-run";
  /** With `off`: why (see `ALERTS_OFF_WHY`). */
  off?: AlertsOff;
  firstRun?: boolean;
  /** Webhooks read (failing and disabled). */
  read: number;
  opened: number;
  /** Incidents that got worse (about to be disabled, disabled). */
  escalated: number;
  /** Incident messages updated in place. */
  updated: number;
  closed: number;
  /** New messages (incidents, summaries, the "+N more" message), as `postedAs` details them. */
  posted: number;
  postedAs: { summaries: number; incidents: number; folds: number };
  /** Lines posted in incidents' threads (one per changed incident, none while snoozed). */
  lines: number;
}

/** What a poll that did nothing reports, but for its status. */
export function emptyWatchResult(): Omit<WatchRunResult, "status"> {
  return {
    read: 0,
    opened: 0,
    escalated: 0,
    updated: 0,
    closed: 0,
    posted: 0,
    postedAs: { summaries: 0, incidents: 0, folds: 0 },
    lines: 0,
  };
}

/** The watch could not read Nexudus (or its table): nothing was concluded from this poll. */
export class WatchError extends Error {
  override name = "WatchError";
  readonly code = "watch_failed";
  constructor(
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(`The webhook watch failed: ${reason}`, options);
  }
}

/** Members of open incidents missing from a complete read are looked up, at most this many per poll. */
const MAX_LOOKUPS = 10;
/** A posted message is looked for in its channel this far back (it was posted moments before a crash). */
const LOOKBACK_SECONDS = 60 * 60;
/** Incidents saved at once when none of them takes a Slack call (a first run records dozens). */
const SAVE_TOGETHER = 8;

/** An incident's id: stable for one channel, cause and opening time. */
export function incidentIdOf(channel: string, causeKey: string, openedAt: number): string {
  return createHash("sha256").update(`${channel}\n${causeKey}\n${openedAt}`).digest("hex").slice(0, 24);
}

function reasonOf(error: unknown): string {
  if (error instanceof NexudusError) return error.fact;
  return error instanceof Error ? redactSecrets(error.message).slice(0, 200) : "an unexpected error";
}

/**
 * One poll of the watch. Holding the watch's lease (an overlapping poll stops at once), it reads every
 * failing and every disabled webhook; a failed or partial read concludes nothing (after two in a row, one
 * "cannot reach Nexudus" notice per channel, cleared when Nexudus answers again). Then it compares what it
 * read with the open incidents and carries out the plan: one message per incident, updated in place with
 * a thread line per change; the first poll records what it finds and sums it up in one message per
 * channel; past `ALERT_MAX_PER_RUN` new messages the rest are counted in a "+N more" message. Every write
 * is recorded before the next, so a poll that dies is picked up by the next one without repeating a post.
 */
export async function runWatch(deps: WatchDeps): Promise<WatchRunResult> {
  const empty = emptyWatchResult();
  // With no channel left, incidents still open are closed by one more poll (each leaves as unwatched).
  if (deps.channels.length === 0 && (await deps.store.openIncidents()).length === 0) {
    const off = alertsOffReason(deps.config);
    deps.logger?.info(`alerts are off: ${ALERTS_OFF_WHY[off]}`, { reason: off });
    // Recorded (once), so that the incidents list says alerts are off rather than that all is well.
    const state = await deps.store.watchState();
    if (state.off?.reason !== off)
      await deps.store.saveWatchState({ ...state, off: { reason: off, since: deps.clock.now() } });
    return { status: "off", off, ...empty };
  }
  const release = await deps.leases.acquire("watch", TIMING.watchLeaseMs);
  if (!release) {
    deps.logger?.info("another watch poll is running");
    return { status: "another-run", ...empty };
  }
  try {
    return await poll(deps);
  } finally {
    await release().catch(() => {});
  }
}

async function poll(deps: WatchDeps): Promise<WatchRunResult> {
  const { client, store, clock, config, logger } = deps;
  const now = clock.now();
  const state = await store.watchState();
  const stateAsRead = JSON.stringify(state);
  // A channel takes alerts again: they are no longer off, whatever this poll reads.
  delete state.off;
  // Every Slack call of the poll goes through the gate: a channel Slack refused for good is held.
  const gate = channelGate({
    state,
    now,
    retryMs: TIMING.refusedChannelRetryMs,
    ...(deps.routingOf ? { routingOf: deps.routingOf } : {}),
    ...(deps.joinedAt ? { joinedAt: deps.joinedAt } : {}),
    ...(logger ? { logger } : {}),
  });
  const slack = gatedSlack(deps.slack, gate);
  const run: PollRun = { ...deps, slack, gate };

  // Read Nexudus completely, or conclude nothing.
  let records: WebhookListRecord[];
  let names: LocationNames;
  try {
    // One after another. The limiter spaces sends 100 ms apart anyway, so overlapping them saved little;
    // and overlapped, a send held up by a busy event loop (a page of 1,000 being parsed) could reach
    // Nexudus less than 100 ms after the next one and be refused with a 409 (a retry a second later).
    const failing = await client.searchAllWebhooks({ from_WebHook_ErrorCount: "1" });
    const disabled = await client.searchAllWebhooks({ WebHook_Active: "false" });
    const businesses = await client.listAllBusinesses();
    if (failing.skipped + disabled.skipped > 0) {
      throw new WatchError(`${failing.skipped + disabled.skipped} webhooks Nexudus sent could not be read`);
    }
    const byId = new Map<number, WebhookListRecord>();
    for (const r of [...failing.records, ...disabled.records]) byId.set(r.Id, r);
    records = [...byId.values()];
    names = new Map(businesses.map((b) => [b.Id, b.Name]));
  } catch (error) {
    await readFailed(run, state, error, now);
    throw error instanceof WatchError ? error : new WatchError(reasonOf(error), { cause: error });
  }

  // One incident's message that Slack refuses (an archived channel, the bot removed) or that does not go
  // out stops neither the others nor the poll's record: it is left as it stands, for the next poll. The
  // poll fails at its end (so the error alarm says so), unless the channel was held or already reported.
  const unsent: unknown[] = [];
  const leftForNextPoll = (incident: Pick<Incident, "id" | "channel">, error: unknown) => {
    if (error instanceof SlackHeldError) return;
    if (gate.failsPoll(error)) unsent.push(error);
    logger?.warn("an incident's message could not be sent; left for the next poll", {
      incident: incident.id,
      channel: incident.channel,
      reason: reasonOf(error),
    });
  };

  const [incidents, mutes] = await Promise.all([store.openIncidents(), store.mutes()]);
  const postsUnknown = await findPendingPosts(run, incidents, leftForNextPoll);
  const result: WatchRunResult = {
    ...emptyWatchResult(),
    status: "watched",
    firstRun: state.initialisedAt === undefined,
    read: 0,
  };
  const render = (incident: Incident) =>
    incidentMessage(incident, names, { now, atRisk: config.atRisk, disableAfter: config.disableAfter });
  // Lines recorded before a poll whose answer from Slack was lost: found in their thread, or posted now.
  // …and with them the posts that could not be looked for: nothing is sent for either this poll.
  // Incidents whose message Slack said is gone (its thread not found): posted again below.
  const gone = new Set<string>();
  const unresolved = await resolvePendingLines(run, incidents, result, leftForNextPoll, gone);
  for (const id of postsUnknown) unresolved.add(id);
  await resolveClosingLines(run, state, result, leftForNextPoll, render);
  const seen = new Set(records.map((r) => r.Id));
  const absent = [...new Set(incidents.flatMap((i) => openMembers(i).map((m) => m.id)))].filter(
    (id) => !seen.has(id),
  );
  const lookedUp = new Map<number, WebhookListRecord | null>();
  try {
    for (const id of absent.slice(0, MAX_LOOKUPS)) {
      try {
        lookedUp.set(id, await client.getWebhook(id));
      } catch (error) {
        if (error instanceof NexudusHttpError && error.status === 404) lookedUp.set(id, null);
        else throw error;
      }
    }
  } catch (error) {
    await readFailed(run, state, error, now);
    throw new WatchError(reasonOf(error), { cause: error });
  }

  const firstRun = result.firstRun === true;
  // A channel that takes no alerts any more and that Slack refuses: its incidents close without a word.
  const unheard = (channel: string) =>
    !deps.channels.includes(channel) && state.refused?.[channel] !== undefined;
  // Held (its channel refused for good) or its last message unaccounted for: nothing is sent or saved,
  // and the next poll that may send there plans it again.
  const held = (incident: Incident) =>
    !unheard(incident.channel) && (!gate.open(incident.channel) || unresolved.has(incident.id));
  const plan = planWatch({
    now,
    config,
    records,
    lookedUp,
    incidents,
    mutes: new Set(mutes.map((m) => m.webhookId)),
    route: deps.route,
    channels: new Set(deps.channels),
    firstRun,
    newId: incidentIdOf,
    held,
  });
  result.read = records.length;
  // Messages posted again (a person deleted them) come out of the same `ALERT_MAX_PER_RUN` as new ones:
  // a channel cleared by hand is not answered with a flood. What the plan's posts left is theirs; the rest
  // are folded into the channel's "+N more" message and posted when they next get worse.
  let repostsLeft = Math.max(0, config.maxPerRun - plan.incidents.filter((s) => s.message === "post").length);

  // Incidents recorded without a Slack call (a first run's, a folded one's) are saved together at the end:
  // nothing is posted for them, so no order between them matters.
  const silent: Incident[] = [];
  for (const step of plan.incidents) {
    try {
      await carryOut(step);
    } catch (error) {
      leftForNextPoll(step.incident, error);
    }
  }
  async function carryOut(step: (typeof plan.incidents)[number]): Promise<void> {
    const { incident } = step;
    const needsSlack =
      !unheard(incident.channel) &&
      (step.message !== "none" || step.line || incident.post.pendingLine !== undefined);
    // Planned before Slack refused the bot in this poll (the plan leaves out what was held before).
    if (needsSlack && held(incident)) return;
    if (step.changes.some((c) => c.kind === "opened")) result.opened += 1;
    if (step.changes.some((c) => c.kind === "escalated" || c.kind === "disabled")) result.escalated += 1;
    if (incident.closedAt !== undefined) result.closed += 1;
    if (!needsSlack) {
      silent.push(incident);
      return;
    }
    // Once the incident is saved closed, it is not read again: what it still owes Slack when a call fails
    // is kept in the watch's state instead (`closingLines`).
    let savedClosed = false;
    const saved = async () => {
      const ok = await save(deps, incident);
      savedClosed ||= ok && incident.closedAt !== undefined;
      return ok;
    };
    try {
      await send(step, saved);
    } catch (error) {
      if (savedClosed) keepClosing(state, incident);
      throw error;
    }
  }
  async function send(step: (typeof plan.incidents)[number], saved: () => Promise<boolean>): Promise<void> {
    const { incident } = step;
    // Bounded apart from the changes (`changeLines`): the plan recorded them as made.
    const mentions = step.mention ? incident.mention.map(mentionOf) : [];
    // A post under way with no change since (a dead poll's) has nothing new to say in its thread, nor a
    // change a button's own line said (a Resume from the message, a Mute).
    const said = step.line ? changeLine(incident, step.changes, config.disableAfter) : "";
    const owed: OwedLine = { line: said === "" ? undefined : said };
    // Deleted by a person, its post again did not go out, and it closed since.
    if (step.message === "post" && incident.closedAt !== undefined && incident.post.deletedAt !== undefined)
      return messageGone(incident, owed, mentions, saved);
    if (step.message === "post") {
      if (!(await postNew(incident, owed, mentions, saved))) return;
    } else if (step.message === "update" && incident.post.ts) {
      // Known to be gone (its thread was not found): no update is tried.
      if (gone.has(incident.id) || !(await redrawn(incident)))
        return messageGone(incident, owed, mentions, saved);
      result.updated += 1;
    }
    if (incident.post.ts) {
      try {
        if (!(await threadLines(incident, owed, mentions, saved))) return;
      } catch (error) {
        if (!messageGoneOf(error)) throw error;
        return messageGone(incident, owed, mentions, saved);
      }
    }
    await saved();
  }

  /**
   * Posts the incident's message, recorded as under way first: a poll that dies before recording the ts
   * finds the message later (by its metadata). The line owed is recorded with it (one write), to go in the
   * thread once the message is there; a line left by an earlier try of the post, or owed to a deleted
   * message's thread, was never posted in this one, so the new line joins it. False: the incident changed
   * under the watch, and nothing was posted.
   */
  async function postNew(
    incident: Incident,
    owed: OwedLine,
    mentions: readonly string[],
    saved: () => Promise<boolean>,
  ): Promise<boolean> {
    incident.post.pendingSince = now;
    if (owed.line !== undefined) {
      const earlier = incident.post.pendingLine;
      incident.post.pendingLine = earlier
        ? { ...earlier, text: changeLines(earlier.text, owed.line, mentions) }
        : { n: incident.post.lines + 1, text: changeLines(undefined, owed.line, mentions), since: now };
      owed.line = undefined;
    }
    if (!(await saved())) return false;
    const message = render(incident);
    const { ts } = await slack.postMessage({ channel: incident.channel, ...message });
    incident.post.ts = ts;
    incident.post.drawn = drawnOf(message);
    delete incident.post.pendingSince;
    delete incident.post.deletedAt;
    result.posted += 1;
    result.postedAs.incidents += 1;
    return true;
  }

  /**
   * The message's thread lines: the one recorded before (with its post, or before a lost answer), then
   * the line owed, recorded before it is posted so that a lost answer leaves it for the next poll to look
   * for. False: the incident changed under the watch.
   */
  async function threadLines(
    incident: Incident,
    owed: OwedLine,
    mentions: readonly string[],
    saved: () => Promise<boolean>,
  ): Promise<boolean> {
    if (incident.post.pendingLine) await postLine(run, incident, result);
    if (owed.line === undefined) return true;
    incident.post.pendingLine = {
      n: incident.post.lines + 1,
      text: changeLines(undefined, owed.line, mentions),
      since: now,
    };
    owed.line = undefined;
    if (!(await saved())) return false;
    await postLine(run, incident, result);
    return true;
  }

  /** Draws the incident's message again in place. False: Slack says it is gone (a person deleted it). */
  async function redrawn(incident: Incident, message = render(incident)): Promise<boolean> {
    try {
      await slack.updateMessage({ channel: incident.channel, ts: incident.post.ts!, ...message });
    } catch (error) {
      if (messageGoneOf(error)) return false;
      throw error;
    }
    incident.post.drawn = drawnOf(message);
    return true;
  }

  /**
   * The incident's message is gone from Slack: a person deleted it. An open incident is posted again, once,
   * as it stands now, and becomes the incident's message (the old ts is forgotten); it is recorded as under
   * way first, like any post, so a lost answer is found again rather than posted twice, and the lines the
   * old thread was owed go to the new thread. Deleting a message does not silence an incident (Mute does).
   * A closed incident is not posted again just to say it closed: its last update and line are dropped.
   */
  async function messageGone(
    incident: Incident,
    owed: OwedLine,
    mentions: readonly string[],
    saved: () => Promise<boolean>,
  ): Promise<void> {
    gone.delete(incident.id);
    const where = { incident: incident.id, channel: incident.channel };
    if (incident.closedAt !== undefined) {
      logger?.info("a closed incident's message was deleted in Slack; its last update is dropped", where);
      delete incident.post.pendingLine;
      delete incident.post.pendingSince;
      delete incident.post.deletedAt;
      await saved();
      return;
    }
    delete incident.post.ts;
    delete incident.post.drawn;
    if (repostsLeft <= 0) {
      logger?.info(
        "an incident's message was deleted in Slack; over this poll's budget, it is folded",
        where,
      );
      // A folded incident has no thread: what it owed there is said when it is posted again.
      delete incident.post.pendingLine;
      delete incident.post.pendingSince;
      delete incident.post.deletedAt;
      incident.post.silent = "folded";
      await saved();
      return;
    }
    repostsLeft -= 1;
    logger?.info("an incident's message was deleted in Slack; it is posted again", where);
    incident.post.deletedAt = now;
    if (!(await postNew(incident, owed, mentions, saved))) return;
    if (!(await threadLines(incident, owed, mentions, saved))) return;
    await saved();
  }
  for (let i = 0; i < silent.length; i += SAVE_TOGETHER)
    await Promise.all(silent.slice(i, i + SAVE_TOGETHER).map((incident) => save(deps, incident)));

  // A message a button redrew, or one whose snooze ran out: whether it reads differently is judged on what
  // the table holds (a count that moved alone redraws nothing), and it is drawn with the counts just read.
  const planned = new Set(plan.incidents.map((step) => step.incident.id));
  // …and one whose message Slack said is gone is posted again.
  for (const stored of incidents) {
    if (planned.has(stored.id) || !gate.open(stored.channel) || held(stored)) continue;
    const incident = plan.unchanged.get(stored.id) ?? stored;
    const savedAlone = () => save(deps, incident);
    try {
      if (!gone.has(incident.id)) {
        if (!incident.post.ts) continue;
        if (drawnOf(render(stored)) === incident.post.drawn) continue;
        if (await redrawn(incident)) {
          result.updated += 1;
          await savedAlone();
          continue;
        }
      }
      await messageGone(incident, {}, [], savedAlone);
    } catch (error) {
      leftForNextPoll(incident, error);
    }
  }

  // The first poll's one message per channel; the "+N more" message where the budget held some back.
  // One that does not go out (its channel held, Slack failing) is owed, and said once the channel takes
  // messages, with what is still unsaid then.
  for (const [channel, s] of plan.summaries) {
    if (!gate.open(channel)) {
      state.summaries = { ...state.summaries, [channel]: {} };
      continue;
    }
    try {
      await slack.postMessage({ channel, ...watchingMessage(s.webhooks, s.incidents) });
      result.posted += 1;
      result.postedAs.summaries += 1;
    } catch (error) {
      state.summaries = { ...state.summaries, [channel]: mayHaveLanded(error) ? { triedAt: now } : {} };
      leftForNextPoll({ id: "first-poll summary", channel }, error);
    }
  }
  const unsummed = silentCounts(incidents, plan.incidents, "first-run");
  for (const [channel, owed] of Object.entries(state.summaries ?? {})) {
    if (plan.summaries.has(channel) || (deps.channels.includes(channel) && !gate.open(channel))) continue;
    const s = unsummed.get(channel);
    try {
      // Nothing left to sum up (each got a message of its own, or closed), or the channel takes no alerts.
      if (
        s &&
        deps.channels.includes(channel) &&
        (await postOwed(run, state, channel, watchingMessage(s.webhooks, s.incidents), owed.triedAt, (at) => {
          if (at === undefined) delete owed.triedAt;
          else owed.triedAt = at;
        }))
      ) {
        result.posted += 1;
        result.postedAs.summaries += 1;
      }
      const { [channel]: _said, ...rest } = state.summaries ?? {};
      if (Object.keys(rest).length > 0) state.summaries = rest;
      else delete state.summaries;
    } catch (error) {
      leftForNextPoll({ id: "first-poll summary", channel }, error);
    }
  }
  const folds = silentCounts(incidents, plan.incidents, "folded");
  for (const channel of new Set([...Object.keys(state.folds), ...folds.keys()])) {
    const n = folds.get(channel)?.incidents ?? 0;
    const existing = state.folds[channel];
    if ((existing && existing.count === n) || !gate.open(channel)) continue;
    try {
      const updated =
        existing &&
        (await slack.updateMessage({ channel, ts: existing.ts, ...foldedMessage(n) }).then(
          () => true,
          (error: unknown) => {
            if (!messageGoneOf(error)) throw error;
            // Deleted by a person: forgotten, and posted again while some incidents are still folded.
            logger?.info("the channel's '+N more incidents' message was deleted in Slack", { channel });
            delete state.folds[channel];
            return false;
          },
        ));
      if (existing && updated) {
        if (n === 0) delete state.folds[channel];
        else state.folds[channel] = { ts: existing.ts, count: n };
      } else if (n > 0) {
        const { ts } = await slack.postMessage({ channel, ...foldedMessage(n) });
        state.folds[channel] = { ts, count: n };
        result.posted += 1;
        result.postedAs.folds += 1;
      }
    } catch (error) {
      leftForNextPoll({ id: "+N more", channel }, error);
    }
  }
  if (state.outage) {
    for (const [channel, ts] of Object.entries(state.outage.posts)) {
      await slack
        .updateMessage({ channel, ts, ...outageMessage(undefined, state.outage.since) })
        .catch(() => {});
    }
    delete state.outage;
  }
  await sayRefusals(run, state);
  // A refused channel that takes no alerts any more is forgotten (its incidents closed above).
  for (const channel of Object.keys(state.refused ?? {}))
    if (!deps.channels.includes(channel)) delete state.refused![channel];
  if (state.refused && Object.keys(state.refused).length === 0) delete state.refused;
  state.failures = 0;
  state.initialisedAt ??= now;
  // A poll that changed nothing in it does not write it again.
  if (JSON.stringify(state) !== stateAsRead) await store.saveWatchState(state);
  logger?.info("watch poll done", { ...result, unsent: unsent.length });
  if (unsent.length > 0) {
    throw new WatchError(
      `${unsent.length} incident message${unsent.length === 1 ? "" : "s"} could not be sent to Slack (${reasonOf(unsent[0])}); the other incidents were handled`,
      { cause: unsent[0] },
    );
  }
  return result;
}

/** A digest of a message as drawn: what the watch compares to know whether to draw it again. */
export function drawnOf(message: { text: string; blocks: readonly unknown[] }): string {
  return createHash("sha256")
    .update(JSON.stringify([message.text, message.blocks]))
    .digest("hex")
    .slice(0, 20);
}

/** Saves an incident; a conflict (another writer, which the lease should rule out) is logged and skipped. */
async function save(deps: WatchDeps, incident: Incident): Promise<boolean> {
  const version = await deps.store.saveIncident(incident);
  if (version === undefined) {
    deps.logger?.warn("an incident changed under the watch; left for the next poll", {
      incident: incident.id,
    });
    return false;
  }
  incident.version = version;
  return true;
}

/** One poll's ports: Slack behind the poll's channel gate. */
interface PollRun extends WatchDeps {
  gate: ChannelGate;
}

/** The Slack port with every call made through the gate of its channel. */
function gatedSlack(slack: AlertSlackPort, gate: ChannelGate): AlertSlackPort {
  return {
    postMessage: (args) => gate.call(args.channel, "write", () => slack.postMessage(args)),
    updateMessage: (args) => gate.call(args.channel, "write", () => slack.updateMessage(args)),
    recentMessages: (channel, oldest) =>
      gate.call(channel, "read", () => slack.recentMessages(channel, oldest)),
    threadReplies: (channel, threadTs, oldest) =>
      gate.call(channel, "read", () => slack.threadReplies(channel, threadTs, oldest)),
  };
}

/** A thread line this poll owes an incident, until it is recorded (`pendingLine`). */
interface OwedLine {
  line?: string | undefined;
}

type LeftForNextPoll = (incident: Pick<Incident, "id" | "channel">, error: unknown) => void;

/** Whether an incident's line `n` is among a thread's messages (by the metadata `postLine` gives it). */
function lineIn(
  replies: Awaited<ReturnType<AlertSlackPort["threadReplies"]>>,
  incident: string,
  n: number,
): boolean {
  return replies.some(
    (m) =>
      m.metadata?.event_type === INCIDENT_LINE_EVENT_TYPE &&
      m.metadata.event_payload?.incident === incident &&
      m.metadata.event_payload?.line === n,
  );
}

/** The epoch second a minute before `ms`: where to start looking for what was sent at `ms`. */
const lookFrom = (ms: number) => Math.floor(ms / 1000) - 60;

/**
 * A post recorded as under way by a poll that died: the message is there (its metadata says so), or not.
 * Returns the incidents of channels whose history could not be read: whether their post landed is unknown,
 * so nothing is sent for them this poll (posting again could give the channel the same message twice).
 */
async function findPendingPosts(
  run: PollRun,
  incidents: Incident[],
  leftForNextPoll: LeftForNextPoll,
): Promise<Set<string>> {
  const unknown = new Set<string>();
  const pending = incidents.filter((i) => i.post.pendingSince !== undefined && !i.post.ts);
  const recent = Math.floor(run.clock.now() / 1000) - LOOKBACK_SECONDS;
  for (const channel of new Set(pending.map((i) => i.channel))) {
    if (!run.gate.open(channel)) continue;
    const inChannel = pending.filter((i) => i.channel === channel);
    // From the oldest post under way (a channel held for a day was last tried a day ago).
    const since = Math.min(recent, ...inChannel.map((i) => lookFrom(i.post.pendingSince!)));
    let messages: Awaited<ReturnType<AlertSlackPort["recentMessages"]>>;
    try {
      messages = await run.slack.recentMessages(channel, since);
    } catch (error) {
      for (const incident of inChannel) unknown.add(incident.id);
      leftForNextPoll(inChannel[0]!, error);
      continue;
    }
    for (const incident of inChannel) {
      const found = messages.find(
        (m) =>
          m.metadata?.event_type === INCIDENT_EVENT_TYPE &&
          m.metadata.event_payload?.incident === incident.id,
      );
      if (found) {
        incident.post.ts = found.ts;
        delete incident.post.pendingSince;
        delete incident.post.deletedAt;
        await save(run, incident);
      }
    }
  }
  return unknown;
}

/**
 * Thread lines recorded by a poll that did not see Slack's answer: each is looked for in its thread (by
 * its metadata) and counted when there, posted when not. Returns the incidents whose line could not be
 * accounted for: nothing else is sent for them this poll, so no later line overtakes it.
 */
async function resolvePendingLines(
  run: PollRun,
  incidents: Incident[],
  result: WatchRunResult,
  leftForNextPoll: LeftForNextPoll,
  gone: Set<string>,
): Promise<Set<string>> {
  const unresolved = new Set<string>();
  for (const incident of incidents) {
    const line = incident.post.pendingLine;
    if (!line || !incident.post.ts) continue;
    if (!run.gate.open(incident.channel)) continue;
    try {
      const replies = await run.slack.threadReplies(incident.channel, incident.post.ts, lookFrom(line.since));
      if (lineIn(replies, incident.id, line.n)) {
        incident.post.lines = line.n;
        delete incident.post.pendingLine;
      } else {
        await postLine(run, incident, result);
      }
      await save(run, incident);
    } catch (error) {
      // Its message was deleted: the line goes to the thread of the message posted again.
      if (messageGoneOf(error)) {
        gone.add(incident.id);
        continue;
      }
      unresolved.add(incident.id);
      leftForNextPoll(incident, error);
    }
  }
  return unresolved;
}

/**
 * What a closed incident still owes Slack after a failed call, kept in the watch's state: its message when
 * the post's answer was lost, its line when that was not posted. Nothing when both are accounted for.
 */
function keepClosing(state: WatchState, incident: Incident): void {
  const { ts, pendingSince, pendingLine } = incident.post;
  if (!pendingLine && (ts || pendingSince === undefined)) return;
  const closing: ClosingLine = {
    channel: incident.channel,
    ...(ts ? { ts } : { pendingSince: pendingSince! }),
    ...pendingLine,
  };
  state.closingLines = { ...state.closingLines, [incident.id]: closing };
}

/**
 * What closed incidents still owe Slack (`WatchState.closingLines`), the same way as open ones: a message
 * whose answer was lost is looked for in its channel and posted when not there (drawn from the table), and
 * a line is looked for in its thread and posted when not there.
 */
async function resolveClosingLines(
  run: PollRun,
  state: WatchState,
  result: WatchRunResult,
  leftForNextPoll: LeftForNextPoll,
  render: (incident: Incident) => ReturnType<typeof incidentMessage>,
): Promise<void> {
  for (const [id, closing] of Object.entries(state.closingLines ?? {})) {
    // A channel that takes no alerts any more hears no more of it.
    const unwatched = !run.channels.includes(closing.channel);
    if (!unwatched && !run.gate.open(closing.channel)) continue;
    const done = () => {
      const { [id]: _done, ...rest } = state.closingLines ?? {};
      if (Object.keys(rest).length > 0) state.closingLines = rest;
      else delete state.closingLines;
    };
    try {
      if (!unwatched) {
        closing.ts ??= await closedMessage(run, id, closing, result, render);
        const { ts, n, text, since } = closing;
        delete closing.pendingSince;
        if (ts !== undefined && n !== undefined && text !== undefined && since !== undefined) {
          const incident = {
            id,
            channel: closing.channel,
            post: { ts, lines: n - 1, pendingLine: { n, text, since } },
          };
          const replies = await run.slack.threadReplies(closing.channel, ts, lookFrom(since));
          if (!lineIn(replies, id, n)) await postLine(run, incident, result);
        }
      }
      done();
    } catch (error) {
      // Its message was deleted: a closed incident is not posted again for its last line.
      if (messageGoneOf(error)) {
        run.logger?.info("a closed incident's message was deleted in Slack; its last line is dropped", {
          incident: id,
          channel: closing.channel,
        });
        done();
        continue;
      }
      leftForNextPoll({ id, channel: closing.channel }, error);
    }
  }
}

/**
 * The ts of a closed incident's message whose post's answer was lost: found in its channel by its metadata,
 * or posted now as the table holds the incident (recorded as under way first, like any post). `undefined`
 * when the incident is gone from the table (expired): there is nothing to draw.
 */
async function closedMessage(
  run: PollRun,
  id: string,
  closing: ClosingLine,
  result: WatchRunResult,
  render: (incident: Incident) => ReturnType<typeof incidentMessage>,
): Promise<string | undefined> {
  const since = lookFrom(closing.pendingSince ?? run.clock.now());
  const messages = await run.slack.recentMessages(closing.channel, since);
  const found = messages.find(
    (m) => m.metadata?.event_type === INCIDENT_EVENT_TYPE && m.metadata.event_payload?.incident === id,
  );
  if (found) return found.ts;
  const incident = await run.store.incident(id);
  if (!incident) return undefined;
  closing.pendingSince = run.clock.now();
  const { ts } = await run.slack.postMessage({ channel: closing.channel, ...render(incident) });
  result.posted += 1;
  result.postedAs.incidents += 1;
  return ts;
}

/** Posts the incident's recorded line in its thread, with the metadata that finds it again; counts it. */
async function postLine(
  run: PollRun,
  incident: Pick<Incident, "id" | "channel" | "post">,
  result: WatchRunResult,
): Promise<void> {
  const line = incident.post.pendingLine;
  if (!line || !incident.post.ts) return;
  const text = boundedChangeLines(line.text);
  await run.slack.postMessage({
    channel: incident.channel,
    thread_ts: incident.post.ts,
    text,
    blocks: [{ type: "section", text: { type: "mrkdwn", text } }],
    metadata: {
      event_type: INCIDENT_LINE_EVENT_TYPE,
      event_payload: { incident: incident.id, line: line.n },
    },
  });
  incident.post.lines = line.n;
  delete incident.post.pendingLine;
  result.lines += 1;
}

/**
 * Each channel Slack refused that nobody was told of yet, said in the configured channel: which channel,
 * why, what to do, when it is tried again. Marked said only once the notice is posted, so one that does not
 * go out (Slack failing, the configured channel held) is tried again by the next poll, after looking for it
 * there when its answer may have been lost (`postOwed`): said once. With nowhere else to say it (no
 * configured channel, or the refused channel is that one) the error the gate logged is all.
 */
async function sayRefusals(run: PollRun, state: WatchState): Promise<void> {
  const home = run.config.channel;
  for (const [channel, refusal] of Object.entries(state.refused ?? {})) {
    if (refusal.said !== false) continue;
    if (!home || home === channel) {
      refusal.said = true;
      continue;
    }
    if (!run.gate.open(home)) continue;
    try {
      await postOwed(
        run,
        state,
        home,
        refusedChannelMessage(channel, refusal),
        refusal.noticeTriedAt,
        (at) => {
          if (at === undefined) delete refusal.noticeTriedAt;
          else refusal.noticeTriedAt = at;
        },
      );
      refusal.said = true;
      delete refusal.noticeTriedAt;
    } catch (postError) {
      run.logger?.warn("the refused channel could not be reported; tried again at the next poll", {
        channel,
        reason: reasonOf(postError),
      });
    }
  }
}

/**
 * Open incidents without a message of their own, per channel: held back by a budget (`folded`), or
 * recorded by the first poll (`first-run`), with their open webhooks. Those read at the start of the poll,
 * as the plan left them (every write of this poll went through the lease, so the table holds the same).
 */
function silentCounts(
  read: readonly Incident[],
  planned: readonly { incident: Incident }[],
  silent: NonNullable<Incident["post"]["silent"]>,
): Map<string, { incidents: number; webhooks: number }> {
  const now = new Map(read.map((incident) => [incident.id, incident]));
  for (const { incident } of planned) now.set(incident.id, incident);
  const counts = new Map<string, { incidents: number; webhooks: number }>();
  for (const incident of now.values()) {
    if (incident.closedAt !== undefined || incident.post.silent !== silent) continue;
    const count = counts.get(incident.channel) ?? { incidents: 0, webhooks: 0 };
    counts.set(incident.channel, {
      incidents: count.incidents + 1,
      webhooks: count.webhooks + openMembers(incident).length,
    });
  }
  return counts;
}

/** Whether a failed post may have reached the channel: anything but a refusal, or a call not made. */
function mayHaveLanded(error: unknown): boolean {
  return !(error instanceof SlackHeldError) && refusalScopeOf(error, "write") === undefined;
}

/**
 * Posts a message the watch owes `channel` once (a refusal's notice, a late first-poll summary). A try whose
 * answer may have been lost (`triedAt`) is looked for in the channel by its metadata first; a new try is
 * recorded (`mark`) and the watch's state written before it is sent, so that neither a lost answer nor a
 * poll that dies after it gives the channel the message twice. True: posted now; false: an earlier try is
 * there.
 */
async function postOwed(
  run: PollRun,
  state: WatchState,
  channel: string,
  message: NamedMessage,
  triedAt: number | undefined,
  mark: (at: number | undefined) => void,
): Promise<boolean> {
  if (triedAt !== undefined) {
    const { event_type, event_payload } = message.metadata;
    const messages = await run.slack.recentMessages(channel, lookFrom(triedAt));
    const found = messages.some(
      (m) =>
        m.metadata?.event_type === event_type &&
        Object.entries(event_payload).every(([key, value]) => m.metadata?.event_payload?.[key] === value),
    );
    if (found) return false;
  }
  mark(run.clock.now());
  await run.store.saveWatchState(state);
  try {
    await run.slack.postMessage({ channel, ...message });
  } catch (error) {
    // Refused, or never sent: there will be nothing to look for.
    if (!mayHaveLanded(error)) mark(undefined);
    throw error;
  }
  return true;
}

/** A poll that could not read: counted; from the second in a row, one notice per channel. */
async function readFailed(deps: PollRun, state: WatchState, error: unknown, now: number): Promise<void> {
  state.failures += 1;
  deps.logger?.warn("watch could not read Nexudus", { failures: state.failures, reason: reasonOf(error) });
  if (state.failures >= 2 && !state.outage) {
    const reason = reasonOf(error);
    const since = now;
    const posts: Record<string, string> = {};
    const channels = new Set<string>();
    for (const channel of deps.channels) channels.add(channel);
    for (const incident of await deps.store.openIncidents().catch(() => [])) channels.add(incident.channel);
    for (const channel of channels) {
      if (!deps.gate.open(channel)) continue;
      try {
        posts[channel] = (await deps.slack.postMessage({ channel, ...outageMessage(reason, since) })).ts;
      } catch (postError) {
        deps.logger?.warn("the outage notice could not be posted", { channel, reason: reasonOf(postError) });
      }
    }
    state.outage = { reason, since, posts };
  }
  // A channel refused while posting the notice (or earlier, not said yet) is said now, not after the outage.
  await sayRefusals(deps, state);
  await deps.store.saveWatchState(state).catch(() => {});
}
