import { executeCommandText, searchingFor, unavailableMessage } from "@nwh/core/service";
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { describeError, logger } from "../../lib/logger";
import type { Runtime } from "../../lib/runtime";
import { withinBudget } from "../../lib/within-budget";

/**
 * `/webhooks …`. Slack waits 3 seconds for the answer, and on Lambda the HTTP answer leaves only when this
 * listener returns. So the command runs against a budget: on time, the answer is the ack itself; otherwise
 * the ack says "Searching…" and the same work goes to the worker, which posts to `response_url`.
 */
export function webhooksCommand(runtime: Runtime) {
  return async ({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const viewer = runtime.access.viewer(command.user_id);
    const outcome = await withinBudget(runtime.answerBudgetMs, (bound) =>
      executeCommandText(command.text ?? "", runtime.service, { viewer, ...bound }),
    );
    if (!outcome.late) {
      await ack({ response_type: "ephemeral", ...outcome.value });
      return;
    }
    try {
      await runtime.dispatcher().dispatch({
        kind: "command",
        text: command.text ?? "",
        userId: command.user_id,
        ...(command.channel_id ? { channelId: command.channel_id } : {}),
        responseUrl: command.response_url,
      });
      await ack({ response_type: "ephemeral", ...searchingFor(command.text ?? "") });
    } catch (error) {
      logger.error("could not hand the command to the worker", describeError(error));
      await ack({ response_type: "ephemeral", ...unavailableMessage() });
    }
  };
}
