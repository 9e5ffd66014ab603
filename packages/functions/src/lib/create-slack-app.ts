import { App, AwsLambdaReceiver } from "@slack/bolt";
import { register as registerActions } from "../listeners/actions";
import { register as registerCommands } from "../listeners/commands";
import { register as registerEvents } from "../listeners/events";
import { answerUnknownActions } from "../middleware/answer-unknown-actions";
import { authorizeRequest } from "../middleware/authorize-request";
import { fetchWithTimeout } from "./fetch-with-timeout";
import type { Runtime } from "./runtime";
import { slackLogger } from "./slack-logger";
import { requestArrival } from "./within-budget";

/** Slack Web API and `response_url` calls give up after this long (WebClient's default is no limit). */
export const SLACK_CALL_TIMEOUT_MS = 2500;

/**
 * Builds the Bolt app on `AwsLambdaReceiver`. No `auth.test`, ever: `authorize` hands Bolt the bot token
 * (with `token` and `tokenVerificationEnabled: false` Bolt would still call it on the first request of each
 * cold start). The WebClient gets a short timeout and one retry: ten retries over half an hour are useless
 * inside a 3-second window.
 */
export function createSlackApp(runtime: Runtime): { app: App; receiver: AwsLambdaReceiver } {
  const { config } = runtime;
  const logger = slackLogger();
  const receiver = new AwsLambdaReceiver({
    signingSecret: config.SLACK_SIGNING_SECRET,
    logger,
    // Listeners count Slack's 3 s from the request's arrival at API Gateway (`context.requestArrivedAt`).
    customPropertiesExtractor: (event) => requestArrival(event),
  });
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: config.SLACK_BOT_TOKEN }),
    // AwsLambdaReceiver always answers after the listeners; stated for readers and other receivers.
    processBeforeResponse: true,
    // Both default middlewares serve message events, which this app does not subscribe to.
    ignoreSelf: false,
    convoStore: false,
    logger,
    clientOptions: {
      slackApiUrl: config.SLACK_API_URL,
      timeout: SLACK_CALL_TIMEOUT_MS,
      retryConfig: { retries: 1, minTimeout: 100, maxTimeout: 300 },
      fetch: fetchWithTimeout(SLACK_CALL_TIMEOUT_MS),
    },
  });
  app.use(authorizeRequest(runtime));
  // After the rights check: a click on a button this version does not know is answered, not a 404.
  app.use(answerUnknownActions(runtime));
  registerCommands(app, runtime);
  registerActions(app, runtime);
  registerEvents(app, runtime);
  return { app, receiver };
}
