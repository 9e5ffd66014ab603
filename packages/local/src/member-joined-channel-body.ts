import { randomBytes } from "node:crypto";
import type { LocalChannel } from "./local-channels";
import { LOCAL_APP_ID, LOCAL_TEAM, LOCAL_USER } from "./local-identity";

/**
 * The Events API body (JSON) Slack sends when the local user invites the bot (`botUserId`) to `channel`:
 * `member_joined_channel` naming the bot, at `nowMs`.
 */
export function memberJoinedChannelBody(
  botUserId: string,
  channel: LocalChannel,
  nowMs: number = Date.now(),
): string {
  return JSON.stringify({
    token: "local-verification-token",
    team_id: LOCAL_TEAM.id,
    api_app_id: LOCAL_APP_ID,
    type: "event_callback",
    event_id: `Ev${randomBytes(5).toString("hex").toUpperCase()}`,
    event_time: Math.floor(nowMs / 1000),
    event: {
      type: "member_joined_channel",
      user: botUserId,
      channel: channel.id,
      channel_type: "C",
      team: LOCAL_TEAM.id,
      inviter: LOCAL_USER.id,
      event_ts: (nowMs / 1000).toFixed(6),
    },
    authorizations: [
      { team_id: LOCAL_TEAM.id, user_id: botUserId, is_bot: true, is_enterprise_install: false },
    ],
  });
}
