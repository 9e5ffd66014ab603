import type { DigestRunResult } from "@nwh/core/digest";
import { startLocalTable } from "@nwh/dynamo-local";
import { type Account, type Emulator, startEmulator } from "@nwh/emulator";
import { type SlackStub, startSlackStub } from "@nwh/slack-stub";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { createLogger } from "../../../src";
import { actionBody, commandBody, type EventOptions, signedEvent } from "../../support/api-gateway";
import {
  ADMIN,
  type Answer,
  buildHandlers,
  type Handlers,
  LAMBDA_CONTEXT,
  tableValues,
  toAnswer,
  tuningOf,
  USER,
  type WorkerJob,
} from "../../support/bot";
import { expectNoLeak, expectSafeMessage } from "../../support/slack-checks";
import { CANARY } from "./canaries";
import type { LeakWatch } from "./leak-watch";
import { type RecordingProxy, startRecordingProxy } from "./recording-proxy";

export { ADMIN, STRANGER, USER } from "../../support/bot";

/** The digest channel of every hostile bot. */
export const DIGEST_CHANNEL = "C0DIGEST01";

export interface HostileBotOptions {
  /** Default [USER]. */
  allowed?: string[];
  /** Default [ADMIN]. */
  admins?: string[];
  answerBudgetMs?: number;
  workerBudgetMs?: number;
  /** Nexudus auth scheme (default bearer). */
  auth?: "bearer" | "basic";
  /** The Nexudus client's own limiter (default on, as in production). */
  clientLimiter?: boolean;
  /** The emulator's account (default its demo account). */
  account?: Account;
  /** Extra or replaced environment values. */
  env?: Record<string, string>;
  /** Puts something in front of the Slack stub: returns the Web API URL the bot is to use. */
  slackApiUrl?: (stub: SlackStub) => Promise<string>;
}

/** The slack handler's answer to one command, and where a slow answer would be posted. */
export interface CommandOutcome {
  answer: Answer;
  /** The message the user finally sees: the ack itself, or the worker's post replacing "Searching…". */
  // biome-ignore lint/suspicious/noExplicitAny: Slack message JSON
  final: any;
  responseUrl: string;
  /** Whether the answer went through the worker. */
  slow: boolean;
}

export interface HostileBot {
  emu: Emulator;
  stub: SlackStub;
  proxy: RecordingProxy;
  jobs: WorkerJob[];
  /** Sends an event to the real slack handler (answers are scanned for canaries). */
  send(event: APIGatewayProxyEventV2): Promise<Answer>;
  /** The worker handler. */
  worker(job: unknown): Promise<void>;
  /** Runs the dispatched jobs through the worker until none is left. */
  settle(): Promise<void>;
  /** A signed API Gateway event (the canary signing secret unless `secret` says otherwise). */
  event(options: EventOptions): APIGatewayProxyEventV2;
  /** A signed `/webhooks` command event. */
  commandEvent(
    text: string,
    userId?: string,
    options?: Partial<EventOptions>,
  ): { event: APIGatewayProxyEventV2; responseUrl: string };
  /** Runs a command to its final answer, through the worker when it was slow. */
  command(text: string, userId?: string): Promise<CommandOutcome>;
  /** Clicks a button (signed block_actions), runs any worker job, returns the posts to its response_url. */
  click(
    actionId: string,
    value: string,
    options?: { userId?: string; ephemeral?: boolean; responseUrl?: string },
    // biome-ignore lint/suspicious/noExplicitAny: Slack message JSON
  ): Promise<{ answer: Answer; posts: any[]; responseUrl: string }>;
  /** The digest handler of this cold start. */
  digest(event?: unknown): Promise<DigestRunResult>;
  close(): Promise<void>;
}

const SEARCHING = "Searching Nexudus…";
const MESSAGE_METHODS = new Set(["chat.postMessage", "chat.postEphemeral", "chat.update"]);

/** Every message the stub received is valid and safe; other calls (chat.delete…) carry no leak. */
function expectSlackTrafficSafe(stub: SlackStub): void {
  for (const response of stub.responses) expectSafeMessage(response.body);
  for (const call of stub.calls) {
    if (call.method === "views.publish") expectSafeMessage(call.args.view, "home");
    else if (MESSAGE_METHODS.has(call.method)) expectSafeMessage(call.args);
    else expectNoLeak(call.args);
  }
}

/**
 * A fresh cold start configured with canary secrets: an emulator that accepts only the canary Nexudus
 * credentials, behind a proxy that learns the tokens it issues; a Slack stub that accepts only the canary
 * bot token; every log at DEBUG. Everything the bot sends or answers is handed to `watch`.
 */
