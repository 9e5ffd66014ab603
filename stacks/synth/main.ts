import { writeFile } from "node:fs/promises";
import { describeTemplate } from "./describe-template";

// SST loads the AWS SDK v2, which prints an end-of-support notice on load; nothing here calls AWS.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= "1";
const { OFFLINE_ACCOUNT, synthesizeOffline } = await import("./synth-offline");

/*
 * `npm run synth -- --stage prod [--region eu-west-1] [--out template.json]`: synthesizes the stacks the
 * way the tests do, with no AWS account, credentials or network, and prints what a deploy would create:
 * the resources, each function's limits, each role's grants and the outputs. `npm run build` (`sst build`)
 * needs credentials; this does not.
 */

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
}

const stage = option("stage") ?? "prod";
const region = option("region") ?? process.env.AWS_REGION ?? "us-east-1";
const out = option("out");
try {
  const { template, stack } = await synthesizeOffline({ stage, region });
  console.log(
    describeTemplate(
      template,
      `Stack ${stack.stackName} (stage ${stage}, region ${region}, account ${OFFLINE_ACCOUNT} as a placeholder: synthesized offline)`,
    ),
  );
  if (out) {
    await writeFile(out, `${JSON.stringify(template, null, 2)}\n`);
    console.log(`\nTemplate written to ${out}`);
  }
  process.exit(0);
} catch (error) {
  console.error(`synth failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
