import type { Logger } from "@aws-lambda-powertools/logger";
import type { Clock } from "@nwh/core/clock";
import { parseConfig } from "@nwh/core/config";
import type { Interaction } from "@nwh/core/interaction";
import { type LocalTable, startLocalTable } from "@nwh/dynamo-local";
import { type Emulator, startEmulator } from "@nwh/emulator";
import { type SlackStub, startSlackStub } from "@nwh/slack-stub";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import {
  type AppDeps,
  buildAppDeps,
  buildDigestDeps,
  buildWatchDeps,
  createDigestHandler,
  createLogger,
  createSlackHandler,
  createWatchHandler,
  createWorkerHandler,
  DEFAULT_TUNING,
  type DigestHandler,
  loadTuning,
  type WatchHandler,
} from "../../src";
import type { Tuning } from "../../src/config/load-tuning";
import type { LoggerOptions } from "../../src/lib/logger";
import { SIGNING_SECRET } from "./api-gateway";

export const BOT_TOKEN = "xoxb-test-bot-token-000";
export const USER = "U0USER0001";
export const ADMIN = "U0ADMIN001";
export const STRANGER = "U0STRANGER1";

/** A worker job: what the slack function hands over. */
export type WorkerJob = Interaction;

export interface BotOptions {
  /** Default [USER]. */
  allowed?: string[];
  /** Default [ADMIN]. */
  admins?: string[];
  answerBudgetMs?: number;
  workerBudgetMs?: number;
  /** The emulator's published rate limits (default off: most tests are not about pacing). */
  rateLimit?: boolean;
  /** The Nexudus client's own limiter (default on, as in production). */
  clientLimiter?: boolean;
  /** `queue` (default) keeps handed-over jobs for `settle`; `lambda` keeps the default Lambda dispatcher. */
  dispatcher?: "queue" | "lambda";
  /** Extra or replaced configuration values. */
  env?: Record<string, string>;
  /** Default SILENT. */
  logLevel?: LoggerOptions["logLevel"];
  /**
   * One clock for the handlers, the emulator and the Slack stub (default the system clock); a `TestClock`
   * decides when its budgets run out.
   */
  clock?: Clock;
}

/** An answer of the slack handler, with its JSON body parsed when there is one. */
export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: Slack message JSON
  body: any;
  raw: string;
}

