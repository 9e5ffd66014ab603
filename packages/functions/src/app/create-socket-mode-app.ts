import { SocketModeReceiver } from "@slack/bolt";
import { ARRIVAL_KEY } from "../lib/arrival";
import { slackLogger } from "../lib/slack-logger";
import type { AppDeps } from "./app-deps";
import { createBoltApp } from "./create-bolt-app";

/** A Socket Mode connection to Slack, running the bot's listeners and pipeline. */
export interface SocketModeApp {
  /** Opens the connection (`apps.connections.open`, then the WebSocket); rejects when Slack refuses the token. */
  start(): Promise<void>;
  /** Closes it; no reconnect follows. */
  stop(): Promise<void>;
}

/**
 * The same Bolt app as the Lambda's (`createBoltApp`: the same listeners, the same pipeline) on Bolt's
 * `SocketModeReceiver`: Slack pushes commands, clicks and events over a WebSocket the bot opens with the
 * app-level token (`SLACK_APP_TOKEN`, scope `connections:write`), so no public URL is needed. For trying
 * the bot in a real workspace and for development; production runs on Lambda. Slack's 3 s count from the
 * envelope's receipt here: there is no API Gateway in front.
 */
export function createSocketModeApp(deps: AppDeps, options: { appToken: string }): SocketModeApp {
  const receiver = new SocketModeReceiver({
    appToken: options.appToken,
    logger: slackLogger(deps.logger),
    // The connection's own Web API calls (`apps.connections.open`) go where the bot's go; a few retries,
    // not the client's default hundred.
    installerOptions: {
      clientOptions: {
        slackApiUrl: deps.config.SLACK_API_URL,
        retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 1000 },
      },
    },
    customPropertiesExtractor: () => ({ [ARRIVAL_KEY]: deps.clock.now() }),
  });
  createBoltApp(deps, receiver);
  return {
    start: async () => {
      await receiver.start();
    },
    stop: () => receiver.stop(),
  };
}
