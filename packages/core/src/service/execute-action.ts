import {
  ACTION_IDS,
  type ActionValue,
  type ActionView,
  actionViewOf,
  decodeActionValue,
  decodeIncidentValue,
  rowChoiceOf,
} from "../blocks/action-ids";
import { detailsMessage } from "../blocks/details-message";
import type { LocationNames, SlackMessage, ToggleResultModel } from "../blocks/models";
import { resumeWarning } from "../blocks/status";
import {
  auditMessage,
  toggleConfirmMessage,
  toggledMessage,
  toggleUnconfirmedMessage,
  unconfirmedAuditMessage,
} from "../blocks/toggle-messages";
import { safeText } from "../blocks/untrusted-text";
import { prepareRecord } from "../blocks/webhook-row";
import { NexudusHttpError, NexudusTimeoutError, NexudusWriteUnconfirmedError } from "../nexudus/errors";
import type { WebhookRecord } from "../nexudus/schemas";
import { formatQuery, parseCommand, QUERY_LIMITS, withPage } from "../query";
import { isChannelCommand, type WebhookCommand } from "../query/query-types";
import { callOptionsOf } from "../time/deadline";
import { TIMING } from "../time/timing";
import { type AnswerOptions, noSuchWebhook, runCommand } from "./execute-command";
import { namesOrEmpty } from "./load-results";
import { outdatedActionMessage } from "./messages";
import { pausedByContext } from "./paused-by-context";
import type { ExecuteOptions, ServiceDeps } from "./service-types";

/** A click, decoded. Values are untrusted: queries are re-parsed, and rights were checked upstream. */
export type Click =
  /** Paging, a common search, the digest's "Show failing": the search `q` (at page `p`). */
  | { kind: "search"; q: string; page?: number }
  /** One webhook in full (remembering the search it came from). */
  | { kind: "details"; id: number; from?: { q: string; p: number } }
  /** The same answer for the channel: a search (`q`, `p`) or one webhook (`id`). */
  | { kind: "share"; q?: string; page?: number; id?: number }
  /**
   * A row menu's Pause… (`active: false`) or Resume… (`active: true`): the confirm step `pause ID` shows,
   * whose button (behind its dialog) makes the change and then redraws `from`. Changes nothing itself.
   */
  | { kind: "confirm"; id: number; active: boolean; from?: { q: string; p: number } }
  /**
   * Pause (`active: false`) or resume (`active: true`). `refresh` is the search the button was listed
   * under (redrawn afterwards); `view: "details"` when it was on a details view (the details are redrawn).
   */
  | {
      kind: "toggle";
      id: number;
      active: boolean;
      refresh?: { q: string; p: number };
      view?: ActionView;
    }
  | IncidentClick;

/** An incident message's buttons (Snooze carries its hours); `unmute` is `/webhooks muted`'s Unmute. */
export type IncidentClick =
  | { kind: "incident"; action: "ack" | "mute" | "details" | "resume"; incident: string }
  | { kind: "incident"; action: "snooze"; incident: string; hours: number }
  | { kind: "unmute"; id: number };

const INCIDENT_ACTIONS: Readonly<Record<string, "ack" | "mute" | "details" | "resume" | "snooze">> = {
  [ACTION_IDS.incidentAck]: "ack",
  [ACTION_IDS.incidentMute]: "mute",
  [ACTION_IDS.incidentDetails]: "details",
  [ACTION_IDS.incidentResume]: "resume",
  [ACTION_IDS.incidentSnooze]: "snooze",
};

/** Decodes an incident button; `undefined` for a malformed value (or a Snooze without its hours). */
function decodeIncidentClick(actionId: string, rawValue: unknown): IncidentClick | undefined {
  if (actionId === ACTION_IDS.unmute) {
    const id = decodeActionValue(rawValue)?.id;
    return id === undefined ? undefined : { kind: "unmute", id };
  }
  const action = INCIDENT_ACTIONS[actionId];
  const value = action ? decodeIncidentValue(rawValue) : undefined;
  if (!action || !value) return undefined;
  if (action === "snooze")
    return value.h === undefined
      ? undefined
      : { kind: "incident", action, incident: value.i, hours: value.h };
  return { kind: "incident", action, incident: value.i };
}

/** What a click produced: the answer, the audit line of a change, and whether it is an error message. */
export interface ClickOutcome {
  message: SlackMessage;
  /**
   * After a pause or resume that changed the webhook, or that Nexudus accepted but could not be read back
   * to confirm (said so, once): the line for the channel, naming who did it.
   */
  audit?: SlackMessage;
  /** For the outbox (`Reply.settle`): whether `audit` went out; a surely unsent unconfirmed line is said again. */
  settleAudit?: (delivered: boolean) => Promise<void>;
  /** The answer is an error message (it must not replace the message the button was on). */
  failed?: boolean;
}

