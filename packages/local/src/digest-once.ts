import { buildLocalHandlers } from "./build-local-handlers";
import { writeBuilderLinks } from "./builder-links-file";
import { describeDigestResult } from "./describe-digest-result";
import { renderMessage } from "./render-message";
import { LOCAL_CONFIG_NAMES, resolveLocalConfig } from "./resolve-local-config";
import { stripControlCharacters } from "./strip-control-characters";
import { createTerminalStyle } from "./terminal-style";

/*
 * `npm run digest`: one digest run with local mode's configuration rules (embedded emulator and Slack stub
 * unless configured otherwise), what it posted rendered here, then exit: 0 on success, 1 when it failed.
 */

// Local mode supports Node 20 (Lambda runs 22): the AWS SDK's notice about its future Node 22 minimum
// (printed when the table's client loads) is noise at a prompt.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const style = createTerminalStyle(process.stdout.isTTY === true && !process.env.NO_COLOR);
process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
const describe = (error: unknown) =>
  stripControlCharacters(error instanceof Error ? error.message : String(error));

const config = await resolveLocalConfig(process.env).catch((error: unknown) => {
  console.error(`digest: could not start: ${describe(error)}`);
  process.exit(1);
});

/**
 * Shows what the run posted to the embedded stub (a failed run may still have posted its warning), each
 * message numbered; their Block Kit Builder links go to one local file, named once.
 */
async function showPosted(): Promise<void> {
  const posted: Array<{ label: string; message: { text?: string; blocks?: unknown[] } }> = [];
  for (const call of config.slackStub?.calls ?? []) {
    if (call.method !== "chat.postMessage" || call.status !== 200) continue;
    const where = `#${stripControlCharacters(String(call.args.channel))}${call.args.thread_ts ? " · in a thread" : ""}`;
    const rendered = renderMessage(call.args, { color: style.color });
    const label = `chat.postMessage → ${where}`;
    console.log(`${style.dim(`── ${posted.length + 1}. ${label} ──`)}\n${rendered.text}\n`);
    const blocks = Array.isArray(call.args.blocks) ? call.args.blocks : undefined;
    const text = typeof call.args.text === "string" ? call.args.text : undefined;
    posted.push({
      label,
      message: { ...(text !== undefined ? { text } : {}), ...(blocks ? { blocks } : {}) },
    });
  }
  if (posted.length === 0) return;
  const file = await writeBuilderLinks(posted).catch(() => undefined);
  if (file) console.log(style.dim(`Block Kit Builder: open ${file} for a link to each message.`));
}

let code = 0;
try {
  const overridden = LOCAL_CONFIG_NAMES.filter((name) => config.origins[name] === "environment");
  if (overridden.length > 0) console.log(style.dim(`From the environment: ${overridden.join(", ")}`));
  const { digest } = buildLocalHandlers(config.env, process.env, () => {}, {
    embeddedSlack: config.slackStub !== undefined,
  });
  const result = await digest();
  await showPosted();
  console.log(describeDigestResult(result, config.slackStub !== undefined));
} catch (error) {
  await showPosted();
  console.error(style.red(`Digest failed: ${describe(error)}`));
  code = 1;
} finally {
  await config.close();
}
process.exit(code);
