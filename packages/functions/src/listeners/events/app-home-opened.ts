import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { arrivalOf } from "../../lib/arrival";
import type { ListenerDeps } from "../types";

/**
 * `app_home_opened` on the Home tab as an interaction (Bolt has acknowledged it already). The user is
 * `event.user`, the field Slack defines for this event; the delivery's id and retry reason let the
 * pipeline drop repeats. `context.retryReason` is the raw `X-Slack-Retry-Reason` header on Lambda.
 */
export function appHomeOpened(deps: ListenerDeps) {
  return async ({
    event,
    body,
    context,
  }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs) => {
    if (event.tab !== "home") return;
    const retryReason = typeof context.retryReason === "string" ? context.retryReason : undefined;
    await deps.pipeline.handle(
      {
        kind: "home",
        userId: event.user,
        arrivedAt: arrivalOf(context, deps.clock.now()),
        ...(body.event_id ? { eventId: body.event_id } : {}),
        ...(retryReason ? { retryReason } : {}),
        replyTo: { kind: "home" },
      },
      async () => {},
    );
  };
}
