import type { Viewer } from "../blocks/models";
import type { Refusal } from "../service/messages";
import type { AccessPolicy } from "./access-policy";
import type { Request } from "./decode-interaction";

/** The outcome of the rights check: the viewer to build answers for, or why the user is refused. */
export type Verdict = { ok: true; viewer: Viewer } | { ok: false; refusal: Refusal };

/**
 * The one rights check, for every interaction, on the fast path and again in the worker. Every request
 * needs the right to use the bot (`SLACK_ALLOWED_USER_IDS`); a Pause or Resume, and the `pause ID` /
 * `resume ID` command that asks to confirm one, need an admin (`SLACK_ADMIN_USER_IDS`) and are refused
 * before any Nexudus request, so that a non-admin learns nothing about the webhook. Whatever a message
 * showed, the server decides: a forged payload meets the same check.
 */
export function authorize(request: Request, userId: string, access: AccessPolicy): Verdict {
  if (!access.canUse(userId)) return { ok: false, refusal: "use" };
  if (needsAdmin(request) && !access.isAdmin(userId)) return { ok: false, refusal: "admin" };
  return { ok: true, viewer: access.viewer(userId) };
}

function needsAdmin(request: Request): boolean {
  if (request.kind === "click") return request.click.kind === "toggle";
  if (request.kind === "command") return request.command.kind === "pause" || request.command.kind === "resume";
  return false;
}
