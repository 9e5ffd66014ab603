import { ACTION_IDS } from "@nwh/core/blocks";
import type { App } from "@slack/bolt";
import type { Runtime } from "../../lib/runtime";
import { answerButton } from "./answer-button";

/** Details: the full record, with its Description. */
export function registerDetailsButton(app: App, runtime: Runtime): void {
  const listener = answerButton(runtime);
  app.action(ACTION_IDS.details, listener);
}