export interface Bot {
  emu: Emulator;
  stub: SlackStub;
  /** The bot's table, on a loopback dynalite. */
  table: LocalTable;
  deps: AppDeps;
  logger: Logger;
  /** The slack handler, as `src/slack.ts` exports it. */
  handler(event: APIGatewayProxyEventV2, context: Context): Promise<unknown>;
  /** The worker handler, as `src/worker.ts` exports it. */
  worker(job: unknown): Promise<void>;
  /** The digest handler, built on the same configuration. */
  digest: DigestHandler;
  /** The watch handler (one poll per call), built on the same configuration. */
  watch: WatchHandler;
  /** Jobs handed to the worker, in order (copies, as they cross a wire). */
  jobs: WorkerJob[];
  /** Sends an event to the handler. */
  send(event: APIGatewayProxyEventV2): Promise<Answer>;
  /** Runs the dispatched jobs through the worker handler, in order, until none is left. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export const LAMBDA_CONTEXT = {
  functionName: "slack",
  awsRequestId: "test-request",
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

/** The configuration values that point a bot at a loopback table. */
export function tableValues(table: LocalTable): Record<string, string> {
  return { APP_TABLE_NAME: table.tableName, AWS_ENDPOINT_URL_DYNAMODB: table.endpoint };
}

/** A slack handler result as an Answer (the JSON body parsed when there is one). */
export function toAnswer(result: APIGatewayProxyStructuredResultV2): Answer {
  const raw = typeof result.body === "string" ? result.body : "";
  return { status: result.statusCode ?? 200, body: raw.startsWith("{") ? JSON.parse(raw) : raw, raw };
}

/** The handlers of one Lambda environment, built by the same factories as the entry files. */
export interface Handlers {
  deps: AppDeps;
  slack: ReturnType<typeof createSlackHandler>;
  worker: ReturnType<typeof createWorkerHandler>;
  digest: DigestHandler;
  watch: WatchHandler;
  /** Every job handed to the worker, in order. */
  jobs: WorkerJob[];
  /** The jobs not run yet. */
  queued: WorkerJob[];
}

/**
 * Builds the three handlers of one environment from configuration values, as a cold start would. With
 * `queue`, worker jobs are taken as Lambda's async Invoke takes them: accepted at once, as a copy, and
 * left in `queued` for the test to run.
 */
export function buildHandlers(
  values: Record<string, string>,
  options: { tuning?: Tuning; dispatcher?: "queue" | "lambda"; logger: Logger; clock?: Clock },
): Handlers {
  const config = parseConfig(values);
  const clock = options.clock ? { clock: options.clock } : {};
  const jobs: WorkerJob[] = [];
  const queued: WorkerJob[] = [];
  const deps = buildAppDeps(config, {
    tuning: options.tuning ?? DEFAULT_TUNING,
    logger: options.logger,
    ...clock,
    ...(options.dispatcher === "lambda"
      ? {}
      : {
          dispatcher: {
            async dispatch(job) {
              jobs.push(structuredClone(job));
              queued.push(structuredClone(job));
            },
          },
        }),
  });
  return {
    deps,
    slack: createSlackHandler(deps),
    worker: createWorkerHandler(async () => deps),
    digest: createDigestHandler(async () =>
      buildDigestDeps(config, {
        logger: options.logger,
        ...clock,
        ...(options.tuning ? { tuning: options.tuning } : {}),
      }),
    ),
    watch: createWatchHandler(async () =>
      buildWatchDeps(config, {
        logger: options.logger,
        ...clock,
        ...(options.tuning ? { tuning: options.tuning } : {}),
      }),
    ),
    jobs,
    queued,
  };
}

/**
 * The tuning of a test bot, read as an environment's would be: the budgets asked for, the client's limiter
 * on (as in production) unless turned off, by option or `NEXUDUS_CLIENT_LIMITER: "off"` in `env`.
 */
export function tuningOf(options: {
  answerBudgetMs?: number;
  workerBudgetMs?: number;
  clientLimiter?: boolean;
  env?: Record<string, string>;
}): Tuning {
  return loadTuning({
    ...options.env,
    ...(options.answerBudgetMs ? { ANSWER_BUDGET_MS: String(options.answerBudgetMs) } : {}),
    ...(options.workerBudgetMs ? { WORKER_BUDGET_MS: String(options.workerBudgetMs) } : {}),
    ...(options.clientLimiter === false ? { NEXUDUS_CLIENT_LIMITER: "off" } : {}),
  });
}

/** A fresh emulator, a fresh Slack stub, and handlers configured for both: each test its own environment. */
export async function startBot(options: BotOptions = {}): Promise<Bot> {
  const now = options.clock ? { now: () => options.clock!.now() } : {};
  const emu = await startEmulator({ rateLimit: options.rateLimit ?? false, ...now });
  const stub = await startSlackStub({ token: BOT_TOKEN, ...now });
  const table = await startLocalTable();
  const logger = createLogger({ logLevel: options.logLevel ?? "SILENT" });
  let handlers: Handlers;
  try {
    handlers = buildHandlers(
      {
        ...tableValues(table),
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: stub.apiUrl,
        NEXUDUS_BASE_URL: emu.url,
        NEXUDUS_USERNAME: emu.credentials.username,
        NEXUDUS_PASSWORD: emu.credentials.password,
        SLACK_ALLOWED_USER_IDS: (options.allowed ?? [USER]).join(","),
        SLACK_ADMIN_USER_IDS: (options.admins ?? [ADMIN]).join(","),
        ...options.env,
      },
      {
        tuning: tuningOf(options),
        dispatcher: options.dispatcher ?? "queue",
        logger,
        ...(options.clock ? { clock: options.clock } : {}),
      },
    );
  } catch (error) {
    await Promise.all([emu.close(), stub.close(), table.close()]);
    throw error;
  }
  const { slack, worker, digest, watch, jobs, queued, deps } = handlers;

  async function settle(): Promise<void> {
    for (let job = queued.shift(); job; job = queued.shift()) await worker(job);
  }

  return {
    emu,
    stub,
    table,
    deps,
    logger,
    handler: slack,
    worker,
    digest,
    watch,
    jobs,
    async send(event) {
      return toAnswer((await slack(event, LAMBDA_CONTEXT)) as APIGatewayProxyStructuredResultV2);
    },
    settle,
    async close() {
      await settle();
      await Promise.all([emu.close(), stub.close(), table.close()]);
    },
  };
}
