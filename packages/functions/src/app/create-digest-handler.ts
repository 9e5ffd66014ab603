import type { Logger } from "@aws-lambda-powertools/logger";
import { type Clock, systemClock } from "@nwh/core/clock";
import { type Config, ConfigError } from "@nwh/core/config";
import {
  type DigestBatchResult,
  type DigestDeps,
  DigestError,
  type DigestRunResult,
  nexudusDigestSource,
  runDigest,
  runDigests,
} from "@nwh/core/digest";
import type { AppStore } from "@nwh/core/store";
import { type SubscriptionStore, subscriptionDigestTargets } from "@nwh/core/subscriptions";
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

/** What the digest handler runs on. */
export interface DigestHandlerDeps {
  logger: Logger;
  /** The configured digest (`DIGEST_CHANNEL`, every webhook); `config.channel` is empty when it is unset. */
  digest: DigestDeps;
  /** `DEFAULT_SUBSCRIPTION`: whether the configured digest is sent. */
  defaultDigest: boolean;
  /** The channel subscriptions, whose digests the run sends when due. */
  subscriptions: SubscriptionStore;
}

/**
 * What one run did: the configured digest's result (`not-run` when the run was the subscriptions' only,
 * `off` with `DEFAULT_SUBSCRIPTION=off`), and the subscriptions' digests when the run sent them.
 */
export type DigestHandlerResult = DigestRunResult & { subscriptions?: DigestBatchResult };

/** The digest Lambda's handler. */
export type DigestHandler = (event?: unknown, context?: Context) => Promise<DigestHandlerResult>;

/**
 * Which digests a run sends, from its event: the configured digest's schedule (`DIGEST_SCHEDULE`) sends
 * it alone, the subscriptions' schedule (every 15 minutes) the subscription digests that are due, and
 * anything else (a manual run, `npm run digest`) the configured digest and every subscription's not sent
 * yet today, whatever their time.
 */
export type DigestRunKind = "default" | "subscriptions" | "all";

/** The kind of run an event asks for (see `DigestRunKind`). */
export function digestRunKindOf(event: unknown): DigestRunKind {
  const source = (event as { source?: unknown } | null | undefined)?.source;
  if (source === "schedule") return "default";
  if (source === "subscriptions") return "subscriptions";
  return "all";
}

/** Time kept free at the end of a run: digests not started by then go out with the next run. */
const RUN_MARGIN_MS = 30_000;

/** The subscriptions where there is no table: none, and nothing can be written. */
const NO_SUBSCRIPTIONS: SubscriptionStore = {
  list: async () => [],
  listWithJoins: async () => ({ subscriptions: [], joins: {} }),
  botJoined: async () => {},
  listChannel: async () => [],
  get: async () => undefined,
  save: async () => ({ written: false, reason: "missing" }),
  remove: async () => undefined,
};

/** Builds the digest's dependencies for a configuration. */
export function buildDigestDeps(
  config: Config,
  options: {
    tuning?: Tuning;
    clock?: Clock;
    logger?: Logger;
    store?: AppStore;
    subscriptions?: SubscriptionStore;
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
  // Subscriptions live in the table: without one (a store given instead) there are none.
  const subscriptions =
    options.subscriptions ?? (table ? loggedSubscriptions(table, logger) : NO_SUBSCRIPTIONS);
  return {
    logger,
    digest: {
      // The digest's walk is the burst most likely to meet the other environments' requests.
      client: sharedNexudusClientFor(config, store, {
        logger,
        clock,
        limiter: options.tuning?.nexudusLimiter !== false,
      }).client,
      slack: channelPortFor(config, logger, TIMING.backgroundCallTimeoutMs),
      store,
      ...(alertStore ? { openIncidents: () => alertStore.openIncidents() } : {}),
      clock,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      config: {
        // Required when the configured digest is sent (checked then, naming the key).
        channel: config.DIGEST_CHANNEL ?? "",
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
    defaultDigest: config.DEFAULT_SUBSCRIPTION,
    subscriptions,
  };
}

/** The configured digest and, as the run's kind asks, the subscriptions' digests: Nexudus read once for all. */
async function runAll(
  built: DigestHandlerDeps,
  kind: DigestRunKind,
  context?: Context,
): Promise<DigestHandlerResult> {
  const { digest, logger } = built;
  const now = digest.clock.now();
  const source = nexudusDigestSource(digest.client, digest.config.minErrors);
  let result: DigestHandlerResult = {
    status: kind === "subscriptions" ? "not-run" : "off",
    date: "",
    messagesPosted: 0,
    counts: { disabled: 0, paused: 0, failing: 0, new: 0, neverDelivered: 0, locations: 0 },
  };
  if (kind !== "subscriptions" && built.defaultDigest) {
    if (!digest.config.channel)
      throw new ConfigError([{ key: "DIGEST_CHANNEL", problem: "is missing (required for the digest)" }]);
    result = await runDigest({ ...digest, source });
  }
  if (kind === "default") return result;
  const targets = subscriptionDigestTargets(await built.subscriptions.list(), {
    now,
    minErrors: digest.config.minErrors,
    all: kind === "all",
    onUnreadable: (s) =>
      logger.warn("a subscription's search cannot be read; its digest is skipped", { subscription: s.id }),
  });
  const remaining = context?.getRemainingTimeInMillis?.();
  const batch = await runDigests(digest, targets, {
    source,
    ...(remaining !== undefined ? { stopBy: now + remaining - RUN_MARGIN_MS } : {}),
  });
  result = { ...result, subscriptions: batch };
  if (batch.failed.length > 0) {
    const first = batch.failed[0]!;
    throw new DigestError(
      `${batch.failed.length} of ${targets.length} subscription digests failed; the first: ${first.reason}`,
      { warningPosted: false },
    );
  }
  return result;
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
  return scheduledHandler("digest run", load, async (built, event: unknown, context) => {
    const { logger } = built;
    const result = await runAll(built, digestRunKindOf(event), context);
    logger.info("digest run finished", {
      status: result.status,
      date: result.date,
      posted: result.messagesPosted,
      ...(result.subscriptions
        ? {
            subscriptionDigests: result.subscriptions.runs.length,
            subscriptionPosts: result.subscriptions.runs.reduce((n, r) => n + r.messagesPosted, 0),
            deferred: result.subscriptions.deferred,
          }
        : {}),
    });
    return result;
  });
}
