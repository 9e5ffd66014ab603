import { Template } from "aws-cdk-lib/assertions";
import type { FunctionProps, Function as SstFunction, Stack } from "sst/constructs";
import { OFFLINE_ACCOUNT, synthesizeOffline } from "../synth/synth-offline";

/* The stack tests' synthesis: `npm run synth`'s (stacks/synth/synth-offline.ts), with a test stage. */

export const TEST_ACCOUNT = OFFLINE_ACCOUNT;
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
  const synthesized = await synthesizeOffline({ stage, region: TEST_REGION, env });
  // The JSON goes to the assertions library (the root package's copy of the CDK).
  return { ...synthesized, template: Template.fromJSON(synthesized.template) };
}