export async function startHostileBot(
  watch: LeakWatch,
  options: HostileBotOptions = {},
): Promise<HostileBot> {
  const emu = await startEmulator({
    rateLimit: false,
    credentials: { username: CANARY.nexudusUsername, password: CANARY.nexudusPassword },
    ...(options.account ? { account: options.account } : {}),
  });
  const proxy = await startRecordingProxy(emu.url);
  const stub = await startSlackStub({ token: CANARY.botToken });
  const table = await startLocalTable();
  watch.addSecrets(() => proxy.tokens);
  // Every response_url handed out, by its unguessable part.
  const responsePaths: string[] = [];
  const newResponseUrl = stub.newResponseUrl.bind(stub);
  stub.newResponseUrl = () => {
    const url = newResponseUrl();
    responsePaths.push(new URL(url).pathname.split("/").pop()!);
    return url;
  };
  // And the legacy verification token every test payload carries: request bodies are never logged.
  watch.addLogSecrets(() => [...responsePaths, "legacy-verification-token"]);
  const values: Record<string, string> = {
    ...tableValues(table),
    SLACK_SIGNING_SECRET: CANARY.signingSecret,
    SLACK_BOT_TOKEN: CANARY.botToken,
    SLACK_API_URL: options.slackApiUrl ? await options.slackApiUrl(stub) : stub.apiUrl,
    NEXUDUS_BASE_URL: proxy.url,
    NEXUDUS_USERNAME: CANARY.nexudusUsername,
    NEXUDUS_PASSWORD: CANARY.nexudusPassword,
    NEXUDUS_AUTH: options.auth ?? "bearer",
    SLACK_ALLOWED_USER_IDS: (options.allowed ?? [USER]).join(","),
    SLACK_ADMIN_USER_IDS: (options.admins ?? [ADMIN]).join(","),
    DIGEST_CHANNEL,
    ...options.env,
  };

  const restore = async () => {
    await Promise.all([proxy.close(), emu.close(), stub.close(), table.close()]);
  };

  let cold: Handlers;
  try {
    // Every line the bot can write is written, and scanned.
    const logger = createLogger({
      secrets: [CANARY.botToken, CANARY.signingSecret, CANARY.nexudusPassword],
      logLevel: "DEBUG",
    });
    cold = buildHandlers(values, { tuning: tuningOf(options), logger });
  } catch (error) {
    await restore();
    throw error;
  }
  const { slack, worker: workerHandler, digest: digestHandler, jobs, queued } = cold;

  const event = (o: EventOptions) => signedEvent({ secret: CANARY.signingSecret, ...o });

  const send = async (e: APIGatewayProxyEventV2): Promise<Answer> => {
    const result = (await slack(e, LAMBDA_CONTEXT)) as APIGatewayProxyStructuredResultV2;
    watch.scan("slack handler answer", result);
    return toAnswer(result);
  };

  const worker = async (job: unknown) => {
    try {
      await workerHandler(job);
    } catch (error) {
      watch.scan("worker error", error);
      throw error;
    }
  };

  const settle = async () => {
    for (let job = queued.shift(); job; job = queued.shift()) await worker(job);
  };

  const commandEvent = (text: string, userId = USER, extra: Partial<EventOptions> = {}) => {
    const responseUrl = stub.newResponseUrl();
    return {
      responseUrl,
      event: event({
        body: commandBody({ text, userId, responseUrl }),
        contentType: "application/x-www-form-urlencoded",
        ...extra,
      }),
    };
  };

  const postsTo = (url: string) =>
    stub.responses.filter((r) => r.path === new URL(url).pathname).map((r) => r.body);

  return {
    emu,
    stub,
    proxy,
    jobs,
    send,
    worker,
    settle,
    event,
    commandEvent,
    async command(text, userId = USER) {
      const { event: e, responseUrl } = commandEvent(text, userId);
      const answer = await send(e);
      const slow = answer.body?.text === SEARCHING;
      if (!slow) return { answer, final: answer.body, responseUrl, slow };
      await settle();
      const posts = postsTo(responseUrl);
      return { answer, final: posts[posts.length - 1], responseUrl, slow };
    },
    async click(actionId, value, o = {}) {
      const responseUrl = o.responseUrl ?? stub.newResponseUrl();
      const body = actionBody({
        actionId,
        value,
        userId: o.userId ?? USER,
        responseUrl,
        ...(o.ephemeral !== undefined ? { ephemeral: o.ephemeral } : {}),
      });
      const answer = await send(event({ body, contentType: "application/x-www-form-urlencoded" }));
      await settle();
      return { answer, posts: postsTo(responseUrl), responseUrl };
    },
    async digest(e) {
      try {
        const result = await digestHandler(e);
        watch.scan("digest result", result);
        return result;
      } catch (error) {
        watch.scan("digest error", error);
        throw error;
      }
    },
    async close() {
      try {
        await settle();
        watch.scan(
          "Slack Web API calls",
          stub.calls.map((c) => ({ method: c.method, args: c.args })),
        );
        watch.scan("response_url posts", stub.responses);
        watch.scan("channel messages", [...stub.channels.values()]);
        watch.scan("home views", [...stub.homeViews.values()]);
        watch.scan("Nexudus requests", emu.requests);
        expectSlackTrafficSafe(stub);
      } finally {
        await restore();
      }
    },
  };
}
