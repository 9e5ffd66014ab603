import type { App } from "@slack/bolt";
import type { Runtime } from "../../lib/runtime";
import { webhooksCommand } from "./webhooks-command";

/** The slash command of the manifest. */
export const SLASH_COMMAND = "/webhooks";

/** Registers the command listeners. */
export function register(app: App, runtime: Runtime): void {
  app.command(SLASH_COMMAND, webhooksCommand(runtime));
}
