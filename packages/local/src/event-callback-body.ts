import { randomBytes } from "node:crypto";
import { LOCAL_APP_ID, LOCAL_TEAM } from "./local-identity";

/**
 * The Events API envelope (JSON) Slack wraps every event of the local workspace in, at `nowMs`, authorised
 * for `botUserId`: one shape for every event local mode plays.
 */
export function eventCallbackBody(event: Record<string, unknown>, botUserId: string, nowMs: number): string {
  return JSON.stringify({
    token: "local-verification-token",
    team_id: LOCAL_TEAM.id,
    api_app_id: LOCAL_APP_ID,
    type: "event_callback",
    event_id: `Ev${randomBytes(5).toString("hex").toUpperCase()}`,
    event_time: Math.floor(nowMs / 1000),
    event: { ...event, event_ts: (nowMs / 1000).toFixed(6) },
    authorizations: [
      { team_id: LOCAL_TEAM.id, user_id: botUserId, is_bot: true, is_enterprise_install: false },
    ],
  });
}