/**
 * Decodes a click (a button, or a row menu's chosen option: its value); `undefined` for an unknown action
 * id or a malformed value.
 */
export function decodeClick(actionId: string, rawValue: unknown): Click | undefined {
  if (actionId in INCIDENT_ACTIONS || actionId === ACTION_IDS.unmute)
    return decodeIncidentClick(actionId, rawValue);
  const value: ActionValue | undefined = decodeActionValue(rawValue);
  if (!value) return undefined;
  switch (actionId) {
    case ACTION_IDS.rowMenu: {
      const choice = rowChoiceOf(rawValue);
      if (value.id === undefined || choice === undefined) return undefined;
      const search = searchFrom(value.q, value.p);
      const from = search ? { from: search } : {};
      return choice === "details"
        ? { kind: "details", id: value.id, ...from }
        : { kind: "confirm", id: value.id, active: choice === "resume", ...from };
    }
    case ACTION_IDS.pageNext:
    case ACTION_IDS.pagePrev:
    case ACTION_IDS.runSearch:
    case ACTION_IDS.digestShowFailing:
      return value.q === undefined
        ? undefined
        : { kind: "search", q: value.q, ...(value.p ? { page: value.p } : {}) };
    case ACTION_IDS.details: {
      if (value.id === undefined) return undefined;
      const from = searchFrom(value.q, value.p);
      return { kind: "details", id: value.id, ...(from ? { from } : {}) };
    }
    case ACTION_IDS.share:
      if (value.id === undefined && value.q === undefined) return undefined;
      return { kind: "share", ...value, ...(value.p ? { page: value.p } : {}) };
    case ACTION_IDS.pause:
    case ACTION_IDS.resume: {
      if (value.id === undefined) return undefined;
      const view = actionViewOf(rawValue);
      const refresh = searchFrom(value.q, value.p);
      return {
        kind: "toggle",
        id: value.id,
        active: actionId === ACTION_IDS.resume,
        ...(refresh ? { refresh } : {}),
        ...(view ? { view } : {}),
      };
    }
    default:
      return undefined;
  }
}

/**
 * The search a button says it came from, drawn again into new buttons (Back to results, the list redrawn
 * after a Pause): only a query that parses as a search, in its canonical text, on a page in range. A forged
 * value is never echoed into a message as it came.
 */
function searchFrom(q: string | undefined, p: number | undefined): { q: string; p: number } | undefined {
  if (q === undefined) return undefined;
  const command = commandOf(q, undefined);
  if (command?.kind !== "search") return undefined;
  return { q: formatQuery(command.query), p: withPage(command.query, p ?? 1).page ?? 1 };
}

/**
 * Reads a query carried by a button (canonical text may be longer than what a user may type). A
 * subscription command is never carried by a search button: a forged one counts as outdated.
 */
function commandOf(q: string, page: number | undefined): WebhookCommand | undefined {
  const parsed = parseCommand(q, { maxLength: QUERY_LIMITS.maxCanonicalLength });
  if (!parsed.ok || isChannelCommand(parsed.command)) return undefined;
  const command = parsed.command;
  // No button carries the setup check: it is typed, and runs in the worker.
  if (command.kind === "doctor") return undefined;
  return command.kind === "search" && page !== undefined
    ? { kind: "search", query: withPage(command.query, page) }
    : command;
}

/** A click that changes Nexudus: a Pause/Resume, an incident's Resume. */
export type WriteClick =
  | Extract<Click, { kind: "toggle" }>
  | { kind: "incident"; action: "resume"; incident: string };

/** Whether a click changes Nexudus: those run in the worker only. */
export function isWriteClick(click: Click): click is WriteClick {
  return click.kind === "toggle" || (click.kind === "incident" && click.action === "resume");
}

/**
 * Runs a click into its answer. Answers the user must see as errors (an outdated button, an unknown
 * webhook) come back `failed`; a failure of Nexudus is thrown as the client's coded error.
 */
