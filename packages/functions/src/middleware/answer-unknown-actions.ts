import { ACTION_IDS } from "@nwh/core/blocks";
import { homeAnswerView, notAllowedFor, outdatedActionMessage } from "@nwh/core/service";
import type { AllMiddlewareArgs, AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import { describeError, logger } from "../lib/logger";
import type { Runtime } from "../lib/runtime";
import { arrivalOf, byDeadline, clickTimes } from "../lib/within-budget";
import { postReplies } from "../listeners/actions/answer-button";
import { userIdOf } from "./authorize-request";

const KNOWN_ACTIONS: ReadonlySet<string> = new Set(Object.values(ACTION_IDS));

/** Action ids shaped like the bot's own (`webhooks_…`) are logged; anything else could be arbitrary text. */
const LOGGABLE_ACTION_ID = /^[a-z0-9_]{1,64}$/;

type Body = Record<string, unknown>;

/** The `action_id` Bolt routes a `block_actions` payload by (its first action), when it is a string. */
function routedActionId(body: Body): string | undefined {
  const first = Array.isArray(body.actions) ? (body.actions[0] as Body | undefined) : undefined;
  return typeof first?.action_id === "string" ? first.action_id : undefined;
}

/**
 * A button the bot has no listener for (a message drawn by an earlier version, or a forged payload) would
 * get a 404 from Bolt, which Slack shows the user as an error. Runs after `authorizeRequest` (a user without
 * rights was already answered "not allowed" there) and answers the click: acknowledged, and "This button no
 * longer works…" to the clicker alone, through the payload's `response_url` (or in the App Home tab), by the
 * click's deadline. Logged at info with the user and, when it looks like one of ours, the action id.
 */
export function answerUnknownActions(runtime: Runtime): Middleware<AnyMiddlewareArgs> {
  return async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
    const body = args.body as unknown as Body;
    if (body.type !== "block_actions") return args.next();
    const actionId = routedActionId(body);
    if (actionId !== undefined && KNOWN_ACTIONS.has(actionId)) return args.next();

    if ("ack" in args && args.ack) await (args.ack as () => Promise<void>)();
    const times = clickTimes({
      arrivedAt: arrivalOf(args.context, Date.now()),
      answerBudgetMs: runtime.answerBudgetMs,
    });
    const userId = userIdOf(body);
    logger.info("unknown action answered as outdated", {
      userId: userId ?? "unknown",
      actionId: actionId !== undefined && LOGGABLE_ACTION_ID.test(actionId) ? actionId : "(not shown)",
    });
    // Checked again here, whatever ran before: the answer depends on the clicker's rights.
    const message = runtime.access.canUse(userId) ? outdatedActionMessage() : notAllowedFor("use");

    const responseUrl = typeof body.response_url === "string" ? body.response_url : undefined;
    if (responseUrl) {
      const reply = { message, responseType: "ephemeral" as const, replaceOriginal: false };
      await postReplies(responseUrl, [reply], times.deadline);
      return;
    }
    const view = (body.view as Body | undefined)?.type === "home";
    if (!userId || !view) return;
    try {
      await byDeadline(
        times.deadline,
        args.client.views.publish({ user_id: userId, view: homeAnswerView(message) }),
      );
    } catch (error) {
      logger.error("could not publish the Home tab", describeError(error));
    }
  };
}
