import { describeError, logger } from "./logger";

/**
 * Sends something to Slack from a listener (`respond()`, `views.publish`) where a failure can only be
 * logged: the `response_url` expired or Slack answered 5xx, and there is nobody left to tell. Thrown, it
 * would reach Bolt as an unhandled error and Slack would get a 500 for a request that was handled.
 */
export async function deliver(what: string, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    logger.error(`could not ${what}`, describeError(error));
  }
}
