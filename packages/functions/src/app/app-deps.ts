import type { Logger } from "@aws-lambda-powertools/logger";
import { type AlertSlackPort, type AlertStore, alertConfigOf } from "@nwh/core/alerts";
import { type Clock, systemClock } from "@nwh/core/clock";
import type { Config } from "@nwh/core/config";
import type { DoctorRunner } from "@nwh/core/doctor";
import {
  accessPolicy,
  createInteractionPipeline,
  type Dispatcher,
  deliveryLogOn,
  type InteractionPipeline,
} from "@nwh/core/interaction";
import type { NexudusClient } from "@nwh/core/nexudus";
import { createLocationsCache, type ServiceDeps } from "@nwh/core/service";
import { type AppStore, locationsKeyOf } from "@nwh/core/store";
import type { SubscriptionStore } from "@nwh/core/subscriptions";
import { TIMING } from "@nwh/core/time";
import { WebClient } from "@slack/web-api";
import { channelPortFor } from "../channel/channel-port-for";
import { loadConfig } from "../config/load-config";
import { DEFAULT_TUNING, loadTuning, type Tuning } from "../config/load-tuning";
import { lambdaDispatcher } from "../dispatch/lambda-dispatcher";
import type { DoctorRunnerOptions } from "../doctor/create-doctor-runner";
import { createLogger, describeError, nexudusLoggerOf, pipelineLogOf, secretValuesOf } from "../lib/logger";
import { sharedNexudusClientFor } from "../lib/nexudus-client";
import { once } from "../lib/once";
import { slackLogger } from "../lib/slack-logger";
import { createSlackOutbox } from "../outbox/slack-outbox";
import { botUserIdOf } from "../slack/bot-user-id";
import { webClientChannels, webClientUserGroups } from "../slack/web-client-directory";
import { dynamoAlertStore } from "../store/dynamo-alert-store";
import { dynamoStore, tableClient, tableLocationOf } from "../store/dynamo-store";
import { loggedSubscriptions } from "../store/dynamo-subscriptions";

/** What the slack and worker handlers run on, built once per Lambda environment. */
export interface AppDeps {
  config: Config;
  tuning: Tuning;
  logger: Logger;
  clock: Clock;
  nexudus: NexudusClient;
  /** The table's ports (leases, marks). */
  store: AppStore;
  /** The channel subscriptions, in the same table. */
  subscriptions: SubscriptionStore;
  /** The one way every interaction is answered. */
  pipeline: InteractionPipeline;
  /** The bot's own user id (`auth.test` on first use only; see `botUserIdOf`). */
  botUserId: () => Promise<string | undefined>;
}

