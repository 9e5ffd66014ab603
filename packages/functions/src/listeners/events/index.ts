import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../types";
import { appHomeOpened } from "./app-home-opened";
import { memberJoinedChannel } from "./member-joined-channel";

/** Registers the Events API listeners (the manifest subscribes to `app_home_opened`, `member_joined_channel`). */
export function register(app: App, deps: ListenerDeps): void {
  app.event("app_home_opened", appHomeOpened(deps));
  app.event("member_joined_channel", memberJoinedChannel(deps));
}
