import { queryErrorMessage } from "../blocks/error-messages";
import type { Viewer } from "../blocks/models";
import { runClick } from "../service/execute-action";
import { runCommand } from "../service/execute-command";
import { homeAnswerView, loadHomeView } from "../service/home-view";
import { outdatedActionMessage, shareNeedsChannelMessage } from "../service/messages";
import { runIncidentClick } from "../service/run-incident-click";
import type { ServiceDeps } from "../service/service-types";
import type { Deadline } from "../time/deadline";
import type { Request } from "./decode-interaction";
import type { ReplyTo } from "./interaction";
import type { Reply } from "./ports";

/**
 * Runs an authorized request into its replies, shaped for where they go. Paging and details replace an
 * ephemeral message in place; a click on a message in the channel gets a new ephemeral answer, so one
 * user never rewrites what everyone sees; errors never replace the original. On the Home tab an answer
 * becomes the tab. A failure of Nexudus is thrown, for the caller to hand over or explain.
 */
export async function runRequest(
  request: Request,
  replyTo: ReplyTo,
  viewer: Viewer,
  deps: ServiceDeps,
  deadline: Deadline,
  channelId?: string,
): Promise<Reply[]> {
  return forTarget(await repliesOf(request, replyTo, viewer, deps, deadline, channelId), replyTo);
}

async function repliesOf(
  request: Request,
  replyTo: ReplyTo,
  viewer: Viewer,
  deps: ServiceDeps,
  deadline: Deadline,
  channelId: string | undefined,
): Promise<Reply[]> {
  const options = { viewer, deadline };
  switch (request.kind) {
    case "query-error":
      return [{ to: "clicker", message: queryErrorMessage(request.errors), replace: true }];
    case "outdated":
      return [{ to: "clicker", message: outdatedActionMessage() }];
    case "home": {
      const view = await loadHomeView(deps, options);
      return [{ to: "clicker", message: { text: "Webhooks overview", blocks: view.blocks }, view }];
    }
    case "command":
      // A command's answer replaces its "Searching…" when the worker sends it.
      return [{ to: "clicker", message: await runCommand(request.command, deps, options), replace: true }];
    case "click": {
      const click = request.click;
      if (click.kind === "incident" || click.kind === "unmute")
        return runIncidentClick(click, deps, { ...options, ...(channelId ? { channelId } : {}) });
      // Only an older Home tab can still show Share: there is no channel to share into.
      if (click.kind === "share" && replyTo.kind === "home")
        return [{ to: "clicker", message: shareNeedsChannelMessage() }];
      const outcome = await runClick(click, deps, options);
      if (outcome.failed) return [{ to: "clicker", message: outcome.message }];
      if (click.kind === "share") return [{ to: "channel", message: outcome.message }];
      const replies: Reply[] = [{ to: "clicker", message: outcome.message, replace: true }];
      // The audit line goes where the change happened, for everyone there to see.
      if (outcome.audit) replies.push({ to: "audit", message: outcome.audit });
      return replies;
    }
  }
}

/** On the Home tab, an answer for the clicker becomes the tab (with a way back to the overview). */
export function forTarget(replies: readonly Reply[], replyTo: ReplyTo): Reply[] {
  if (replyTo.kind !== "home") return [...replies];
  return replies.map((reply) =>
    reply.to === "clicker" && !reply.view ? { ...reply, view: homeAnswerView(reply.message) } : reply,
  );
}
