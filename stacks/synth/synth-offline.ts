import { App, type FunctionProps, type Function as SstFunction, type Stack } from "sst/constructs";
import { useFunctions } from "sst/constructs/Function.js";
import { initProject, useProject } from "sst/project.js";
import { load } from "sst/stacks/build.js";

/*
 * Synthesizes the SST app the way `sst deploy` does, minus the parts that need AWS (used by the stack
 * tests and by `npm run synth`):
 * - `initProject` and `load` are SST's own: they find sst.config.ts and bundle it (stacks included) with
 *   esbuild, exactly as the CLI does, so a config that would not load for the CLI fails here too;
 * - the App gets a fixed account and the region instead of asking STS (the CLI's only network call before
 *   building), and `app.finish()` is not called: it would bundle the handlers and, outside tests, look up
 *   the bootstrap bucket. Function code stays SST's inline placeholder, so the props the bundling step
 *   would use (handler, runtime, nodejs options) are read from SST's function registry.
 */

/** The account an offline synthesis names (no AWS call tells the real one). */
export const OFFLINE_ACCOUNT = "123456789012";

/** One synthesized bot stack. */
export interface SynthesizedStack {
  /** The CloudFormation template, as JSON. */
  template: Record<string, unknown>;
  stack: Stack;
  /** The SST functions by construct id (`Slack`, `Worker`, `Digest`). */
  functions: Map<string, SstFunction>;
  /** What SST will bundle for each function at deploy time, by construct id. */
  bundling: Map<string, FunctionProps>;
}

/** Options of `synthesizeOffline`. */
export interface SynthOptions {
  stage: string;
  region: string;
  account?: string;
  /** Set while the stacks are built (e.g. DIGEST_SCHEDULE), then restored. */
  env?: Record<string, string | undefined>;
}

/** Synthesizes the app's BotStack offline, with no AWS credentials and no network. */
export async function synthesizeOffline(options: SynthOptions): Promise<SynthesizedStack> {
  await initProject({ stage: options.stage });
  const [, sstConfig] = await load(useProject().paths.config);
  const env = options.env ?? {};
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  try {
    for (const [key, value] of Object.entries(env)) setEnv(key, value);
    const app = new App({
      mode: "deploy",
      stage: options.stage,
      name: useProject().config.name,
      region: options.region,
      account: options.account ?? OFFLINE_ACCOUNT,
    });
    await sstConfig.stacks(app);
    const stack = app.node.findChild(app.logicalPrefixedName("BotStack")) as Stack;
    const functions = new Map(stack.getAllFunctions().map((fn) => [fn.node.id, fn as SstFunction]));
    const bundling = new Map<string, FunctionProps>();
    for (const [id, fn] of functions) {
      const props = useFunctions().fromID(fn.node.addr);
      if (props) bundling.set(id, props);
    }
    // Synthesized with SST's own copy of the CDK.
    const template = app.synth().getStackByName(stack.stackName).template as Record<string, unknown>;
    return { template, stack, functions, bundling };
  } finally {
    for (const [key, value] of Object.entries(saved)) setEnv(key, value);
  }
}

function setEnv(key: string, value: string | undefined): void {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}
