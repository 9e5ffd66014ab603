import { ACTION_IDS } from "../blocks/action-ids";
import { parseCommand } from "../query/parse-command";
import { QUERY_LIMITS } from "../query/query-limits";
import type { Command, QueryError } from "../query/query-types";
import { type Click, decodeClick, isWriteClick, type WriteClick } from "../service/execute-action";
import type { Interaction } from "./interaction";

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

/** Buttons that change Nexudus. */
const ADMIN_ACTIONS: ReadonlySet<string> = new Set([
  ACTION_IDS.pause,
  ACTION_IDS.resume,
  ACTION_IDS.incidentMute,
  ACTION_IDS.incidentResume,
  ACTION_IDS.unmute,
]);

const strongest = (rights: readonly Right[]): Right => (rights.includes("admin") ? "admin" : "use");

/** Decodes an interaction (untrusted text and values included) and the right it needs. Never throws. */
export function decodeInteraction(interaction: Interaction): Request {
  switch (interaction.kind) {
    case "command": {
      const parsed = parseCommand(interaction.text);
      return parsed.ok
        ? { kind: "command", command: parsed.command, right: rightOfCommand(parsed.command) }
        : { kind: "query-error", errors: parsed.errors, right: "use" };
    }
    case "click": {
      const click = decodeClick(interaction.actionId, interaction.value);
      // A forged payload may hide a Pause behind a harmless first action: the strongest right counts.
      const more = (interaction.moreActionIds ?? []).map(
        (id): Right => (ADMIN_ACTIONS.has(id) ? "admin" : "use"),
      );
      const right = strongest([rightOfClick(click), ...more]);
      return click
        ? { kind: "click", click, right }
        : { kind: "outdated", actionId: interaction.actionId, right };
    }
    case "home":
      return { kind: "home", right: "use" };
  }
}

/** Whether the request changes Nexudus (a Pause/Resume click): such a request runs in the worker only. */
export function isWrite(request: Request): request is Request & { kind: "click"; click: WriteClick } {
  return request.kind === "click" && isWriteClick(request.click);
}

/**
 * Whether the request runs in the worker only: a change to Nexudus, the setup check, and an incident button's change
 * (its table write, its thread line and its redraw take Slack calls that the 3-second answer cannot wait for).
 */
export function runsInWorker(request: Request): boolean {
  if (isWrite(request) || isSetupCheck(request)) return true;
  if (request.kind !== "click") return false;
  const click = request.click;
  return click.kind === "unmute" || (click.kind === "incident" && click.action !== "details");
}

/** Whether the request is the setup check, which takes longer than Slack's 3 s and so runs in the worker. */
export function isSetupCheck(request: Request): boolean {
  return request.kind === "command" && request.command.kind === "doctor";
}
