import type { WorkerJob } from "@nwh/functions";
import { type SlackStub, startSlackStub } from "@nwh/slack-stub";
import { describeSetup } from "./describe-setup";
import { importDigestHandler, importSlackHandlers } from "./import-handlers";
import { createInProcessDispatcher, type InProcessDispatcher } from "./in-process-dispatcher";
import { runRepl } from "./repl";
import { resolveLocalConfig } from "./resolve-local-config";
import { type LocalServer, startLocalServer } from "./start-local-server";
import { stripControlCharacters } from "./strip-control-characters";
import { createTerminalStyle } from "./terminal-style";

/*
 * `npm start`: the real bot on loopback. With nothing configured it embeds the Nexudus emulator and the
 * Slack stub; any configuration name set in the environment replaces its embedded default. On a terminal it
 * offers a prompt; without one (CI, tests, a process manager) it serves until SIGINT/SIGTERM.
 */

const interactive = process.stdin.isTTY === true;
const style = createTerminalStyle(process.stdout.isTTY === true && !process.env.NO_COLOR);
// Handler logs are JSON lines for CloudWatch; at a prompt only warnings and errors are worth the noise.
if (interactive) process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";

const describe = (error: unknown) =>
  stripControlCharacters(error instanceof Error ? error.message : String(error));

const config = await resolveLocalConfig(process.env).catch((error: unknown) => {
  console.error(`local mode could not start: ${describe(error)}`);
  process.exit(1);
});

let server: LocalServer | undefined;
let dispatcher: InProcessDispatcher<WorkerJob> | undefined;
let sink: SlackStub | undefined;
let stopping: Promise<never> | undefined;

/** Stops serving, lets running jobs finish, closes the embedded servers, and exits. */
function stop(code: number): Promise<never> {
  stopping ??= (async () => {
    await server?.close();
    await dispatcher?.drain();
    await Promise.all([config.close(), sink !== config.slackStub ? sink?.close() : undefined]);
    process.exit(code);
  })();
  return stopping;
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

try {
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw new Error("Invalid configuration: PORT must be a whole number from 0 to 65535");
  }
  // The handlers read their configuration when they load: the resolved values go in first.
  Object.assign(process.env, config.env);
  const handlers = await importSlackHandlers(({ worker, setDispatcher }) => {
    dispatcher = createInProcessDispatcher(worker, (error) =>
      console.error(`local mode: a worker job failed: ${describe(error)}`),
    );
    setDispatcher(dispatcher);
  });
  server = await startLocalServer({
    handler: handlers.slack,
    port: config.port,
    onError: (error) => console.error(`local mode: the slack handler failed: ${describe(error)}`),
  });
} catch (error) {
  console.error(`local mode could not start: ${describe(error)}`);
  await stop(1);
}

console.log(describeSetup(config, server!.endpoint, style));

if (!interactive) {
  console.log("Serving (no terminal: no prompt). Stop with Ctrl-C or SIGTERM.");
} else {
  // response_urls need somewhere to land; with another Slack API configured, a private stub takes them.
  sink = config.slackStub ?? (await startSlackStub({ port: 0 }));
  if (!config.slackStub) {
    console.log(
      style.yellow(
        "SLACK_API_URL points elsewhere: the bot's Web API messages are not shown here, and answers the worker posts to response_url go only to that host.",
      ),
    );
  }
  const digest = await importDigestHandler();
  console.log("");
  await runRepl({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
    color: style.color,
    endpoint: server!.endpoint,
    signingSecret: config.env.SLACK_SIGNING_SECRET!,
    sink,
    webApiOnSink: config.slackStub !== undefined,
    runDigest: () => digest(),
    idle: () => dispatcher!.idle(),
  });
  await stop(0);
}
