import { ACTION_IDS, type ActionValue, decodeActionValue } from "../blocks/action-ids";
import type { SlackMessage } from "../blocks/models";
import { auditMessage, toggledMessage } from "../blocks/toggle-messages";
import { NexudusHttpError } from "../nexudus/errors";
import { parseCommand, QUERY_LIMITS, withPage } from "../query";
import type { Command } from "../query/query-types";
import { type AnswerOptions, noSuchWebhook, runCommand } from "./execute-command";
import { namesOrEmpty } from "./load-results";
import { failureMessage, notAllowedFor, outdatedActionMessage } from "./messages";
import type { ExecuteOptions, ServiceDeps } from "./service-types";

/** A button click, decoded. Values are untrusted: queries are re-parsed and rights re-checked. */
export type ServiceAction =
  /** Paging, a common search, the digest's "Show failing": the search `q` (at page `p`). */
  | { kind: "search"; q: string; page?: number }
  /** One webhook in full (remembering the search it came from). */
  | { kind: "details"; id: number; from?: { q: string; p: number } }
  /** The same answer for the channel: a search (`q`, `p`) or one webhook (`id`). */
  | { kind: "share"; q?: string; page?: number; id?: number }
  /** Pause (`active: false`) or resume (`active: true`). */
  | { kind: "toggle"; id: number; active: boolean };

/** What an action produced: the answer, the audit line of a change, and whether it failed. */
export interface ActionOutcome {
  message: SlackMessage;
  /** After a pause or resume: the line for the channel, naming who did it. */
  audit?: SlackMessage;
  /** The answer is an error message (it must not replace the message the button was on). */
  failed?: boolean;
}

/** Decodes a button into an action; `undefined` for an unknown id or a malformed value. */
export function serviceActionFor(actionId: string, rawValue: unknown): ServiceAction | undefined {
  const value: ActionValue | undefined = decodeActionValue(rawValue);
  if (!value) return undefined;
  switch (actionId) {
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
    case ACTION_IDS.resume:
      return value.id === undefined
        ? undefined
        : { kind: "toggle", id: value.id, active: actionId === ACTION_IDS.resume };
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
    case "toggle":
      return toggle(action.id, action.active, deps, options);
  }
}

async function toggle(
  id: number,
  active: boolean,
  deps: ServiceDeps,
  options: ExecuteOptions,
): Promise<ActionOutcome> {
  // Checked again here, whatever the caller did: only admins change webhooks.
  if (!options.viewer.isAdmin) return { message: notAllowedFor("admin"), failed: true };
  const call = {
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  let record: Awaited<ReturnType<ServiceDeps["client"]["setWebhookActive"]>>;
  try {
    record = await deps.client.setWebhookActive(id, active, call);
  } catch (error) {
    if (error instanceof NexudusHttpError && error.status === 404)
      return { message: noSuchWebhook(id), failed: true };
    throw error;
  }
  const locations = await namesOrEmpty(deps, call);
  const model = {
    kind: "toggled" as const,
    record,
    active,
    actorUserId: options.viewer.userId,
    locations,
    now: deps.clock.now(),
  };
  return { message: toggledMessage(model), audit: auditMessage(model) };
}