export async function runClick(
  action: Click,
  deps: ServiceDeps,
  options: ExecuteOptions,
): Promise<ClickOutcome> {
  switch (action.kind) {
    case "search": {
      const command = commandOf(action.q, action.page);
      if (!command) return { message: outdatedActionMessage(), failed: true };
      return { message: await runCommand(command, deps, options) };
    }
    case "details":
      return {
        message: await runCommand({ kind: "show", id: action.id }, deps, {
          ...options,
          ...(action.from ? { from: action.from } : {}),
        }),
      };
    case "share": {
      const shared: AnswerOptions = { ...options, share: { shared: { byUserId: options.viewer.userId } } };
      // Everyone in the channel sees a shared answer: it is built for a viewer without admin buttons.
      shared.viewer = { userId: options.viewer.userId, isAdmin: false };
      const command: WebhookCommand | undefined =
        action.id !== undefined ? { kind: "show", id: action.id } : commandOf(action.q ?? "", action.page);
      if (!command || (command.kind !== "search" && command.kind !== "show")) {
        return { message: outdatedActionMessage(), failed: true };
      }
      return { message: await runCommand(command, deps, shared) };
    }
    case "confirm":
      // Needs an admin, like the command it stands for (checked with the rights, before this runs).
      return {
        message: await runCommand({ kind: action.active ? "resume" : "pause", id: action.id }, deps, {
          ...options,
          ...(action.from ? { from: action.from } : {}),
        }),
      };
    case "toggle":
      return toggle(action, deps, options);
    case "incident":
    case "unmute":
      // Answered by `runIncidentClick`, which replies in the incident's thread too.
      throw new Error(`${action.kind} clicks are run by runIncidentClick`);
  }
}

type ToggleAction = Extract<Click, { kind: "toggle" }>;

/**
 * A Pause/Resume holds its webhook's lease while it reads, writes and reads again: of concurrent clicks on
 * one webhook one writes, and the others, once it is done, find the state asked for and write nothing.
 */
async function toggle(
  action: ToggleAction,
  deps: ServiceDeps,
  options: ExecuteOptions,
): Promise<ClickOutcome> {
  return withWebhookLease(action.id, deps, options, () => toggleHeld(action, deps, options));
}

/** Runs `work` holding the webhook's lease, waiting (until the deadline) while another change holds it. */
export async function withWebhookLease<T>(
  id: number,
  deps: ServiceDeps,
  options: ExecuteOptions,
  work: () => Promise<T>,
): Promise<T> {
  const key = `toggle:${id}`;
  for (;;) {
    const release = await deps.leases.acquire(key, TIMING.toggleLeaseMs);
    if (release) {
      try {
        return await work();
      } finally {
        await release();
      }
    }
    const deadline = options.deadline;
    if (deadline && deps.clock.now() + TIMING.leasePollMs >= deadline.at)
      throw new NexudusTimeoutError(`/sys/webhooks/${id}`, 0);
    await deps.sleep(TIMING.leasePollMs, deadline?.signal);
  }
}

/**
 * What a switch did: `changed` (the record read back), `unchanged` (it was already so), or `unconfirmed`:
 * Nexudus accepted the write but the record could not be read back (`record` is as it was before).
 */
export type SwitchOutcome =
  | { state: "changed"; record: WebhookRecord }
  | { state: "unchanged"; record: WebhookRecord }
  | { state: "unconfirmed"; record: WebhookRecord; error: NexudusWriteUnconfirmedError };

/**
 * With the webhook's lease held: reads it, and writes `active` only when it differs (a stale button or a
 * repeated click finds the state asked for and writes nothing), with time left for the write.
 */
export async function switchHeld(
  id: number,
  active: boolean,
  deps: ServiceDeps,
  options: ExecuteOptions,
): Promise<SwitchOutcome> {
  const call = callOptionsOf(options.deadline);
  const readStarted = deps.clock.now();
  const current = await deps.client.getWebhook(id, call);
  if (current.Active === active) return { state: "unchanged", record: current };
  checkTimeToWrite(id, deps.clock.now() - readStarted, deps, options);
  try {
    return { state: "changed", record: await deps.client.setWebhookActive(id, active, call) };
  } catch (error) {
    if (error instanceof NexudusWriteUnconfirmedError)
      return { state: "unconfirmed", record: current, error };
    throw error;
  }
}

async function toggleHeld(
  action: ToggleAction,
  deps: ServiceDeps,
  options: ExecuteOptions,
): Promise<ClickOutcome> {
  const call = callOptionsOf(options.deadline);
  // Read alongside; once the write is done, nothing may turn the change into a failure.
  const names = namesOrEmpty(deps, call).catch((): LocationNames => new Map());
  let outcome: SwitchOutcome;
  try {
    outcome = await switchHeld(action.id, action.active, deps, options);
  } catch (error) {
    if (error instanceof NexudusHttpError && error.status === 404)
      return { message: noSuchWebhook(action.id), failed: true };
    throw error;
  }
  const { record } = outcome;
  const model: ToggleResultModel = {
    kind: "toggled",
    record,
    active: action.active,
    actorUserId: options.viewer.userId,
    locations: await names,
    now: deps.clock.now(),
    ...pausedByContext(deps),
  };
  if (outcome.state === "unconfirmed") {
    // Neither done nor failed: said as such, with nothing redrawn (a list read now could show either state).
    const mark = await firstUnconfirmedAudit(record, action.active, options.viewer.userId, deps);
    const audit = mark
      ? { audit: unconfirmedAuditMessage(model), ...(mark.settle ? { settleAudit: mark.settle } : {}) }
      : {};
    return { message: toggleUnconfirmedMessage(model), ...audit };
  }
  // An unchanged webhook (a stale button, a repeated or concurrent click) gets no audit line.
  const announced = outcome.state === "changed";
  const plain = () =>
    announced
      ? toggledMessage(model)
      : toggleConfirmMessage(record, action.active, model.locations, model.now, pausedByContext(deps));
  let message: SlackMessage;
  try {
    message = await redraw(action, model, announced, deps, options, plain);
  } catch {
    // The list could not be read again (out of time, Nexudus failing): the change itself is the answer.
    message = plain();
  }
  return announced ? { message, audit: auditMessage(model) } : { message };
}

