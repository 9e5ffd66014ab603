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
 * A fresh emulator, a fresh Slack stub, the environment pointing at both, and freshly imported handlers
 * (`vi.resetModules()`, then dynamic `import()`), so each test gets its own cold start.
 */
export async function startBot(options: BotOptions = {}): Promise<Bot> {
  const emu = await startEmulator({ rateLimit: false });
  const stub = await startSlackStub({ token: BOT_TOKEN });
  const saved = new Map(ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const key of ENV_KEYS) delete process.env[key];
  Object.assign(process.env, {
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

  vi.resetModules();
  const dispatcher = await import("../../src/lib/dispatcher");
  const worker = await import("../../src/worker");
  const jobs: WorkerJob[] = [];
  const queued: WorkerJob[] = [];
  if ((options.dispatcher ?? "in-process") === "in-process") {
    dispatcher.setDispatcher({
      async dispatch(job) {
        // Like Lambda's async Invoke: accepted now (a copy, as it crosses a wire), run later by `settle()`.
        jobs.push(structuredClone(job));
        queued.push(structuredClone(job));
      },
    });
  }
  let slack: typeof import("../../src/slack");
  try {
    slack = await import("../../src/slack");
  } catch (error) {
    await restore();
    throw error;
  }

  async function restore(): Promise<void> {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await Promise.all([emu.close(), stub.close()]);
  }

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
      const result = (await slack.handler(event, LAMBDA_CONTEXT)) as APIGatewayProxyStructuredResultV2;
      const raw = typeof result.body === "string" ? result.body : "";
      let body: unknown = raw;
      if (raw.startsWith("{")) body = JSON.parse(raw);
      return { status: result.statusCode ?? 200, body, raw };
    },
    settle,
    async close() {
      await settle();
      dispatcher.setDispatcher(undefined);
      await restore();
    },
  };
}
