import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../types";
import { blockAction, blockActionsWithoutAction } from "./block-action";

/**
 * Registers the one listener of every click: buttons, overflow menus and selects all become an
 * interaction, which the pipeline decodes (an action id this version does not know included).
 */
export function register(app: App, deps: ListenerDeps): void {
  app.use(blockActionsWithoutAction(deps));
  app.action({ type: "block_actions", action_id: /^.*$/ }, blockAction(deps));
}
