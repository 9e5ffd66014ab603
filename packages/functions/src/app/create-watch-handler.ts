import type { Logger } from "@aws-lambda-powertools/logger";
import {
  alertConfigOf,
  channelRouter,
  runWatch,
  type WatchDeps,
  type WatchRunResult,
} from "@nwh/core/alerts";
import { type Clock, systemClock } from "@nwh/core/clock";
import type { Config } from "@nwh/core/config";
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

/** What the watch handler runs on. */
export interface WatchHandlerDeps {
  logger: Logger;
  watch: WatchDeps;
}

/** The watch Lambda's handler. */
export type WatchHandler = (event?: unknown, context?: Context) => Promise<WatchRunResult>;

/**
 * Builds the watch's dependencies for a configuration: the Nexudus client (sharing the token and the
 * limits with the other functions through the table), the channel port, the alert store, and where alerts
 * go (`ALERT_CHANNEL`, else `DIGEST_CHANNEL`).
 */
export function buildWatchDeps(
  config: Config,
  options: { tuning?: Tuning; clock?: Clock; logger?: Logger; store?: AppStore } = {},
): WatchHandlerDeps {
  const logger = options.logger ?? createLogger({ secrets: secretValuesOf(config) });
  const clock = options.clock ?? systemClock;
  const table = tableClient(tableLocationOf(config));
  const store = options.store ?? dynamoStore(table, clock);
  const tokenCache = sharedTokenCacheFor(config, store, clock);
  const alerts = alertConfigOf(config);
  const target = alerts.channel ? { channel: alerts.channel, mention: alerts.mention } : undefined;
  return {
    logger,
    watch: {
      client: nexudusClientFor(config, {
        logger,
        clock,
        limiter: options.tuning?.nexudusLimiter !== false,
        rateBudget: sharedRateBudgetFor(config, store, clock),
        ...(tokenCache ? { tokenCache } : {}),
      }),
      slack: channelPortFor(config, logger, TIMING.backgroundCallTimeoutMs),
      store: dynamoAlertStore(table, clock),
      leases: store.leases,
      clock,
      config: alerts,
      route: channelRouter(target),
      channels: target ? [target.channel] : [],
      logger: {
        info: (m, extra) => logger.info(m, { ...extra }),
        warn: (m, extra) => logger.warn(m, { ...extra }),
      },
    },
  };
}

/** The watch's dependencies from an environment (and the secret it names). */
export async function loadWatchDeps(env: Record<string, string | undefined>): Promise<WatchHandlerDeps> {
  return buildWatchDeps(await loadConfig({ env }), { tuning: loadTuning(env) });
}

/**
 * The watch function: one poll per EventBridge Scheduler invocation (every five minutes by default). Safe
 * to deliver twice or to overlap: a poll takes the watch's lease. It throws when the poll could not read
 * Nexudus (or the table), so Lambda counts an error and the alarm fires.
 */
export function createWatchHandler(load: () => Promise<WatchHandlerDeps>): WatchHandler {
  const deps = once(load);
  return async (_event, context) => {
    let built: WatchHandlerDeps;
    try {
      built = await deps();
    } catch (error) {
      const logger = createLogger();
      if (context) logger.addContext(context);
      logger.error("watch poll failed", describeError(error));
      throw error;
    }
    const { logger } = built;
    if (context) logger.addContext(context);
    try {
      const result = await runWatch(built.watch);
      logger.info("watch poll finished", { ...result });
      return result;
    } catch (error) {
      logger.error("watch poll failed", describeError(error));
      throw error;
    }
  };
}
