import { ACTION_IDS } from "@nwh/core/blocks";
import type { App } from "@slack/bolt";
import type { Runtime } from "../../lib/runtime";
import { answerButton } from "./answer-button";

/** A row's menu (an overflow) on a full page: Details, or the confirm step of Pause…/Resume…. */
export function registerRowMenu(app: App, runtime: Runtime): void {
  const listener = answerButton(runtime);
  app.action(ACTION_IDS.rowMenu, listener);
}
