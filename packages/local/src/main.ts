import { type SlackStub, STUB_BOT_USER_ID, startSlackStub } from "@nwh/slack-stub";
import { describeSetup, describeSetupCheck } from "./describe-setup";
import { runRepl } from "./repl";
import { type LocalMode, startLocalMode } from "./start-local-mode";
import { stripControlCharacters } from "./strip-control-characters";
import { createTerminalStyle } from "./terminal-style";

/*
 * `npm start`: the real bot on loopback. With nothing configured it embeds the Nexudus emulator and the
 * Slack stub; any configuration name set in the environment replaces its embedded default. On a terminal it
 * offers a prompt; without one (CI, tests, a process manager) it serves until SIGINT/SIGTERM.
 */

const interactive = process.stdin.isTTY === true;
// Local mode supports Node 20 (Lambda runs 22): the AWS SDK's notice about its future Node 22 minimum
// (printed when the table's client loads) is noise at a prompt.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const style = createTerminalStyle(process.stdout.isTTY === true && !process.env.NO_COLOR);
// Handler logs are JSON lines for CloudWatch; at a prompt only warnings and errors are worth the noise.
if (interactive) process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";

let mode: LocalMode | undefined;
let sink: SlackStub | undefined;
let stopping: Promise<never> | undefined;

/** Stops serving, lets running jobs finish, closes the embedded servers, and exits. */
function stop(code: number): Promise<never> {
  stopping ??= (async () => {
    await mode?.close();
    if (sink && sink !== mode?.config.slackStub) await sink.close();
    process.exit(code);
  })();
  return stopping;
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

try {
  mode = await startLocalMode(process.env);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`local mode could not start: ${stripControlCharacters(message)}`);
  if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    console.error("Another program uses that port: set PORT to a free one (PORT=0 picks any free port).");
  }
  await stop(1);
}
const { config, server } = mode!;
console.log(describeSetup(config, server.endpoint, style, { socketMode: mode!.socketMode }));
// Pointed at a real Nexudus or Slack: the same checks as `npm run doctor`, problems shown in the banner.
const setup = await mode!.checkSetup().catch(() => undefined);
if (setup) console.log(describeSetupCheck(setup, style));

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
  console.log("");
  await runRepl({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
    color: style.color,
    endpoint: server.endpoint,
    signingSecret: config.env.SLACK_SIGNING_SECRET!,
    sink,
    webApiOnSink: config.slackStub !== undefined,
    runDigest: () => mode!.runDigest(),
    runWatch: () => mode!.runWatch(),
    ...(config.emulator ? { tick: () => config.emulator!.deliveries.tick({ recoverEvery: 4 }) } : {}),
    ...(config.slackStub
      ? {
          invite: {
            botUserId: STUB_BOT_USER_ID,
            join: (channel: string) => config.slackStub!.workspace.notMemberOf.delete(channel),
          },
        }
      : {}),
    builderLink: (message) => mode!.builderLink(message),
    idle: () => mode!.dispatcher.idle(),
  });
  await stop(0);
}
