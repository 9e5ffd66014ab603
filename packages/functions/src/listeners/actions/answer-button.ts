import { unavailableMessage } from "@nwh/core/service";
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { type ActionInput, answerAction, type Reply } from "../../lib/answer-action";
import { type HomeSender, publishHomeReplies } from "../../lib/home-replies";
import { describeError, logger } from "../../lib/logger";
import { postToResponseUrl, RESPONSE_URL_TIMEOUT_MS } from "../../lib/response-url";
import type { Runtime } from "../../lib/runtime";
import {
  arrivalOf,
  type BudgetOutcome,
  byDeadline,
  type ClickTimes,
  clickTimes,
  withinDeadline,
} from "../../lib/within-budget";
import type { ActionJob, HomeActionJob } from "../../lib/worker-job";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** A post given less than this is not started: it could not finish, and Slack may still show it late. */
export const MIN_POST_MS = 100;

/** A change was made in Nexudus (its audit line is among the replies): the answer must not be dropped. */
const madeChange = (replies: readonly Reply[]): boolean => replies.some((reply) => reply.audit);

/**
 * The listener every button shares. Slack's 3 seconds run from the request's arrival at API Gateway, and on
 * Lambda the HTTP answer (the ack) leaves only when this listener returns, after the `response_url` posts.
 * So one deadline, counted from the arrival, bounds everything (`clickTimes`): the Nexudus work, then
 * either the posts (each given what is left) or the hand-off to the worker. Clicks on the App Home tab
 * have no `response_url`: their answer replaces the tab (from the worker too, when handed over).
 *
 * A Pause/Resume whose write succeeded is never handed over: if the redraw ran out of time, the changed
 * row is the answer. If time ran out before the write was confirmed, the worker gets the click and runs
 * it again; the toggle reads the webhook first and does not write a state it already has. Whether this
 * run had started the write travels with the job (`writeStarted`): then a webhook found changed is this
 * click's unconfirmed write, and the worker posts its one audit line; otherwise it posts none.
 */
export function answerButton(runtime: Runtime) {
  return async ({ ack, body, action, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    if (action.type !== "button" && action.type !== "overflow") return;
    const times = clickTimes({
      arrivedAt: arrivalOf(context, Date.now()),
      answerBudgetMs: runtime.answerBudgetMs,
    });
    const input: ActionInput = {
      actionId: action.action_id,
      // An overflow menu's click carries the chosen option's value.
      value: (action.type === "overflow" ? action.selected_option.value : action.value) ?? "",
      userId: body.user.id,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
      fromEphemeral: (body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral === true,
      ...(body.response_url ? {} : { home: true }),
    };
    let writeStarted = false;
    const outcome = await withinDeadline(
      times.workDeadline,
      (bound) =>
        answerAction(input, runtime, bound, () => {
          writeStarted = true;
        }),
      { keep: madeChange },
    );
    // Out of time after the write went out: the worker must announce the change it may find made.
    const handedOver = writeStarted ? { ...input, writeStarted: true as const } : input;

    const responseUrl = body.response_url;
    if (!responseUrl) return answerHome(runtime, client, handedOver, outcome, times);
    if (!outcome.late) {
      await postReplies(responseUrl, outcome.value, times.deadline);
      return;
    }
    const job: ActionJob = { kind: "action", ...handedOver, responseUrl };
    try {
      await byDeadline(times.deadline, runtime.dispatcher().dispatch(job));
    } catch (error) {
      logger.error("could not hand the click to the worker", describeError(error));
      await postReplies(
        responseUrl,
        [{ message: unavailableMessage(), responseType: "ephemeral", replaceOriginal: false }],
        times.deadline,
      );
    }
  };
}

/**
 * Posts replies to the `response_url` in order (the answer before its audit line), each with a timeout of
 * what is left before `deadline` (at most the usual Slack call timeout). A reply there is no time left
 * for is logged, not posted. Failures are logged: the click was handled, there is nobody left to tell.
 */
export async function postReplies(
  responseUrl: string,
  replies: readonly Reply[],
  deadline: number,
  options: { now?: () => number; fetch?: typeof fetch } = {},
): Promise<void> {
  const now = options.now ?? Date.now;
  for (const reply of replies) {
    const left = deadline - now();
    if (left < MIN_POST_MS) {
      logger.error("no time left to post to the response_url", { audit: reply.audit === true, leftMs: left });
      return;
    }
    try {
      await postToResponseUrl(responseUrl, reply.message, {
        responseType: reply.responseType,
        replaceOriginal: reply.replaceOriginal,
        timeoutMs: Math.min(RESPONSE_URL_TIMEOUT_MS, left),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
    } catch (error) {
      logger.error("could not post to the response_url", {
        audit: reply.audit === true,
        ...describeError(error),
      });
    }
  }
}

/**
 * A click on the App Home tab: the answer becomes the tab, a change's audit line goes to `DIGEST_CHANNEL`.
 * Out of time, the click itself goes to the worker (a Pause must not turn into a mere redraw).
 */
async function answerHome(
  runtime: Runtime,
  client: WebClient,
  input: ActionInput,
  outcome: BudgetOutcome<Reply[]>,
  times: ClickTimes,
): Promise<void> {
  const send: HomeSender = (what, call) => sendBy(what, times, call);
  if (outcome.late) {
    const job: HomeActionJob = {
      kind: "home-action",
      actionId: input.actionId,
      value: input.value,
      userId: input.userId,
      ...(input.writeStarted ? { writeStarted: true } : {}),
    };
    await send("hand the Home tab click to the worker", () => runtime.dispatcher().dispatch(job));
    return;
  }
  await publishHomeReplies(runtime, client, input.userId, outcome.value, send);
}

/** Sends something to Slack by the click's deadline; a failure or running out of time is logged. */
async function sendBy(what: string, times: ClickTimes, send: () => Promise<unknown>): Promise<void> {
  try {
    await byDeadline(times.deadline, send());
  } catch (error) {
    logger.error(`could not ${what}`, describeError(error));
  }
}
