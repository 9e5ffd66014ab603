import type { Logger } from "@aws-lambda-powertools/logger";
import { type Clock, systemClock } from "@nwh/core/clock";
import { type Config, requireDigestChannel } from "@nwh/core/config";
import { type DigestDeps, type DigestRunResult, runDigest } from "@nwh/core/digest";
import type { AppStore } from "@nwh/core/store";
import { TIMING } from "@nwh/core/time";
import { WebClient } from "@slack/web-api";
import type { Context } from "aws-lambda";
import { loadConfig } from "../config/load-config";
import { loadTuning, type Tuning } from "../config/load-tuning";
import { webClientDigestPort } from "../digest/web-client-digest-port";
import { createLogger, describeError, secretValuesOf } from "../lib/logger";
import { nexudusClientFor, sharedRateBudgetFor, sharedTokenCacheFor } from "../lib/nexudus-client";
import { once } from "../lib/once";
import { slackLogger } from "../lib/slack-logger";
import { dynamoStore, tableClient, tableLocationOf } from "../store/dynamo-store";

/** What the digest handler runs on. */
export interface DigestHandlerDeps {
  logger: Logger;
  digest: DigestDeps;
}

/** The digest Lambda's handler. */
export type DigestHandler = (event?: unknown, context?: Context) => Promise<DigestRunResult>;

/** Builds the digest's dependencies for a configuration; throws when `DIGEST_CHANNEL` is missing. */
export function buildDigestDeps(
  config: Config,
  options: { tuning?: Tuning; clock?: Clock; logger?: Logger; store?: AppStore } = {},
): DigestHandlerDeps {
  const logger = options.logger ?? createLogger({ secrets: secretValuesOf(config) });
  const slack = {
    slackApiUrl: config.SLACK_API_URL,
    logger: slackLogger(logger),
    timeout: TIMING.backgroundCallTimeoutMs,
  };
  const web = new WebClient(config.SLACK_BOT_TOKEN, {
    ...slack,
    // A 429 waits for its Retry-After, then counts as one of these retries.
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 },
  });
  // For the digest itself: the port retries it, looking in the channel before posting it again.
  const noRetry = new WebClient(config.SLACK_BOT_TOKEN, {
    ...slack,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  const clock = options.clock ?? systemClock;
  const store = options.store ?? dynamoStore(tableClient(tableLocationOf(config)), clock);
  const tokenCache = sharedTokenCacheFor(config, store, clock);
  return {
    logger,
    digest: {
      client: nexudusClientFor(config, {
        logger,
        clock,
        limiter: options.tuning?.nexudusLimiter !== false,
        // The digest's walk is the burst most likely to meet the other environments' requests.
        rateBudget: sharedRateBudgetFor(config, store, clock),
        ...(tokenCache ? { tokenCache } : {}),
      }),
      slack: webClientDigestPort(web, { once: noRetry }),
      store,
      clock,
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
    },
  };
}

/** The digest's dependencies from an environment (and the secret it names). */
export async function loadDigestDeps(env: Record<string, string | undefined>): Promise<DigestHandlerDeps> {
  return buildDigestDeps(await loadConfig({ env }), { tuning: loadTuning(env) });
}

/**
 * The digest function: one run per EventBridge Scheduler invocation. No Bolt here: the bundle stays small
 * and the cold start short. Runs are safe to repeat (runDigest checks the channel's history first). It
 * throws when the run failed, so Lambda counts an error (the alarm) and may retry.
 */
export function createDigestHandler(load: () => Promise<DigestHandlerDeps>): DigestHandler {
  const deps = once(load);
  return async (_event, context) => {
    let built: DigestHandlerDeps;
    try {
      built = await deps();
    } catch (error) {
      const logger = createLogger();
      if (context) logger.addContext(context);
      logger.error("digest run failed", describeError(error));
      throw error;
    }
    const { logger } = built;
    if (context) logger.addContext(context);
    try {
      const result = await runDigest(built.digest);
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
  };
}
