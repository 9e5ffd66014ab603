import { systemClock } from "@nwh/core/clock";
import { requireDigestChannel } from "@nwh/core/config";
import { type DigestDeps, type DigestRunResult, runDigest } from "@nwh/core/digest";
import { WebClient } from "@slack/web-api";
import { webClientDigestPort } from "./lib/digest-slack-port";
import { loadConfig } from "./lib/load-config";
import { describeError, logger, registerSecrets } from "./lib/logger";
import { nexudusClientFor } from "./lib/nexudus-client";
import { slackLogger } from "./lib/slack-logger";

/*
 * The digest function: one run per EventBridge Scheduler invocation. No Bolt here: the bundle stays small
 * and the cold start short. Runs are safe to repeat (runDigest checks the channel's history first).
 */

let deps: Promise<DigestDeps> | undefined;

async function buildDeps(): Promise<DigestDeps> {
  const config = await loadConfig();
  registerSecrets([config.SLACK_BOT_TOKEN, config.SLACK_SIGNING_SECRET, config.NEXUDUS_PASSWORD]);
  const options = { slackApiUrl: config.SLACK_API_URL, logger: slackLogger(), timeout: 5000 };
  const web = new WebClient(config.SLACK_BOT_TOKEN, {
    ...options,
    // A 429 waits for its Retry-After, then counts as one of these retries.
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 },
  });
  // For the digest itself: the port retries it, looking in the channel before posting it again.
  const once = new WebClient(config.SLACK_BOT_TOKEN, {
    ...options,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  return {
    client: nexudusClientFor(config),
    slack: webClientDigestPort(web, { once }),
    clock: systemClock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    config: {
      channel: requireDigestChannel(config),
      timeZone: config.DIGEST_TIMEZONE,
      minErrors: config.DIGEST_MIN_ERRORS,
      allClear: config.DIGEST_ALL_CLEAR,
      botUser: config.NEXUDUS_USERNAME,
    },
    logger: {
      info: (m, extra) => logger.info(m, { ...extra }),
      warn: (m, extra) => logger.warn(m, { ...extra }),
    },
  };
}

/** Runs the digest once; throws when the run failed (so Lambda counts an error and may retry). */
export async function handler(_event?: unknown): Promise<DigestRunResult> {
  try {
    deps ??= buildDeps().catch((error: unknown) => {
      // Not cached: the next invocation reads the configuration anew.
      deps = undefined;
      throw error;
    });
    const result = await runDigest(await deps);
    logger.info("digest run finished", {
      status: result.status,
      date: result.date,
      posted: result.messagesPosted,
    });
    return result;
  } catch (error) {
    logger.error("digest run failed", describeError(error));
    throw error;
  }
}
