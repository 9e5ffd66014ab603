import { createHash } from "node:crypto";
import type { Logger } from "@aws-lambda-powertools/logger";
import { alertConfigOf, runWatch, type WatchDeps, type WatchRunResult } from "@nwh/core/alerts";
import { type Clock, systemClock } from "@nwh/core/clock";
import type { Config } from "@nwh/core/config";
import type { AppStore } from "@nwh/core/store";
import {
  alertRoutesOf,
  type DefaultRoute,
  type Subscription,
  type SubscriptionStore,
} from "@nwh/core/subscriptions";
import { TIMING } from "@nwh/core/time";
import type { Context } from "aws-lambda";
import { channelPortFor } from "../channel/channel-port-for";
import { loadConfig } from "../config/load-config";
import { loadTuning, type Tuning } from "../config/load-tuning";
import { createLogger, secretValuesOf } from "../lib/logger";
import { sharedNexudusClientFor } from "../lib/nexudus-client";
import { scheduledHandler } from "../lib/scheduled-handler";
import { dynamoAlertStore } from "../store/dynamo-alert-store";
import { dynamoStore, tableClient, tableLocationOf } from "../store/dynamo-store";
import { loggedSubscriptions } from "../store/dynamo-subscriptions";

/**
 * A channel's alert routing, as a digest of what routes alerts there (its alert subscriptions, and the
 * configured channel's default route): editing a subscription, or removing and adding it again, changes
 * it, and a channel Slack refused is then tried again at once.
 */
function routingOf(subscriptions: readonly Subscription[], defaults: DefaultRoute) {
  return (channel: string): string => {
    const routes = subscriptions
      .filter((s) => s.channel === channel && s.alerts)
      .map((s) => [s.id, s.query, s.mention.map((m) => m.id)])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const byDefault = defaults.enabled && defaults.channel === channel;
    return createHash("sha256")
      .update(JSON.stringify([byDefault, routes]))
      .digest("hex")
      .slice(0, 16);
  };
}

/** What the watch handler runs on. */
export interface WatchHandlerDeps {
  logger: Logger;
  /** The poll's ports; `route` and `channels` are those of the configured channel alone. */
  watch: WatchDeps;
  /** The channel subscriptions, read at each poll: their routes join the configured channel's. */
  subscriptions: SubscriptionStore;
  /** The configured channel, as a subscription to everything unless `DEFAULT_SUBSCRIPTION=off`. */
  defaults: DefaultRoute;
  /** `DIGEST_MIN_ERRORS`: what `failing` means in a subscription's search. */
  minErrors: number;
}

/** The watch Lambda's handler. */
export type WatchHandler = (event?: unknown, context?: Context) => Promise<WatchRunResult>;

/**
 * Builds the watch's dependencies for a configuration: the Nexudus client (sharing the token and the
 * limits with the other functions through the table), the channel port, the alert store, and where alerts
 * go (`ALERT_CHANNEL`, else `DIGEST_CHANNEL`, and the channel subscriptions).
 */
export function buildWatchDeps(
  config: Config,
  options: {
    tuning?: Tuning;
    clock?: Clock;
    logger?: Logger;
    store?: AppStore;
    subscriptions?: SubscriptionStore;
  } = {},
): WatchHandlerDeps {
  const logger = options.logger ?? createLogger({ secrets: secretValuesOf(config) });
  const clock = options.clock ?? systemClock;
  const table = tableClient(tableLocationOf(config));
  const store = options.store ?? dynamoStore(table, clock);
  const alerts = alertConfigOf(config);
  const defaults: DefaultRoute = {
    ...(alerts.channel ? { channel: alerts.channel } : {}),
    mention: alerts.mention,
    enabled: config.DEFAULT_SUBSCRIPTION,
  };
  const configured = alertRoutesOf([], defaults, { now: clock.now(), minErrors: config.DIGEST_MIN_ERRORS });
  return {
    logger,
    subscriptions: options.subscriptions ?? loggedSubscriptions(table, logger),
    defaults,
    minErrors: config.DIGEST_MIN_ERRORS,
    watch: {
      client: sharedNexudusClientFor(config, store, {
        logger,
        clock,
        limiter: options.tuning?.nexudusLimiter !== false,
      }).client,
      slack: channelPortFor(config, logger, TIMING.backgroundCallTimeoutMs),
      store: dynamoAlertStore(table, clock),
      leases: store.leases,
      clock,
      config: alerts,
      ...configured,
      logger: {
        info: (m, extra) => logger.info(m, { ...extra }),
        warn: (m, extra) => logger.warn(m, { ...extra }),
        error: (m, extra) => logger.error(m, { ...extra }),
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
 * Nexudus (or the table), or when Slack did not take an incident's message (after the other incidents were
 * handled; that one is retried at the next poll), so Lambda counts an error and the alarm fires. A channel
 * Slack refuses for good fails one poll only: it is then held (see `channelGate`).
 */
export function createWatchHandler(load: () => Promise<WatchHandlerDeps>): WatchHandler {
  return scheduledHandler("watch poll", load, async (built) => {
    const { logger } = built;
    // Read at each poll, so that a subscription made a minute ago routes this poll's incidents. A failed
    // read fails the poll: routing without the subscriptions would leave their channels unwatched.
    // The bot's joins come with them, from the same Query: invited back, a held channel is tried again.
    const { subscriptions, joins } = await built.subscriptions.listWithJoins();
    const routes = alertRoutesOf(subscriptions, built.defaults, {
      now: built.watch.clock.now(),
      minErrors: built.minErrors,
      onUnreadable: (s) =>
        logger.warn("a subscription's search cannot be read; it routes no alert", { subscription: s.id }),
    });
    const result = await runWatch({
      ...built.watch,
      ...routes,
      routingOf: routingOf(subscriptions, built.defaults),
      joinedAt: (channel) => (Object.hasOwn(joins, channel) ? joins[channel] : undefined),
    });
    logger.info("watch poll finished", { ...result });
    return result;
  });
}
