import type { Viewer } from "../blocks/models";
import type { Refusal } from "../service/messages";
import type { AccessPolicy } from "./access-policy";
import { isSetupCheck, type Request } from "./decode-interaction";

/** The outcome of the rights check: the viewer to build answers for, or why the user is refused. */
export type Verdict = { ok: true; viewer: Viewer } | { ok: false; refusal: Refusal };

/**
 * The one rights check, for every interaction, on the fast path and again in the worker. Every request
 * needs the right to use the bot (`SLACK_ALLOWED_USER_IDS`); what needs an admin (`SLACK_ADMIN_USER_IDS`)
 * is decided with the request (`decodeInteraction`) and refused here before any Nexudus request, so that
 * a non-admin learns nothing about the webhook. Whatever a message showed, the server decides: a forged
 * payload meets the same check.
 */
export function authorize(request: Request, userId: string, access: AccessPolicy): Verdict {
  if (!access.canUse(userId)) return { ok: false, refusal: "use" };
  if (request.right === "admin" && !access.isAdmin(userId))
    return { ok: false, refusal: isSetupCheck(request) ? "doctor" : "admin" };
  return { ok: true, viewer: access.viewer(userId) };
}
