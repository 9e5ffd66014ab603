import { type ChildProcess, fork } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Credentials } from "@nwh/emulator";
import { bundleLikeSst } from "../stacks/bundle-like-sst";
import { isInlineAnswer, sendSignedCommand } from "./local-harness";
import type { TableProcess } from "./table-process";

const here = dirname(fileURLToPath(import.meta.url));
const SIGNING_SECRET = "bench-signing-secret";
/** Far past Slack's 3 s: a command not answered by then is a bench failure, not a figure. */
const COMMAND_TIMEOUT_MS = 30_000;
// Never called: an inline answer needs no response_url (and a hand-off would go to the worker Lambda).
const RESPONSE_URL = "https://hooks.slack.com/commands/T0LOCAL/1/bench";

/** The slack function's bundle for {@link firstCommandOfFreshEnvironment}, built as the stack builds it. */
export async function bundleSlackEnvironment(): Promise<string> {
  const out = await bundleLikeSst("bench/fixtures/slack-environment.ts", "slack-environment", {
    outDir: join(here, "out"),
  });
  return out.file;
}

/** What one fresh environment's first command cost. */
export interface FirstCommand {
  ms: number;
  /** `Date.now()` when the command was sent (the emulator stamps arrivals on the same clock). */
  sentAt: number;
  inline: boolean;
  /** When the environment was ready, in ms after its process started (init, not counted in `ms`). */
  readyMs: number;
}

/** Where a fresh environment reads its configuration, as a deployed function does (`APP_SECRET_ARN`). */
export interface EnvironmentSecret {
  /** The loopback Secrets Manager (`AWS_ENDPOINT_URL_SECRETS_MANAGER`). */
  url: string;
  arn: string;
}

/**
 * The secret a fresh environment reads at init: what the stack keeps in it (docs/DEPLOY.md), pointed at
 * this Nexudus and a Slack that is never called.
 */
export function environmentSecretValue(nexudus: { url: string; credentials: Credentials }): string {
  return JSON.stringify({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_API_URL: "http://127.0.0.1:9/api/",
    NEXUDUS_BASE_URL: nexudus.url,
    NEXUDUS_USERNAME: nexudus.credentials.username,
    NEXUDUS_PASSWORD: nexudus.credentials.password,
  });
}

/**
 * Starts a fresh environment of the slack function (`file`, from {@link bundleSlackEnvironment}) in a
 * process of its own with the environment the stack gives the function (the secret's ARN, the table, the
 * worker) and nothing else, so that its init reads the secret as in AWS; once it is up (its init done),
 * sends it one signed `/webhooks <text>` and stops it.
 */
export async function firstCommandOfFreshEnvironment(
  file: string,
  secret: EnvironmentSecret,
  table: TableProcess,
  text: string,
): Promise<FirstCommand> {
  const env = {
    PATH: process.env.PATH ?? "",
    APP_SECRET_ARN: secret.arn,
    APP_TABLE_NAME: table.tableName,
    DIGEST_TIMEZONE: "UTC",
    WORKER_FUNCTION_NAME: "bench-worker",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secret.url,
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    // A hand-off to the worker fails at once here rather than leave the machine (the row then says so).
    AWS_ENDPOINT_URL_LAMBDA: "http://127.0.0.1:9",
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
  };
  await warmCommandSender();
  const child = fork(file, [], {
    env,
    execArgv: [],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  try {
    const ready = await new Promise<{ endpoint: string; readyMs: number }>((resolve, reject) => {
      child.once("message", (m) => resolve(m as { endpoint: string; readyMs: number }));
      child.once("exit", (code) => reject(new Error(`bench: the slack environment exited (${code})`)));
    });
    const sentAt = Date.now();
    const answer = await sendSignedCommand(
      ready.endpoint,
      SIGNING_SECRET,
      text,
      RESPONSE_URL,
      AbortSignal.timeout(COMMAND_TIMEOUT_MS),
    );
    const inline = answer.status === 200 && isInlineAnswer(answer.body);
    return { ms: answer.ms, sentAt, inline, readyMs: ready.readyMs };
  } finally {
    await stop(child);
  }
}

/**
 * Sends one signed command to a throwaway loopback server, so that the bench's own first signed POST (its
 * body, signature and `fetch` code compiled on first use: about 20 ms on this machine) is not counted as the
 * fresh environment's. Slack's sender is no cold Node process.
 */
async function warmCommandSender(): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await sendSignedCommand(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET, "warm", RESPONSE_URL);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.send("stop");
  });
}
