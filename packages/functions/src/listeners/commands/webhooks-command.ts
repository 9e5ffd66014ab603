import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { arrivalOf } from "../../lib/arrival";
import type { ListenerDeps } from "../types";

/** `/webhooks …` as an interaction; its answer is the ack itself (an ephemeral message) when on time. */
export function webhooksCommand(deps: ListenerDeps) {
  return async ({ command, ack, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await deps.pipeline.handle(
      {
        kind: "command",
        text: command.text ?? "",
        userId: command.user_id,
        ...(command.channel_id ? { channelId: command.channel_id } : {}),
        arrivedAt: arrivalOf(context, deps.clock.now()),
        replyTo: { kind: "response_url", url: command.response_url, ephemeral: true },
      },
      (answer) => ack(answer && "blocks" in answer ? { response_type: "ephemeral", ...answer } : undefined),
    );
  };
}
