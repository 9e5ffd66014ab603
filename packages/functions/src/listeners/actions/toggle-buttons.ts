import { ACTION_IDS } from "@nwh/core/blocks";
import type { App } from "@slack/bolt";
import type { Runtime } from "../../lib/runtime";
import { answerButton } from "./answer-button";

/** Pause and Resume: admins only (checked by the middleware and again in answerAction), behind a confirm dialog. */
export function registerToggleButtons(app: App, runtime: Runtime): void {
  const listener = answerButton(runtime);
  app.action(ACTION_IDS.pause, listener);
  app.action(ACTION_IDS.resume, listener);
}
