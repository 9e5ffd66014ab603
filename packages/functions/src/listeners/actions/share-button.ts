import { ACTION_IDS } from "@nwh/core/blocks";
import type { App } from "@slack/bolt";
import type { Runtime } from "../../lib/runtime";
import { answerButton } from "./answer-button";

/** Share: the same answer, posted in the channel for everyone. */
export function registerShareButton(app: App, runtime: Runtime): void {
  const listener = answerButton(runtime);
  app.action(ACTION_IDS.share, listener);
}
