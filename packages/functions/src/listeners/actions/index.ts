import type { App } from "@slack/bolt";
import type { Runtime } from "../../lib/runtime";
import { registerDetailsButton } from "./details-button";
import { registerDigestShowFailingButton } from "./digest-show-failing-button";
import { registerPageButtons } from "./page-buttons";
import { registerRowMenu } from "./row-menu";
import { registerRunSearchButton } from "./run-search-button";
import { registerShareButton } from "./share-button";
import { registerToggleButtons } from "./toggle-buttons";

/** Registers one listener per button of `ACTION_IDS`. */
export function register(app: App, runtime: Runtime): void {
  registerPageButtons(app, runtime);
  registerDetailsButton(app, runtime);
  registerShareButton(app, runtime);
  registerToggleButtons(app, runtime);
  registerRunSearchButton(app, runtime);
  registerDigestShowFailingButton(app, runtime);
  registerRowMenu(app, runtime);
}
