import { ACTION_IDS } from "@nwh/core/blocks";
import type { App } from "@slack/bolt";
import type { Runtime } from "../../lib/runtime";
import { answerButton } from "./answer-button";

/** The digest's Show failing button: the failing search, ephemerally, to whoever clicked. */
export function registerDigestShowFailingButton(app: App, runtime: Runtime): void {
  const listener = answerButton(runtime);
  app.action(ACTION_IDS.digestShowFailing, listener);
}
