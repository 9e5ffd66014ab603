import { CONFIG_KEYS } from "@nwh/core/config";
import { type Emulator, startEmulator } from "@nwh/emulator";
import { type SlackStub, startSlackStub } from "@nwh/slack-stub";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { vi } from "vitest";
import type { WorkerJob } from "../../src/lib/worker-job";
import { SIGNING_SECRET } from "./api-gateway";

export const BOT_TOKEN = "xoxb-test-bot-token-000";
export const USER = "U0USER0001";
export const ADMIN = "U0ADMIN001";
export const STRANGER = "U0STRANGER1";

// Every name the handlers read, cleared before each bot so no configuration leaks between tests.
export const ENV_KEYS = [
  ...CONFIG_KEYS,
  "ANSWER_BUDGET_MS",
  "WORKER_BUDGET_MS",
  "POWERTOOLS_LOG_LEVEL",
  "NEXUDUS_CLIENT_LIMITER",
];

export interface BotOptions {
  /** Default [USER]. */
  allowed?: string[];
  /** Default [ADMIN]. */
  admins?: string[];
  answerBudgetMs?: number;
  workerBudgetMs?: number;
  /** `in-process` (default) runs worker jobs here; `none` keeps the default Lambda dispatcher. */
  dispatcher?: "in-process" | "none";
  /** Extra or replaced environment values. */
  env?: Record<string, string>;
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
  /** The exported Lambda handler of `src/slack.ts`. */
  handler(event: APIGatewayProxyEventV2, context: Context): Promise<unknown>;
  /** The exported handler of `src/worker.ts`. */
  worker(job: WorkerJob): Promise<void>;
  /** Jobs handed to the in-process dispatcher. */
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

/**
 * Replaces the handlers' environment: every name they read is cleared, then `values` set. Returns the
 * function that puts the previous environment back.
 */
export function swapHandlerEnv(values: Record<string, string>): () => void {
  const saved = new Map(ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const key of ENV_KEYS) delete process.env[key];
  Object.assign(process.env, values);
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** Freshly imported handlers (`vi.resetModules()`, then `import()`): a cold start. */
export interface ColdStart {
  slack: typeof import("../../src/slack");
  worker: typeof import("../../src/worker");
  dispatcher: typeof import("../../src/lib/dispatcher");
  /** Every job handed to the worker, in order. */
  jobs: WorkerJob[];
  /** The jobs not run yet (see `queueJobs`). */
  queued: WorkerJob[];
}

/**
 * Imports the handlers anew. With `queueJobs`, worker jobs are taken as Lambda's async Invoke takes them:
 * accepted at once, as a copy (they cross a wire), and left in `queued` for the test to run. Without it,
 * the default Lambda dispatcher stays. If the slack module fails to load, the dispatcher is reset first.
 */
export async function coldStart(options: { queueJobs: boolean }): Promise<ColdStart> {
  vi.resetModules();
  const dispatcher = await import("../../src/lib/dispatcher");
  const worker = await import("../../src/worker");
  const jobs: WorkerJob[] = [];
  const queued: WorkerJob[] = [];
  if (options.queueJobs) {
    dispatcher.setDispatcher({
      async dispatch(job) {
        jobs.push(structuredClone(job));
        queued.push(structuredClone(job));
      },
    });
  }
  try {
    return { slack: await import("../../src/slack"), worker, dispatcher, jobs, queued };
  } catch (error) {
    dispatcher.setDispatcher(undefined);
    throw error;
  }
}

/** A slack handler result as an Answer (the JSON body parsed when there is one). */
export function toAnswer(result: APIGatewayProxyStructuredResultV2): Answer {
  const raw = typeof result.body === "string" ? result.body : "";
  return { status: result.statusCode ?? 200, body: raw.startsWith("{") ? JSON.parse(raw) : raw, raw };
}

/**
 * A fresh emulator, a fresh Slack stub, the environment pointing at both, and freshly imported handlers
 * (`vi.resetModules()`, then dynamic `import()`), so each test gets its own cold start.
 */
export async function startBot(options: BotOptions = {}): Promise<Bot> {
  const emu = await startEmulator({ rateLimit: false });
  const stub = await startSlackStub({ token: BOT_TOKEN });
  const restoreEnv = swapHandlerEnv({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: stub.apiUrl,
    NEXUDUS_BASE_URL: emu.url,
    NEXUDUS_USERNAME: emu.credentials.username,
    NEXUDUS_PASSWORD: emu.credentials.password,
    SLACK_ALLOWED_USER_IDS: (options.allowed ?? [USER]).join(","),
    SLACK_ADMIN_USER_IDS: (options.admins ?? [ADMIN]).join(","),
    POWERTOOLS_LOG_LEVEL: "SILENT",
    ...(options.answerBudgetMs ? { ANSWER_BUDGET_MS: String(options.answerBudgetMs) } : {}),
    ...(options.workerBudgetMs ? { WORKER_BUDGET_MS: String(options.workerBudgetMs) } : {}),
    ...options.env,
  });

  async function restore(): Promise<void> {
    restoreEnv();
    await Promise.all([emu.close(), stub.close()]);
  }

  let cold: ColdStart;
  try {
    cold = await coldStart({ queueJobs: (options.dispatcher ?? "in-process") === "in-process" });
  } catch (error) {
    await restore();
    throw error;
  }
  const { slack, worker, dispatcher, jobs, queued } = cold;

  async function settle(): Promise<void> {
    for (let job = queued.shift(); job; job = queued.shift()) await worker.handler(job);
  }

  return {
    emu,
    stub,
    handler: slack.handler,
    worker: worker.handler,
    jobs,
    async send(event) {
      return toAnswer((await slack.handler(event, LAMBDA_CONTEXT)) as APIGatewayProxyStructuredResultV2);
    },
    settle,
    async close() {
      await settle();
      dispatcher.setDispatcher(undefined);
      await restore();
    },
  };
}
