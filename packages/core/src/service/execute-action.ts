import {
  ACTION_IDS,
  type ActionValue,
  type ActionView,
  actionViewOf,
  decodeActionValue,
  rowChoiceOf,
} from "../blocks/action-ids";
import { detailsMessage } from "../blocks/details-message";
import type { LocationNames, SlackMessage, ToggleResultModel } from "../blocks/models";
import { resumeWarning } from "../blocks/status";
import { auditMessage, toggleConfirmMessage, toggledMessage } from "../blocks/toggle-messages";
import { safeText } from "../blocks/untrusted-text";
import { prepareRecord } from "../blocks/webhook-row";
import { NexudusHttpError, NexudusTimeoutError } from "../nexudus/errors";
import type { WebhookRecord } from "../nexudus/schemas";
import { parseCommand, QUERY_LIMITS, withPage } from "../query";
import type { Command } from "../query/query-types";
import { type AnswerOptions, noSuchWebhook, runCommand } from "./execute-command";
import { namesOrEmpty } from "./load-results";
import { failureMessage, notAllowedFor, outdatedActionMessage } from "./messages";
import { pausedByContext } from "./paused-by-context";
import type { ExecuteOptions, ServiceDeps } from "./service-types";

/** A button click, decoded. Values are untrusted: queries are re-parsed and rights re-checked. */
export type ServiceAction =
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
   * `writeStarted`: an earlier run of this same click ran out of time after starting the write (never
   * set from a button value).
   */
  | {
      kind: "toggle";
      id: number;
      active: boolean;
      refresh?: { q: string; p: number };
      view?: ActionView;
      writeStarted?: boolean;
    };

/** What an action produced: the answer, the audit line of a change, and whether it failed. */
export interface ActionOutcome {
  message: SlackMessage;
  /** After a pause or resume that changed the webhook: the line for the channel, naming who did it. */
  audit?: SlackMessage;
  /** The answer is an error message (it must not replace the message the button was on). */
  failed?: boolean;
}

/**
 * Decodes a button (or a row menu's chosen option: its value) into an action; `undefined` for an unknown
 * id or a malformed value.
 */
export function serviceActionFor(actionId: string, rawValue: unknown): ServiceAction | undefined {
  const value: ActionValue | undefined = decodeActionValue(rawValue);
  if (!value) return undefined;
  switch (actionId) {
    case ACTION_IDS.rowMenu: {
      const choice = rowChoiceOf(rawValue);
      if (value.id === undefined || choice === undefined) return undefined;
      const from = value.q !== undefined ? { from: { q: value.q, p: value.p ?? 1 } } : {};
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
    case ACTION_IDS.details:
      if (value.id === undefined) return undefined;
      return {
        kind: "details",
        id: value.id,
        ...(value.q !== undefined ? { from: { q: value.q, p: value.p ?? 1 } } : {}),
      };
    case ACTION_IDS.share:
      if (value.id === undefined && value.q === undefined) return undefined;
      return { kind: "share", ...value, ...(value.p ? { page: value.p } : {}) };
    case ACTION_IDS.pause:
    case ACTION_IDS.resume: {
      if (value.id === undefined) return undefined;
      const view = actionViewOf(rawValue);
      return {
        kind: "toggle",
        id: value.id,
        active: actionId === ACTION_IDS.resume,
        ...(value.q !== undefined ? { refresh: { q: value.q, p: value.p ?? 1 } } : {}),
        ...(view ? { view } : {}),
      };
    }
    default:
      return undefined;
  }
}

/** Reads a query carried by a button (canonical text may be longer than what a user may type). */
function commandOf(q: string, page: number | undefined): Command | undefined {
  const parsed = parseCommand(q, { maxLength: QUERY_LIMITS.maxCanonicalLength });
  if (!parsed.ok) return undefined;
  const command = parsed.command;
  return command.kind === "search" && page !== undefined
    ? { kind: "search", query: withPage(command.query, page) }
    : command;
}

/** Runs a button click into its answer. Never throws: failures come back as `failed` messages. */
export async function executeAction(
  action: ServiceAction,
  deps: ServiceDeps,
  options: ExecuteOptions,
): Promise<ActionOutcome> {
  try {
    return await runAction(action, deps, options);
  } catch (error) {
    if (options.rethrow?.(error)) throw error;
    return { message: failureMessage(error), failed: true };
  }
}

async function runAction(
  action: ServiceAction,
  deps: ServiceDeps,
  options: ExecuteOptions,
): Promise<ActionOutcome> {
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
      const command: Command | undefined =
        action.id !== undefined ? { kind: "show", id: action.id } : commandOf(action.q ?? "", action.page);
      if (!command || (command.kind !== "search" && command.kind !== "show")) {
        return { message: outdatedActionMessage(), failed: true };
      }
      return { message: await runCommand(command, deps, shared) };
    }
    case "confirm":
      // A member never sees the menu's Pause…; a forged one is refused as a failure (nothing is replaced).
      if (!options.viewer.isAdmin) return { message: notAllowedFor("admin"), failed: true };
      return {
        message: await runCommand({ kind: action.active ? "resume" : "pause", id: action.id }, deps, {
          ...options,
          ...(action.from ? { from: action.from } : {}),
        }),
      };
    case "toggle":
      return toggle(action, deps, options);
  }
}

