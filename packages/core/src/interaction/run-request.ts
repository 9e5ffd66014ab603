import { section } from "../blocks/block-kit";
import { queryErrorMessage } from "../blocks/error-messages";
import type { Viewer } from "../blocks/models";
import { runClick } from "../service/execute-action";
import { runCommand } from "../service/execute-command";
import { type HomeView, homeAnswerView, loadHomeView } from "../service/home-view";
import { outdatedActionMessage, shareNeedsChannelMessage } from "../service/messages";
import { runIncidentClick } from "../service/run-incident-click";
import type { ServiceDeps } from "../service/service-types";
import { SLACK_LIMITS } from "../slack/limits";
import {
  loadSettingsBlocks,
  runSubscription,
  type SubscriptionPorts,
  type SubscriptionResult,
} from "../subscriptions/run-subscription";
import { subscriptionsUnavailableMessage } from "../subscriptions/subscription-messages";
import type { Deadline } from "../time/deadline";
import type { Request } from "./decode-interaction";
import type { Interaction, ReplyTo } from "./interaction";
import type { Reply } from "./ports";

/** What a request may need besides the search service: the subscriptions, and the interaction itself. */
export interface RequestContext {
  /** The interaction the request came from (its channel, its arrival). */
  interaction?: Interaction;
  /** The channel subscriptions; absent: the bot has none (answered as unavailable). */
  subscriptions?: SubscriptionPorts;
}

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
  context: RequestContext = {},
): Promise<Reply[]> {
  return forTarget(await repliesOf(request, replyTo, viewer, deps, deadline, context), replyTo);
}

async function repliesOf(
  request: Request,
  replyTo: ReplyTo,
  viewer: Viewer,
  deps: ServiceDeps,
  deadline: Deadline,
  context: RequestContext,
): Promise<Reply[]> {
  const options = { viewer, deadline };
  switch (request.kind) {
    case "query-error":
      return [{ to: "clicker", message: queryErrorMessage(request.errors), replace: true }];
    case "outdated":
      return [{ to: "clicker", message: outdatedActionMessage() }];
    case "home":
      return [await homeReply(viewer, deps, deadline, context)];
    case "subscription": {
      const ports = context.subscriptions;
      if (!ports) return [{ to: "clicker", message: subscriptionsUnavailableMessage() }];
      const interaction = context.interaction;
      const result = await runSubscription(
        request.op,
        {
          viewer,
          arrivedAt: interaction?.arrivedAt ?? deps.clock.now(),
          home: replyTo.kind === "home",
          ...(interaction?.channelId ? { channelId: interaction.channelId } : {}),
        },
        ports,
        deps,
        deadline,
      );
      return subscriptionReplies(result, viewer, deps, deadline, context);
    }
    case "command":
      // A command's answer replaces its "Searching…" when the worker sends it.
      return [{ to: "clicker", message: await runCommand(request.command, deps, options), replace: true }];
    case "click": {
      const click = request.click;
      if (click.kind === "incident" || click.kind === "unmute")
        return runIncidentClick(click, deps, {
          ...options,
          ...(context.interaction?.channelId ? { channelId: context.interaction.channelId } : {}),
        });
      // Only an older Home tab can still show Share: there is no channel to share into.
      if (click.kind === "share" && replyTo.kind === "home")
        return [{ to: "clicker", message: shareNeedsChannelMessage() }];
      const outcome = await runClick(click, deps, options);
      if (outcome.failed) return [{ to: "clicker", message: outcome.message }];
      if (click.kind === "share") return [{ to: "channel", message: outcome.message }];
      const replies: Reply[] = [{ to: "clicker", message: outcome.message, replace: true }];
      // The audit line goes where the change happened, for everyone there to see.
      if (outcome.audit)
        replies.push({
          to: "audit",
          message: outcome.audit,
          ...(outcome.settleAudit ? { settle: outcome.settleAudit } : {}),
        });
      return replies;
    }
  }
}

/**
 * The App Home tab: the overview, and for an admin (with the subscriptions set up) the Settings section
 * under it, with `notice` at its top.
 */
async function homeReply(
  viewer: Viewer,
  deps: ServiceDeps,
  deadline: Deadline,
  context: RequestContext,
  notice?: string,
): Promise<Reply> {
  let view: HomeView;
  try {
    view = await loadHomeView(deps, { viewer, deadline });
  } catch (error) {
    // After a change the tab must still say what was done: the Settings are drawn without the overview.
    if (notice === undefined) throw error;
    view = { type: "home", blocks: [section(":warning: The overview could not be loaded right now.")] };
  }
  if (viewer.isAdmin && context.subscriptions) {
    const room = SLACK_LIMITS.blocksPerView - view.blocks.length;
    const settings = await loadSettingsBlocks(context.subscriptions, deps, {
      room,
      deadline,
      ...(notice ? { notice } : {}),
    });
    view.blocks = [...view.blocks, ...settings];
  }
  return { to: "clicker", message: { text: "Webhooks overview", blocks: view.blocks }, view };
}

/** A subscription result as replies: the answer (or the Home tab drawn again, or the form) and the audit line. */
async function subscriptionReplies(
  result: SubscriptionResult,
  viewer: Viewer,
  deps: ServiceDeps,
  deadline: Deadline,
  context: RequestContext,
): Promise<Reply[]> {
  if (result.kind === "modal")
    return [{ to: "modal", message: { text: "Subscription form", blocks: [] }, modal: result.view }];
  const replies: Reply[] =
    result.kind === "home"
      ? [await homeReply(viewer, deps, deadline, context, result.notice)]
      : [
          {
            to: "clicker",
            message: result.message,
            // A command's "Subscribing…" is always replaced; a clicked message only by a success.
            ...(result.failed && context.interaction?.kind !== "command" ? {} : { replace: true }),
          },
        ];
  if (result.audit)
    replies.push({ to: "audit", message: result.audit.message, channel: result.audit.channel });
  return replies;
}

/** On the Home tab, an answer for the clicker becomes the tab (with a way back to the overview). */
export function forTarget(replies: readonly Reply[], replyTo: ReplyTo): Reply[] {
  if (replyTo.kind !== "home") return [...replies];
  return replies.map((reply) =>
    reply.to === "clicker" && !reply.view ? { ...reply, view: homeAnswerView(reply.message) } : reply,
  );
}
