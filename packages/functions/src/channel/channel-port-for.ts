import type { Logger } from "@aws-lambda-powertools/logger";
import type { AlertSlackPort } from "@nwh/core/alerts";
import type { Config } from "@nwh/core/config";
import { WebClient } from "@slack/web-api";
import { slackLogger } from "../lib/slack-logger";
import { webClientChannelPort } from "./web-client-channel-port";

/**
 * The bot's channel port for a configuration: thread lines and updates through a WebClient that waits
 * out a 429 and retries; top-level posts through one that does not retry (the port looks in the channel
 * before posting again). `timeoutMs` bounds each call.
 */
export function channelPortFor(config: Config, logger: Logger, timeoutMs: number): AlertSlackPort {
  const options = { slackApiUrl: config.SLACK_API_URL, logger: slackLogger(logger), timeout: timeoutMs };
  const web = new WebClient(config.SLACK_BOT_TOKEN, {
    ...options,
    // A 429 waits for its Retry-After, then counts as one of these retries.
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 },
  });
  const once = new WebClient(config.SLACK_BOT_TOKEN, {
    ...options,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  return webClientChannelPort(web, { once });
}