type ToggleAction = Extract<ServiceAction, { kind: "toggle" }>;

async function toggle(
  action: ToggleAction,
  deps: ServiceDeps,
  options: ExecuteOptions,
): Promise<ActionOutcome> {
  // Checked again here, whatever the caller did: only admins change webhooks.
  if (!options.viewer.isAdmin) return { message: notAllowedFor("admin"), failed: true };
  const call = {
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  // Read alongside; once the write is done, nothing may turn the change into a failure.
  const names = namesOrEmpty(deps, call).catch((): LocationNames => new Map());
  let record: WebhookRecord;
  let changed: boolean;
  try {
    // A stale button (the webhook was changed since it was drawn) or a repeated click: the full record
    // already has the state asked for, so nothing is written and there is no change to audit.
    const readStarted = deps.clock.now();
    const current = await deps.client.getWebhook(action.id, call);
    changed = current.Active !== action.active;
    if (changed) {
      checkTimeToWrite(action.id, deps.clock.now() - readStarted, deps, options);
      options.onWriteStart?.();
    }
    record = changed ? await deps.client.setWebhookActive(action.id, action.active, call) : current;
  } catch (error) {
    if (error instanceof NexudusHttpError && error.status === 404)
      return { message: noSuchWebhook(action.id), failed: true };
    throw error;
  }
  // The earlier run's write landed after its time ran out, unconfirmed and unannounced: the state found is
  // that change, and this run reports it (the one audit line). Otherwise an unchanged webhook gets none.
  const announced = changed || action.writeStarted === true;
  const model: ToggleResultModel = {
    kind: "toggled",
    record,
    active: action.active,
    actorUserId: options.viewer.userId,
    locations: await names,
    now: deps.clock.now(),
    ...pausedByContext(deps),
  };
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

/** A write is a read, the PUT and a read again: three exchanges. */
const WRITE_EXCHANGES = 3;

/**
 * Starts a write only when the time left covers three exchanges as long as the read just made. A write
 * that lands just as the deadline aborts it is confirmed to nobody: the click goes to the worker marked
 * `writeStarted`, which then announces the change it finds. Out of time before the write instead, the
 * worker makes the change and announces it. Either way the answer is cleaner when the write finishes here.
 */
function checkTimeToWrite(id: number, readMs: number, deps: ServiceDeps, options: ExecuteOptions): void {
  if (options.deadline === undefined) return;
  const left = options.deadline - deps.clock.now();
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
