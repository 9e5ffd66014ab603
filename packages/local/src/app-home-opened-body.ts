import { eventCallbackBody } from "./event-callback-body";
import { LOCAL_USER } from "./local-identity";

/** The Events API body (JSON) Slack sends when the local user opens the app's Home tab. */
export function appHomeOpenedBody(nowMs: number = Date.now()): string {
  return eventCallbackBody(
    { type: "app_home_opened", user: LOCAL_USER.id, channel: "DLOCAL0001", tab: "home" },
    "ULOCALBOT1",
    nowMs,
  );
}
