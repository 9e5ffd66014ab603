import { App, type Receiver } from "@slack/bolt";
import { slackLogger } from "../lib/slack-logger";
import { register as registerActions } from "../listeners/actions";
import { register as registerCommands } from "../listeners/commands";
import { register as registerEvents } from "../listeners/events";
import { register as registerUnhandled } from "../listeners/unhandled";
import { register as registerViews } from "../listeners/views";
import type { AppDeps } from "./app-deps";

/**
 * The Bolt app with every listener, on the receiver given (Lambda's or Socket Mode's): the one place the
 * listeners are registered. Bolt never calls `auth.test`: `authorize` hands it the bot token (with `token`
 * and `tokenVerificationEnabled: false` Bolt would still call it on the first request of each cold start);
 * the bot's own user id is asked by the first `member_joined_channel` only (`AppDeps.botUserId`). No
 * global middleware: rights are checked in the pipeline, in one place.
 */
export function createBoltApp(deps: AppDeps, receiver: Receiver): App {
  const { config } = deps;
  const logger = slackLogger(deps.logger);
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: config.SLACK_BOT_TOKEN }),
    // AwsLambdaReceiver always answers after the listeners; stated for readers and other receivers.
    processBeforeResponse: true,
    // Both default middlewares serve message events, which this app does not subscribe to.
    ignoreSelf: false,
    convoStore: false,
    logger,
    clientOptions: { slackApiUrl: config.SLACK_API_URL, retryConfig: { retries: 0 } },
  });
  const listenerDeps = { pipeline: deps.pipeline, clock: deps.clock, botUserId: deps.botUserId };
  registerCommands(app, listenerDeps);
  registerActions(app, listenerDeps);
  registerEvents(app, listenerDeps);
  registerViews(app, listenerDeps);
  registerUnhandled(app);
  return app;
}
