import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { arrivalOf } from "../../lib/arrival";
import type { ListenerDeps } from "../types";

/**
 * `member_joined_channel` as an interaction when the member who joined is the bot itself: someone invited
 * it (back) to `event.channel` (Bolt has acknowledged it already). Anyone else joining a channel the bot
 * is in is ignored here, before the pipeline: no table write. The join's time is the delivery's
 * `event_time` (Slack's, the same on a retry), so a late or repeated delivery records the same moment.
 */
export function memberJoinedChannel(deps: ListenerDeps) {
  return async ({
    event,
    body,
    context,
  }: SlackEventMiddlewareArgs<"member_joined_channel"> & AllMiddlewareArgs) => {
    if (event.user !== (await deps.botUserId())) return;
    const arrivedAt = arrivalOf(context, deps.clock.now());
    const eventTime = (body as { event_time?: unknown }).event_time;
    const joinedAt =
      typeof eventTime === "number" && Number.isInteger(eventTime) && eventTime > 0
        ? eventTime * 1000
        : arrivedAt;
    await deps.pipeline.handle(
      {
        kind: "join",
        userId: event.user,
        channelId: event.channel,
        joinedAt,
        arrivedAt,
        ...(body.event_id ? { eventId: body.event_id } : {}),
      },
      async () => {},
    );
  };
}
