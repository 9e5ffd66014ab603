import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../types";
import { appHomeOpened } from "./app-home-opened";

/** Registers the Events API listeners (the manifest subscribes to `app_home_opened` only). */
export function register(app: App, deps: ListenerDeps): void {
  app.event("app_home_opened", appHomeOpened(deps));
}
