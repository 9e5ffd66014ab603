/*
 * Local mode's building blocks, for tests and tools. `main.ts` (`npm start`) and `digest-once.ts`
 * (`npm run digest`) are the entry points; importing this file starts nothing.
 */

export { blockActionsBody } from "./block-actions-body";
export { blockKitBuilderUrl } from "./block-kit-builder-url";
export { createLambdaContext } from "./create-lambda-context";
export {
  createInProcessDispatcher,
  DispatcherClosedError,
  type InProcessDispatcher,
  type JobDispatcher,
} from "./in-process-dispatcher";
export { DEV_BOT_TOKEN, LOCAL_APP_ID, LOCAL_CHANNEL, LOCAL_TEAM, LOCAL_USER } from "./local-identity";
export { mrkdwnToTerminal } from "./mrkdwn-to-terminal";
export {
  type RenderedButton,
  type RenderedMessage,
  type RenderOptions,
  renderMessage,
} from "./render-message";
export { REPL_HELP, type ReplOptions, runRepl } from "./repl";
export {
  LOCAL_CONFIG_NAMES,
  type LocalConfig,
  type LocalConfigName,
  resolveLocalConfig,
} from "./resolve-local-config";
export { sendApiGatewayResult } from "./send-api-gateway-result";
export { slashCommandBody } from "./slash-command-body";
export { type LocalMode, startLocalMode } from "./start-local-mode";
export { type LocalServer, SLACK_ROUTE, type SlackHandler, startLocalServer } from "./start-local-server";
export { toApiGatewayEvent } from "./to-api-gateway-event";
