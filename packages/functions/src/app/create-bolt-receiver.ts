import { AwsLambdaReceiver } from "@slack/bolt";
import { requestArrival } from "../lib/arrival";
import { slackLogger } from "../lib/slack-logger";
import type { AppDeps } from "./app-deps";
import { createBoltApp } from "./create-bolt-app";

/** The Bolt app on `AwsLambdaReceiver` (see `createBoltApp`), for the slack Lambda. */
export function createBoltReceiver(deps: AppDeps): AwsLambdaReceiver {
  const receiver = new AwsLambdaReceiver({
    signingSecret: deps.config.SLACK_SIGNING_SECRET,
    logger: slackLogger(deps.logger),
    // Listeners count Slack's 3 s from the request's arrival at API Gateway (`context.requestArrivedAt`).
    customPropertiesExtractor: (event) => requestArrival(event, deps.clock),
  });
  createBoltApp(deps, receiver);
  return receiver;
}
