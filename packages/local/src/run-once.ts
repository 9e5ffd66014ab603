import { buildLocalHandlers, type LocalHandlers } from "./build-local-handlers";
import { LOCAL_CONFIG_NAMES, resolveLocalConfig } from "./resolve-local-config";
import { showPosted } from "./show-posted";
import { stripControlCharacters } from "./strip-control-characters";
import { createTerminalStyle } from "./terminal-style";

/**
 * A one-shot command (`npm run digest`, `npm run watch`): local mode's configuration rules (the embedded
 * emulator, Slack stub and table unless configured otherwise), one run of a handler, what it posted
 * rendered here, then exit: 0 on success, 1 when it failed.
 */
export async function runOnce<R>(options: {
  /** For messages: `digest`, `watch`. */
  name: string;
  run(handlers: LocalHandlers): Promise<R>;
  describe(result: R, shownHere: boolean): string;
}): Promise<never> {
  // Local mode supports Node 20 (Lambda runs 22): the AWS SDK's notice about its future Node 22 minimum
  // (printed when the table's client loads) is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
  const style = createTerminalStyle(process.stdout.isTTY === true && !process.env.NO_COLOR);
  const describe = (error: unknown) =>
    stripControlCharacters(error instanceof Error ? error.message : String(error));
  const config = await resolveLocalConfig(process.env).catch((error: unknown) => {
    console.error(`${options.name}: could not start: ${describe(error)}`);
    process.exit(1);
  });
  let code = 0;
  try {
    const overridden = LOCAL_CONFIG_NAMES.filter((name) => config.origins[name] === "environment");
    if (overridden.length > 0) console.log(style.dim(`From the environment: ${overridden.join(", ")}`));
    const handlers = buildLocalHandlers(config.env, process.env, () => {}, {
      embeddedSlack: config.slackStub !== undefined,
    });
    const result = await options.run(handlers);
    await showPosted(config.slackStub, style);
    console.log(options.describe(result, config.slackStub !== undefined));
  } catch (error) {
    await showPosted(config.slackStub, style);
    const title = `${options.name[0]!.toUpperCase()}${options.name.slice(1)}`;
    console.error(style.red(`${title} failed: ${describe(error)}`));
    code = 1;
  } finally {
    await config.close();
  }
  process.exit(code);
}
