import { SUBSCRIPTION_VIEW_ID } from "@nwh/core/blocks";
import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../types";
import { subscriptionView } from "./subscription-view";

/** Registers the bot's own view submissions: the subscription form. */
export function register(app: App, deps: ListenerDeps): void {
  app.view(SUBSCRIPTION_VIEW_ID, subscriptionView(deps));
}
