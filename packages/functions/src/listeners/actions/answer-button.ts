import type { SlackMessage } from "@nwh/core/blocks";
import { homeAnswerView, unavailableMessage } from "@nwh/core/service";
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { type ActionInput, answerAction, type Reply } from "../../lib/answer-action";
import { deliver } from "../../lib/deliver";
import { describeError, logger } from "../../lib/logger";
import { responseBody } from "../../lib/response-url";
import type { Runtime } from "../../lib/runtime";
import { withinBudget } from "../../lib/within-budget";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * A button's share of the answer budget: on Lambda the HTTP answer (the ack) leaves when the listener
 * returns, after the `response_url` posts, so those posts need time too.
 */
export function buttonBudget(runtime: Runtime): number {
  return Math.max(50, Math.round(runtime.answerBudgetMs * 0.75));
}

/**
 * The listener every button shares: ack at once, answer within the budget through `respond()`, or hand the
 * click to the worker. Clicks on the App Home tab have no `response_url`: their answer replaces the tab.
 */
export function answerButton(runtime: Runtime) {
  return async ({ ack, body, action, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    if (action.type !== "button") return;
    const input: ActionInput = {
      actionId: action.action_id,
      value: action.value ?? "",
      userId: body.user.id,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
      fromEphemeral: (body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral === true,
      ...(body.response_url ? {} : { home: true }),
    };
    const outcome = await withinBudget(buttonBudget(runtime), (bound) => answerAction(input, runtime, bound));

    if (!body.response_url) {
      // The App Home tab: the first answer becomes the tab's content (a late one is handed to the worker).
      if (outcome.late) return dispatchHome(runtime, input.userId);
      const answer = outcome.value.find((reply) => !reply.audit);
      if (answer) {
        const view = homeAnswerView(answer.message);
        await deliver("publish the Home tab", () => client.views.publish({ user_id: input.userId, view }));
      }
      const audit = outcome.value.find((reply) => reply.audit);
      if (audit) await postHomeAudit(runtime, client, audit.message);
      return;
    }
    if (!outcome.late) {
      await deliver("post to the response_url", () =>
        postReplies(outcome.value, (reply) => respond(responseBody(reply.message, reply))),
      );
      return;
    }
    try {
      await runtime.dispatcher().dispatch({ kind: "action", ...input, responseUrl: body.response_url });
    } catch (error) {
      logger.error("could not hand the click to the worker", describeError(error));
      await deliver("post to the response_url", () =>
        respond(responseBody(unavailableMessage(), { responseType: "ephemeral", replaceOriginal: false })),
      );
    }
  };
}

/**
 * The audit line of a change made on the App Home tab, which has no channel of its own: posted to
 * `DIGEST_CHANNEL` (the bot is a member there), or, without one, only logged.
 */
async function postHomeAudit(runtime: Runtime, client: WebClient, audit: SlackMessage): Promise<void> {
  const channel = runtime.config.DIGEST_CHANNEL;
  if (!channel) {
    logger.warn(
      "no audit channel: a change made on the App Home tab is not announced (DIGEST_CHANNEL is not set)",
    );
    return;
  }
  await deliver("post the audit line to DIGEST_CHANNEL", () =>
    client.chat.postMessage({ channel, text: audit.text, blocks: audit.blocks }),
  );
}

async function dispatchHome(runtime: Runtime, userId: string): Promise<void> {
  try {
    await runtime.dispatcher().dispatch({ kind: "home", userId });
  } catch (error) {
    logger.error("could not hand the Home tab to the worker", describeError(error));
  }
}

/** Posts replies in order (the result before its audit line). */
export async function postReplies(
  replies: readonly Reply[],
  post: (reply: Reply) => Promise<unknown>,
): Promise<void> {
  for (const reply of replies) await post(reply);
}
