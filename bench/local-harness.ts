import { type Credentials, DEMO_CREDENTIALS, startEmulator } from "@nwh/emulator";
import { type LocalMode, slashCommandBody, startLocalMode } from "@nwh/local";
import { signSlackRequest } from "@nwh/slack-stub";

/** Local mode against an emulator the benchmark controls, plus a signed-command sender. */
export interface BenchBot {
  local: LocalMode;
  emulator: Awaited<ReturnType<typeof startEmulator>>;
  /**
   * Sends `/webhooks <text>` signed like Slack (with a fresh `response_url` unless one is given); resolves
   * with the answer and its round-trip time.
   */
  command(
    text: string,
    responseUrl?: string,
  ): Promise<{ status: number; body: string; ms: number; responseUrl: string }>;
  /** A plain GET /health round trip on the same server: the HTTP floor. */
  health(): Promise<number>;
  close(): Promise<void>;
}

/** Local mode with its signed-command sender, on a Nexudus (and table) started elsewhere. */
export type LocalBot = Omit<BenchBot, "emulator">;

/** Local mode's options for {@link startLocalBot}. */
export interface LocalBotOptions {
  clientLimiter: boolean;
  nexudusUrl: string;
  credentials: Credentials;
  /** Local mode's signing secret and bot token (default: local mode's own). */
  signingSecret?: string;
  botToken?: string;
  /** More configuration values (e.g. `APP_TABLE_NAME` and `AWS_ENDPOINT_URL_DYNAMODB` of a table to share). */
  env?: Record<string, string>;
}

/**
 * Local mode pointed at a Nexudus, serving the real slack handler over loopback HTTP with the in-process
 * worker dispatcher and the embedded Slack stub (and the embedded table unless `env` names one).
 */
export async function startLocalBot(options: LocalBotOptions): Promise<LocalBot> {
  // Internal tuning, read by the handlers from process.env (not a local-mode configuration name).
  process.env.NEXUDUS_CLIENT_LIMITER = options.clientLimiter ? "" : "off";
  const local = await startLocalMode(
    {
      ...process.env,
      PORT: "0",
      NEXUDUS_BASE_URL: options.nexudusUrl,
      NEXUDUS_USERNAME: options.credentials.username,
      NEXUDUS_PASSWORD: options.credentials.password,
      ...(options.signingSecret ? { SLACK_SIGNING_SECRET: options.signingSecret } : {}),
      ...(options.botToken ? { SLACK_BOT_TOKEN: options.botToken } : {}),
      ...options.env,
    },
    { log: () => {} },
  );
  const stub = local.config.slackStub;
  if (!stub) throw new Error("bench: the embedded Slack stub did not start");
  const secret = local.config.env.SLACK_SIGNING_SECRET ?? "";
  const endpoint = local.server.endpoint;
  return {
    local,
    async command(text, responseUrl = stub.newResponseUrl()) {
      return { ...(await sendSignedCommand(endpoint, secret, text, responseUrl)), responseUrl };
    },
    async health() {
      const t0 = performance.now();
      await (await fetch(`${local.server.url}/health`)).text();
      return performance.now() - t0;
    },
    close: () => local.close(),
  };
}

/**
 * Starts the emulator (demo account) and local mode pointed at it (see {@link startLocalBot}).
 */
export async function startBenchBot(
  options: Omit<LocalBotOptions, "nexudusUrl" | "credentials"> & {
    rateLimit: boolean;
    /** The emulator's credentials (default the demo user). */
    credentials?: Credentials;
    /**
     * Runs against the emulator before local mode starts, so that the first command can follow local
     * mode's start at once, as a Lambda's first request follows its init.
     */
    beforeStart?: (emulator: Awaited<ReturnType<typeof startEmulator>>) => Promise<void>;
  },
): Promise<BenchBot> {
  const { rateLimit, beforeStart, ...rest } = options;
  const credentials = options.credentials ?? DEMO_CREDENTIALS;
  const emulator = await startEmulator({ rateLimit, credentials });
  await beforeStart?.(emulator);
  const bot = await startLocalBot({ ...rest, nexudusUrl: emulator.url, credentials });
  return {
    ...bot,
    emulator,
    async close() {
      await bot.close();
      await emulator.close();
    },
  };
}

/**
 * Sends `/webhooks <text>` to a Slack endpoint signed with `secret` as Slack signs it; resolves with the
 * answer and its round trip (signing, the request and reading the answer).
 */
export async function sendSignedCommand(
  endpoint: string,
  secret: string,
  text: string,
  responseUrl: string,
  signal?: AbortSignal,
): Promise<{ status: number; body: string; ms: number }> {
  const body = slashCommandBody(text, responseUrl);
  const t0 = performance.now();
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...signSlackRequest(secret, body) },
    body,
    ...(signal ? { signal } : {}),
  });
  const answer = await res.text();
  return { status: res.status, body: answer, ms: performance.now() - t0 };
}

/** Whether an ack body is a real answer (blocks, not the "Searching…" hand-off). */
export function isInlineAnswer(body: string): boolean {
  if (!body.startsWith("{")) return false;
  const parsed = JSON.parse(body) as { text?: string; blocks?: unknown[] };
  return Array.isArray(parsed.blocks) && !String(parsed.text).startsWith("Searching");
}

/** The failure sentences of the bot's messages (a correct answer never starts with or holds these). */
const FAILURE =
  /^(:warning:|Your search has)|Nexudus (answered|did not answer|sent an answer|is rate-limiting|refused)|could not (reach|finish)|not allowed|no longer works/;

/** Whether a message's text is one of the bot's failure messages. */
export function isFailureText(text: string): boolean {
  return FAILURE.test(text);
}
