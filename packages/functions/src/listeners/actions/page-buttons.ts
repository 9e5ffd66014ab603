import { ACTION_IDS } from "@nwh/core/blocks";
import type { App } from "@slack/bolt";
import type { Runtime } from "../../lib/runtime";
import { answerButton } from "./answer-button";

/** Next and Previous: the page replaces the message in place. */
export function registerPageButtons(app: App, runtime: Runtime): void {
  const listener = answerButton(runtime);
  app.action(ACTION_IDS.pageNext, listener);
  app.action(ACTION_IDS.pagePrev, listener);
}
