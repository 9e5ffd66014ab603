import { Template } from "aws-cdk-lib/assertions";
import { App, type FunctionProps, type Function as SstFunction, type Stack } from "sst/constructs";
import { useFunctions } from "sst/constructs/Function.js";
import { initProject, useProject } from "sst/project.js";
import { load } from "sst/stacks/build.js";

/*
 * Synthesizes the SST app the way `sst deploy` does, minus the parts that need AWS:
 * - `initProject` and `load` are SST's own: they find sst.config.ts and bundle it (stacks included) with
 *   esbuild, exactly as the CLI does, so a config that would not load for the CLI fails here too;
 * - the App gets a fixed account and region instead of asking STS (the CLI's only network call before
 *   building), and `app.finish()` is not called: it would bundle the handlers and, outside tests, look up
 *   the bootstrap bucket. Function code stays SST's inline placeholder, so assertions read the props that
 *   the bundling step would use (handler, runtime, nodejs options) from SST's function registry.
 */

export const TEST_ACCOUNT = "123456789012";
export const TEST_REGION = "eu-west-1";
export const TEST_STAGE = "test";

/** One synthesized bot stack. */
export interface SynthesizedBot {
  template: Template;
  stack: Stack;
  /** The SST functions by construct id (`Slack`, `Worker`, `Digest`). */
  functions: Map<string, SstFunction>;
  /** What SST will bundle for each function at deploy time, by construct id. */
  bundling: Map<string, FunctionProps>;
}

/** Synthesizes the app with `env` set while the stacks are built (e.g. DIGEST_SCHEDULE), then restores it. */
export async function synthBotStack(
  env: Record<string, string | undefined> = {},
  stage: string = TEST_STAGE,
): Promise<SynthesizedBot> {
  await initProject({ stage });
  const [, sstConfig] = await load(useProject().paths.config);
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  try {
    for (const [key, value] of Object.entries(env)) setEnv(key, value);
    const app = new App({
      mode: "deploy",
      stage,
      name: useProject().config.name,
      region: TEST_REGION,
      account: TEST_ACCOUNT,
    });
    await sstConfig.stacks(app);
    const stack = app.node.findChild(app.logicalPrefixedName("BotStack")) as Stack;
    const functions = new Map(stack.getAllFunctions().map((fn) => [fn.node.id, fn as SstFunction]));
    const bundling = new Map<string, FunctionProps>();
    for (const [id, fn] of functions) {
      const props = useFunctions().fromID(fn.node.addr);
      if (props) bundling.set(id, props);
    }
    // Synthesize with SST's own copy of the CDK, then hand the JSON to the assertions library.
    const template = app.synth().getStackByName(stack.stackName).template;
    return { template: Template.fromJSON(template), stack, functions, bundling };
  } finally {
    for (const [key, value] of Object.entries(saved)) setEnv(key, value);
  }
}

function setEnv(key: string, value: string | undefined): void {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}
