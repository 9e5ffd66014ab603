import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as logs from "aws-cdk-lib/aws-logs";
import { Function as SstFunction, type Stack } from "sst/constructs";
import { trimBoltReceivers } from "./trim-bolt";

/** How long function and API logs are kept: long enough to debug last month's digest, no longer. */
export const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

/** How SST bundles every bot function (also used by `npm run bench` and the bundle test, to match). */
export const BOT_NODEJS_OPTIONS = {
  format: "esm" as const,
  minify: true,
  sourcemap: true,
  splitting: true,
  esbuild: { plugins: [trimBoltReceivers] },
};

/** The parts that differ between the bot's functions. */
export interface BotFunctionProps {
  handler: string;
  description: string;
  memorySize: number;
  /** Seconds. */
  timeout: number;
  environment: Record<string, string>;
  /** Lambda's own retries of an asynchronous invocation (0–2). */
  retryAttempts?: number;
  /** How long an asynchronous invocation may wait in Lambda's queue before it is dropped (60–21600 s). */
  maxEventAgeSeconds?: number;
}

/**
 * A bot Lambda: nodejs22.x on arm64 (cheaper per GB-second, and every dependency is pure JavaScript),
 * an ESM bundle minified with its source map, and its own log group with a retention, so logs do not
 * pile up forever and no log-retention helper function is needed.
 *
 * Cold start (measured by `npm run bench`): code splitting keeps the AWS SDK clients, loaded on first
 * use, out of the start-up chunk; `trimBoltReceivers` drops the Bolt receivers a Lambda never builds; and
 * `--enable-source-maps` is not set, because it adds about 20% to module initialisation while our logs
 * carry error names and messages, not stacks (the map still ships beside the bundle for debugging).
 */
export function botFunction(stack: Stack, id: string, props: BotFunctionProps): SstFunction {
  const logGroup = new logs.LogGroup(stack, `${id}Logs`, {
    retention: LOG_RETENTION,
    removalPolicy: stack.stage === "prod" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  const fn = new SstFunction(stack, id, {
    handler: props.handler,
    description: props.description,
    runtime: "nodejs22.x",
    architecture: "arm_64",
    memorySize: props.memorySize,
    timeout: props.timeout,
    retryAttempts: props.retryAttempts,
    ...(props.maxEventAgeSeconds !== undefined
      ? { maxEventAge: Duration.seconds(props.maxEventAgeSeconds) }
      : {}),
    logGroup,
    // X-Ray adds cost and an xray:* grant on "*"; the logs carry what is needed.
    tracing: "disabled",
    nodejs: BOT_NODEJS_OPTIONS,
    // Every log line names its function (Powertools reads it): without it, each says "service_undefined".
    environment: { POWERTOOLS_SERVICE_NAME: `nexudus-webhooks-${id.toLowerCase()}`, ...props.environment },
  });
  return fn;
}
