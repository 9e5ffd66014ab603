import { randomBytes } from "node:crypto";
import { LOCAL_APP_ID, LOCAL_TEAM, LOCAL_USER } from "./local-identity";

/** The Events API body (JSON) Slack sends when the local user opens the app's Home tab. */
export function appHomeOpenedBody(nowMs: number = Date.now()): string {
  const eventTs = (nowMs / 1000).toFixed(6);
  return JSON.stringify({
    token: "local-verification-token",
    team_id: LOCAL_TEAM.id,
    api_app_id: LOCAL_APP_ID,
    type: "event_callback",
    event_id: `Ev${randomBytes(5).toString("hex").toUpperCase()}`,
    event_time: Math.floor(nowMs / 1000),
    event: {
      type: "app_home_opened",
      user: LOCAL_USER.id,
      channel: "DLOCAL0001",
      tab: "home",
      event_ts: eventTs,
    },
    authorizations: [
      { team_id: LOCAL_TEAM.id, user_id: "ULOCALBOT1", is_bot: true, is_enterprise_install: false },
    ],
  });
}