/**
 * Whether this is the first unconfirmed write of this change by this user, so that its audit line goes
 * once. A job run twice finds a change that was made already applied, and announces nothing; one that was
 * not made is written again, and if that is unconfirmed too it is the same change: the webhook as read
 * before the write (its `UpdatedOn`) and who clicked name it (another admin's click is their own change,
 * with its own line), and a mark kept `TIMING.eventDedupeMs` remembers it was announced.
 *
 * The mark is reserved before the line is handed to the outbox and given back by `settle(false)` when the
 * line did not go out, so a later run (a repeated click, a job delivered again) says it: a line is never
 * said twice by runs that both posted it, and a run that dies before its post leaves it unsaid (at most
 * once, the standard). A post whose answer was lost keeps its mark; what can still say a line twice is the
 * outbox's WebClient retrying a timed-out post that Slack had taken.
 * When the mark cannot be kept (the table failing), the line goes: twice is better than never.
 */
async function firstUnconfirmedAudit(
  before: WebhookRecord,
  active: boolean,
  userId: string,
  deps: ServiceDeps,
): Promise<{ settle?: (delivered: boolean) => Promise<void> } | undefined> {
  const key = `audit-unconfirmed:${before.Id}:${active ? "resume" : "pause"}:${before.UpdatedOn ?? ""}:${userId}`;
  let release: (() => Promise<void>) | undefined;
  try {
    release = await deps.leases.acquire(key, TIMING.eventDedupeMs);
  } catch {
    return {};
  }
  if (!release) return undefined;
  const giveBack = release;
  return { settle: async (delivered) => (delivered ? undefined : giveBack()) };
}

/** A write is a read, the PUT and a read again: three exchanges. */
const WRITE_EXCHANGES = 3;

/**
 * Starts a write only when the time left covers three exchanges as long as the read just made: a write
 * that lands just as the deadline aborts it would be confirmed to nobody.
 */
function checkTimeToWrite(id: number, readMs: number, deps: ServiceDeps, options: ExecuteOptions): void {
  if (options.deadline === undefined) return;
  const left = options.deadline.at - deps.clock.now();
  if (left < WRITE_EXCHANGES * Math.max(readMs, 1))
    throw new NexudusTimeoutError(`/sys/webhooks/${id}`, Math.max(0, left));
}

/**
 * What a Pause/Resume did, as the line on top of the redrawn view: `Paused “Name” (#id).`, or
 * `“Name” (#id) is already paused.` when there was nothing to change. The name is escaped. A resume at 9
 * or more errors adds that the next failure disables it again.
 */
export function toggleNotice(
  record: WebhookRecord,
  locations: LocationNames,
  active: boolean,
  changed: boolean,
): string {
  const name = `“${safeText(prepareRecord(record, locations).name, 80)}” (#${record.Id})`;
  if (!changed) return `${name} is already ${active ? "active" : "paused"}.`;
  const warning = active ? resumeWarning(record.ErrorCount) : undefined;
  return `${active ? "Resumed" : "Paused"} ${name}.${warning ? ` :warning: ${warning}` : ""}`;
}

/**
 * The view the button was on, drawn again after the change with a notice on top: the details (from a
 * details view), the same search and page (from a list), else the row alone.
 */
async function redraw(
  action: ToggleAction,
  model: ToggleResultModel,
  changed: boolean,
  deps: ServiceDeps,
  options: ExecuteOptions,
  plain: () => SlackMessage,
): Promise<SlackMessage> {
  const notice = toggleNotice(model.record, model.locations, action.active, changed);
  if (action.view === "details") {
    const from = action.refresh ? { fromQuery: action.refresh.q, fromPage: action.refresh.p } : {};
    return detailsMessage(
      {
        kind: "details",
        record: model.record,
        locations: model.locations,
        now: model.now,
        ...from,
        ...pausedByContext(deps),
      },
      options.viewer,
      { notice },
    );
  }
  const command = action.refresh ? commandOf(action.refresh.q, action.refresh.p) : undefined;
  if (command?.kind !== "search") return plain();
  return runCommand(command, deps, { ...options, share: { notice } });
}
