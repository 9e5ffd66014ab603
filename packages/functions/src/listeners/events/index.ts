import type { App } from "@slack/bolt";
import type { Runtime } from "../../lib/runtime";
import { appHomeOpened } from "./app-home-opened";

/** Registers the Events API listeners (the manifest subscribes to `app_home_opened` only). */
export function register(app: App, runtime: Runtime): void {
  app.event("app_home_opened", appHomeOpened(runtime));
}
