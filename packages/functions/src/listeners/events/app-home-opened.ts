import { homeViewFor } from "@nwh/core/service";
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { deliver } from "../../lib/deliver";
import { describeError, logger } from "../../lib/logger";
import type { Runtime } from "../../lib/runtime";
import { withinBudget } from "../../lib/within-budget";

/** Event ids seen by this environment: Slack may deliver one event more than once. */
const seen = new Set<string>();
const MAX_SEEN = 500;

/** True the first time an event id is seen by this environment. */
export function firstDelivery(eventId: string | undefined): boolean {
  if (!eventId) return true;
  if (seen.has(eventId)) return false;
  if (seen.size >= MAX_SEEN) seen.delete(seen.values().next().value as string);
  seen.add(eventId);
  return true;
}

/**
 * `app_home_opened`: publishes the overview on the Home tab. Retries are deduplicated: an event id seen
 * before is dropped, and so is a retry Slack sent because our answer was slow (`http_timeout`), since the
 * first delivery is still at work or done. A retry after an error (`http_error`) is served: publishing is
 * idempotent. `context.retryNum` is the raw header string on Lambda, so it is tested for presence only.
 */
export function appHomeOpened(runtime: Runtime) {
  return async ({
    event,
    body,
    context,
    client,
  }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs) => {
    if (event.tab !== "home") return;
    const retried =
      context.retryNum !== undefined && context.retryNum !== null && String(context.retryNum) !== "";
    if (!firstDelivery(body.event_id) || (retried && context.retryReason === "http_timeout")) {
      logger.info("app_home_opened delivery skipped", { retryNum: String(context.retryNum ?? "") });
      return;
    }
    const viewer = runtime.access.viewer(event.user);
    const outcome = await withinBudget(runtime.answerBudgetMs, (bound) =>
      homeViewFor(runtime.service, { viewer, ...bound }),
    );
    if (outcome.late) {
      try {
        await runtime.dispatcher().dispatch({ kind: "home", userId: event.user });
      } catch (error) {
        logger.error("could not hand the Home tab to the worker", describeError(error));
      }
      return;
    }
    await deliver("publish the Home tab", () =>
      client.views.publish({ user_id: event.user, view: outcome.value }),
    );
  };
}
