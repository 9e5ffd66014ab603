import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { arrivalOf } from "../../lib/arrival";
import type { ListenerDeps } from "../types";

type ClickArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The value a click carries: a button's value, or the selected option's. */
function valueOf(action: ClickArgs["action"]): string {
  if (action.type === "button") return action.value ?? "";
  if ("selected_option" in action && action.selected_option) return action.selected_option.value ?? "";
  return "";
}

/**
 * A click as an interaction. The user is `body.user.id`, the field Slack defines for `block_actions`.
 * A click on a message answers through its `response_url`; one on the App Home tab (which has none)
 * answers in the tab. A click anywhere else (a modal) has nowhere to answer yet and is only acknowledged.
 */
export function blockAction(deps: ListenerDeps) {
  return async ({ ack, body, action, context }: ClickArgs): Promise<void> => {
    const home = (body.view as { type?: string } | undefined)?.type === "home";
    if (!body.response_url && !home) return ack();
    const ephemeral = (body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral === true;
    await deps.pipeline.handle(
      {
        kind: "click",
        actionId: action.action_id,
        value: valueOf(action),
        userId: body.user.id,
        ...(body.channel?.id ? { channelId: body.channel.id } : {}),
        arrivedAt: arrivalOf(context, deps.clock.now()),
        replyTo: body.response_url ? { kind: "response_url", url: body.response_url, ephemeral } : { kind: "home" },
      },
      () => ack(),
    );
  };
}
