import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../types";
import { webhooksCommand } from "./webhooks-command";

/** The slash command of the manifest. */
export const SLASH_COMMAND = "/webhooks";

/** Registers the command listeners. */
export function register(app: App, deps: ListenerDeps): void {
  app.command(SLASH_COMMAND, webhooksCommand(deps));
}
