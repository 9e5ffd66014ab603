import type {
  AllMiddlewareArgs,
  AnyMiddlewareArgs,
  BlockAction,
  Middleware,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import { arrivalOf } from "../../lib/arrival";
import type { ListenerDeps } from "../types";

type ClickArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** What a click needs from a `block_actions` payload. */
type ClickBody = Pick<
  BlockAction,
  "user" | "response_url" | "channel" | "container" | "view" | "actions" | "trigger_id"
>;

/** The value a click carries: a button's value, or the selected option's. */
function clickValue(action: ClickArgs["action"]): string {
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
  return async ({ ack, body, action, context }: ClickArgs): Promise<void> =>
    handleClick(deps, body, action.action_id, clickValue(action), arrivalOf(context, deps.clock.now()), ack);
}

/**
 * A `block_actions` payload without any action matches no listener (Bolt would answer 404, which Slack
 * shows as an error): it is answered like a button this version does not know.
 */
export function blockActionsWithoutAction(deps: ListenerDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as unknown as { type?: unknown; actions?: unknown };
    const empty =
      body.type === "block_actions" && (!Array.isArray(body.actions) || body.actions.length === 0);
    if (!empty || !("ack" in args) || !args.ack) return args.next();
    const ack = args.ack as () => Promise<void>;
    await handleClick(
      deps,
      args.body as unknown as ClickBody,
      "",
      "",
      arrivalOf(args.context, deps.clock.now()),
      ack,
    );
  };
}

async function handleClick(
  deps: ListenerDeps,
  body: ClickBody,
  actionId: string,
  value: string,
  arrivedAt: number,
  ack: () => Promise<void>,
): Promise<void> {
  const home = (body.view as { type?: string } | undefined)?.type === "home";
  if (!body.response_url && !home) return ack();
  const ephemeral = (body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral === true;
  // Slack sends one action per payload; any further one is kept for the rights check only.
  const more = (Array.isArray(body.actions) ? body.actions.slice(1) : [])
    .map((a) => (a as { action_id?: unknown }).action_id)
    .filter((id): id is string => typeof id === "string")
    .slice(0, 25);
  await deps.pipeline.handle(
    {
      kind: "click",
      actionId,
      value,
      ...(more.length > 0 ? { moreActionIds: more } : {}),
      ...(typeof body.trigger_id === "string" && body.trigger_id ? { triggerId: body.trigger_id } : {}),
      userId: body.user.id,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
      arrivedAt,
      replyTo: body.response_url
        ? { kind: "response_url", url: body.response_url, ephemeral }
        : { kind: "home" },
    },
    () => ack(),
  );
}