/** What a caller (local mode, a test) may supply instead of the defaults. */
export interface AppDepsOptions {
  tuning?: Tuning;
  /** Default: the asynchronous Lambda invoke of `WORKER_FUNCTION_NAME`. */
  dispatcher?: Dispatcher;
  clock?: Clock;
  logger?: Logger;
  /** Default: the table of `APP_TABLE_NAME` (on `AWS_ENDPOINT_URL_DYNAMODB` when set). */
  store?: AppStore;
  /** Default: the subscriptions in that table. */
  subscriptions?: SubscriptionStore;
  /** Default: the incidents in that table. */
  alertStore?: AlertStore;
  /** How `/webhooks doctor` runs: in the deployed worker (`loadAppDeps`), or elsewhere (default). */
  doctor?: Omit<DoctorRunnerOptions, "write" | "areas">;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/**
 * The setup check, loaded on its first run: it runs for an admin's `/webhooks doctor`, in the worker only,
 * so its code (the Nexudus, Slack and AWS checks) is an esbuild chunk that no cold start loads.
 */
function lazyDoctorRunner(config: Config, options: DoctorRunnerOptions): DoctorRunner {
  const load = once(async () =>
    (await import("../doctor/create-doctor-runner")).createDoctorRunner(config, options),
  );
  return async (run) => (await load())(run);
}

/**
 * The incidents' channel port, built on first use: only an incident button (run in the worker) posts with
 * it, so no cold start builds its two WebClients for a request that never clicks one.
 */
function lazyChannelPort(build: () => AlertSlackPort): AlertSlackPort {
  let port: AlertSlackPort | undefined;
  const get = () => {
    port ??= build();
    return port;
  };
  return {
    postMessage: (args) => get().postMessage(args),
    recentMessages: (channel, oldestEpochSeconds) => get().recentMessages(channel, oldestEpochSeconds),
    updateMessage: (args) => get().updateMessage(args),
    threadReplies: (channel, threadTs, oldest) => get().threadReplies(channel, threadTs, oldest),
  };
}

/**
 * The composition root of the slack and worker functions: every client is created here, once, and passed
 * in. No `auth.test` is called but for the bot's own user id, asked by the first `member_joined_channel`
 * (`botUserIdOf`); the WebClient gets a short timeout and one retry (ten retries over half an hour, its
 * default, are useless inside a 3-second window).
 */
export function buildAppDeps(config: Config, options: AppDepsOptions = {}): AppDeps {
  const tuning = options.tuning ?? DEFAULT_TUNING;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ secrets: secretValuesOf(config) });
  const table = tableClient(tableLocationOf(config));
  const store = options.store ?? dynamoStore(table, clock);
  const subscriptions = options.subscriptions ?? loggedSubscriptions(table, logger);
  // Nexudus counts per API user: every environment (and local mode, on its dynalite) keeps to one budget.
  const { client: nexudus, tokenCache } = sharedNexudusClientFor(config, store, {
    logger,
    clock,
    limiter: tuning.nexudusLimiter,
  });
  const service: ServiceDeps = {
    client: nexudus,
    clock,
    config: {
      timeZone: config.DIGEST_TIMEZONE,
      minErrors: config.DIGEST_MIN_ERRORS,
      botUser: config.NEXUDUS_USERNAME,
      nexudusDates: config.NEXUDUS_DATES,
    },
    locations: createLocationsCache({
      client: nexudus,
      clock,
      shared: {
        values: store.values,
        key: locationsKeyOf(config.NEXUDUS_BASE_URL, config.NEXUDUS_USERNAME),
        onError: (error) => logger.warn("shared locations unavailable", describeError(error)),
      },
    }),
    leases: store.leases,
    sleep,
    // The incident buttons run in the worker (see runsInWorker), with the background calls' time.
    alerts: {
      store: options.alertStore ?? dynamoAlertStore(table, clock),
      slack: lazyChannelPort(() => channelPortFor(config, logger, TIMING.backgroundCallTimeoutMs)),
      config: alertConfigOf(config),
    },
    doctor: lazyDoctorRunner(config, {
      runningIn: "outside",
      slackLogger: slackLogger(logger),
      nexudusLogger: nexudusLoggerOf(logger),
      clock,
      ...(tokenCache ? { nexudusTokenCache: tokenCache } : {}),
      ...options.doctor,
    }),
  };
  const web = new WebClient(config.SLACK_BOT_TOKEN, {
    slackApiUrl: config.SLACK_API_URL,
    logger: slackLogger(logger),
    timeout: TIMING.slackCallTimeoutMs,
    retryConfig: { retries: 1, minTimeout: 100, maxTimeout: 300 },
  });
  const outbox = createSlackOutbox({
    web,
    slackApiUrl: config.SLACK_API_URL,
    ...(config.DIGEST_CHANNEL ? { auditChannel: config.DIGEST_CHANNEL } : {}),
    logger,
    clock,
  });
  const pipeline = createInteractionPipeline({
    service,
    access: accessPolicy(config),
    outbox,
    dispatcher: options.dispatcher ?? lambdaDispatcher(config.WORKER_FUNCTION_NAME),
    deliveries: deliveryLogOn(store.marks),
    clock,
    timing: tuning,
    log: pipelineLogOf(logger),
    subscriptions: {
      store: subscriptions,
      channels: webClientChannels(web),
      userGroups: webClientUserGroups(web),
    },
  });
  const botUserId = botUserIdOf(web, logger);
  return { config, tuning, logger, clock, nexudus, store, subscriptions, pipeline, botUserId };
}

/** The dependencies of a Lambda environment, from its environment (and the secret it names). */
export async function loadAppDeps(env: Record<string, string | undefined>): Promise<AppDeps> {
  // Only the Lambda entry files load this way: a setup check run here runs in the deployed worker.
  return buildAppDeps(await loadConfig({ env }), {
    tuning: loadTuning(env),
    doctor: { runningIn: "worker" },
  });
}
