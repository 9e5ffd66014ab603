import type { Logger } from "@aws-lambda-powertools/logger";
import { type Clock, systemClock } from "@nwh/core/clock";
import { type Config, requireDigestChannel } from "@nwh/core/config";
import { type DigestDeps, type DigestRunResult, runDigest } from "@nwh/core/digest";
import type { AppStore } from "@nwh/core/store";
import { TIMING } from "@nwh/core/time";
import type { Context } from "aws-lambda";
import { channelPortFor } from "../channel/channel-port-for";
import { loadConfig } from "../config/load-config";
import { loadTuning, type Tuning } from "../config/load-tuning";
import { createLogger, describeError, secretValuesOf } from "../lib/logger";
import { nexudusClientFor, sharedRateBudgetFor, sharedTokenCacheFor } from "../lib/nexudus-client";
import { once } from "../lib/once";
import { dynamoAlertStore } from "../store/dynamo-alert-store";
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
  options: {
    tuning?: Tuning;
    clock?: Clock;
    logger?: Logger;
    store?: AppStore;
    /** Gap between two posts (Slack: about one message a second per channel); 0 for a stub without limits. */
    postIntervalMs?: number;
  } = {},
): DigestHandlerDeps {
  const logger = options.logger ?? createLogger({ secrets: secretValuesOf(config) });
  const clock = options.clock ?? systemClock;
  const table = config.APP_TABLE_NAME ? tableClient(tableLocationOf(config)) : undefined;
  const store = options.store ?? dynamoStore(table ?? tableClient(tableLocationOf(config)), clock);
  // The incidents the watch keeps in the same table: "failing since", and what is being handled.
  const alertStore = table ? dynamoAlertStore(table, clock) : undefined;
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
      slack: channelPortFor(config, logger, TIMING.backgroundCallTimeoutMs),
      store,
      ...(alertStore ? { openIncidents: () => alertStore.openIncidents() } : {}),
      clock,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      config: {
        channel: requireDigestChannel(config),
        timeZone: config.DIGEST_TIMEZONE,
        minErrors: config.DIGEST_MIN_ERRORS,
        allClear: config.DIGEST_ALL_CLEAR,
        botUser: config.NEXUDUS_USERNAME,
        ...(options.postIntervalMs !== undefined ? { postIntervalMs: options.postIntervalMs } : {}),
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
