import { eventCallbackBody } from "./event-callback-body";
import type { LocalChannel } from "./local-channels";
import { LOCAL_TEAM, LOCAL_USER } from "./local-identity";

/**
 * The Events API body (JSON) Slack sends when the local user invites the bot (`botUserId`) to `channel`:
 * `member_joined_channel` naming the bot, at `nowMs`.
 */
export function memberJoinedChannelBody(
  botUserId: string,
  channel: LocalChannel,
  nowMs: number = Date.now(),
): string {
  return eventCallbackBody(
    {
      type: "member_joined_channel",
      user: botUserId,
      channel: channel.id,
      channel_type: "C",
      team: LOCAL_TEAM.id,
      inviter: LOCAL_USER.id,
    },
    botUserId,
    nowMs,
  );
}
