import { ACTION_IDS } from "../blocks/action-ids";
import { SUBSCRIPTION_ACTION_IDS, SUBSCRIPTION_VIEW_ID } from "../blocks/subscription-action-ids";
import { parseCommand } from "../query/parse-command";
import { QUERY_LIMITS } from "../query/query-limits";
import { type Command, isChannelCommand, type QueryError } from "../query/query-types";
import { type Click, decodeClick, isWriteClick, type WriteClick } from "../service/execute-action";
import { readSubscriptionForm } from "../subscriptions/subscription-form";
import {
  decodeSubscriptionClick,
  isSubscriptionWrite,
  needsAdmin,
  type SubscriptionOp,
} from "../subscriptions/subscription-ops";
import type { UserInteraction } from "./interaction";

/** The right a request needs: to use the bot, or to change webhooks. */
export type Right = "use" | "admin";

/** What an interaction asks for, decoded from its text or its button, with the right it needs. */
export type Request = (
  | { kind: "command"; command: Command }
  /** What was typed does not parse: the answer names the mistakes. */
  | { kind: "query-error"; errors: QueryError[] }
  | { kind: "click"; click: Click }
  /** A button this version does not know (an earlier version's, or forged) or a malformed value. */
  | { kind: "outdated"; actionId: string }
  /** The App Home tab's overview. */
  | { kind: "home" }
  /** A channel subscription: subscribe, list, remove, the form opened or submitted. */
  | { kind: "subscription"; op: SubscriptionOp }
) & { right: Right };

/**
 * The right a command needs. `pause ID` and `resume ID` only ask to confirm, but they need an admin all the
 * same, so that a non-admin learns nothing about a webhook through them; so does `doctor`.
 */
function rightOfCommand(command: Command): Right {
  // The setup check describes the whole installation (its accounts, scopes, channels): admins only.
  return command.kind === "pause" || command.kind === "resume" || command.kind === "doctor" ? "admin" : "use";
}

/** The right a click needs, including what a search button's query would run (`pause ID` as a query). */
function rightOfClick(click: Click | undefined): Right {
  if (!click) return "use";
  // A Pause/Resume, and a row menu's Pause…/Resume… that asks to confirm one.
  if (click.kind === "toggle" || click.kind === "confirm") return "admin";
  // An incident's Mute and Resume, and Unmute, change what the watch or Nexudus does.
  if (click.kind === "unmute") return "admin";
  if (click.kind === "incident")
    return click.action === "mute" || click.action === "resume" ? "admin" : "use";
  if (click.kind === "search" || (click.kind === "share" && click.q !== undefined)) {
    const parsed = parseCommand(click.kind === "search" ? click.q : (click.q ?? ""), {
      maxLength: QUERY_LIMITS.maxCanonicalLength,
    });
    return parsed.ok ? rightOfCommand(parsed.command) : "use";
  }
  return "use";
}

/** Buttons that change Nexudus, the incidents' mutes, or the channel subscriptions. */
const ADMIN_ACTIONS: ReadonlySet<string> = new Set([
  ACTION_IDS.pause,
  ACTION_IDS.resume,
  ACTION_IDS.incidentMute,
  ACTION_IDS.incidentResume,
  ACTION_IDS.unmute,
  ...Object.values(SUBSCRIPTION_ACTION_IDS),
]);

/** A subscription request, with its right: every op but listing needs an admin. */
function subscriptionRequest(op: SubscriptionOp, more: readonly Right[] = []): Request {
  return { kind: "subscription", op, right: strongest([needsAdmin(op) ? "admin" : "use", ...more]) };
}

/** A channel command as its subscription op. */
function channelOp(
  command: Extract<Command, { kind: "subscribe" | "subscriptions" | "unsubscribe" }>,
): SubscriptionOp {
  if (command.kind === "subscribe") return { op: "subscribe", terms: command.terms };
  if (command.kind === "unsubscribe") return { op: "unsubscribe", number: command.number };
  return { op: "list" };
}

const strongest = (rights: readonly Right[]): Right => (rights.includes("admin") ? "admin" : "use");

/** Decodes an interaction (untrusted text and values included) and the right it needs. Never throws. */
export function decodeInteraction(interaction: UserInteraction): Request {
  switch (interaction.kind) {
    case "command": {
      const parsed = parseCommand(interaction.text);
      if (parsed.ok && isChannelCommand(parsed.command))
        return subscriptionRequest(channelOp(parsed.command));
      return parsed.ok
        ? { kind: "command", command: parsed.command, right: rightOfCommand(parsed.command) }
        : { kind: "query-error", errors: parsed.errors, right: "use" };
    }
    case "click": {
      // A forged payload may hide a Pause behind a harmless first action: the strongest right counts.
      const more = (interaction.moreActionIds ?? []).map(
        (id): Right => (ADMIN_ACTIONS.has(id) ? "admin" : "use"),
      );
      const subscription = decodeSubscriptionClick(interaction.actionId, interaction.value);
      if (subscription === "malformed")
        return { kind: "outdated", actionId: interaction.actionId, right: strongest(["admin", ...more]) };
      if (subscription) return subscriptionRequest(subscription, more);
      const click = decodeClick(interaction.actionId, interaction.value);
      const right = strongest([rightOfClick(click), ...more]);
      return click
        ? { kind: "click", click, right }
        : { kind: "outdated", actionId: interaction.actionId, right };
    }
    case "home":
      return { kind: "home", right: "use" };
    case "view": {
      // The subscription form is the only view the bot opens; submitting it changes a subscription.
      if (interaction.callbackId !== SUBSCRIPTION_VIEW_ID)
        return { kind: "outdated", actionId: interaction.callbackId, right: "admin" };
      const { form, editing } = readSubscriptionForm(interaction.values, interaction.privateMetadata);
      return subscriptionRequest({ op: "save", form, ...(editing ? { editing } : {}) });
    }
  }
}

/** Whether the request changes the channel subscriptions (a table write): such a request runs in the worker. */
export function isSubscriptionChange(request: Request): request is Request & { kind: "subscription" } {
  return request.kind === "subscription" && isSubscriptionWrite(request.op);
}

/** Whether the request changes Nexudus (a Pause/Resume click): such a request runs in the worker only. */
export function isWrite(request: Request): request is Request & { kind: "click"; click: WriteClick } {
  return request.kind === "click" && isWriteClick(request.click);
}

/**
 * Whether the request runs in the worker only: a change to Nexudus or to the subscriptions, the setup check, and an incident button's change
 * (its table write, its thread line and its redraw take Slack calls that the 3-second answer cannot wait for).
 */
export function runsInWorker(request: Request): boolean {
  if (isWrite(request) || isSetupCheck(request) || isSubscriptionChange(request)) return true;
  if (request.kind !== "click") return false;
  const click = request.click;
  return click.kind === "unmute" || (click.kind === "incident" && click.action !== "details");
}

/** Whether the request is the setup check, which takes longer than Slack's 3 s and so runs in the worker. */
export function isSetupCheck(request: Request): boolean {
  return request.kind === "command" && request.command.kind === "doctor";
}
