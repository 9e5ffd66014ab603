import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { commandBody, signedEvent } from "../packages/functions/test/support/api-gateway";
import { bundleLikeSst } from "../stacks/bundle-like-sst";
import { type BenchRow, median } from "./bench-row";

const RUNS = 21;
const outDir = join(dirname(fileURLToPath(import.meta.url)), "out");

/** Environment a handler needs to initialise without AWS (no APP_SECRET_ARN: everything from env). */
const HANDLER_ENV = {
  SLACK_SIGNING_SECRET: "bench-signing-secret",
  SLACK_BOT_TOKEN: "xoxb-bench",
  SLACK_API_URL: "http://127.0.0.1:9/api/",
  NEXUDUS_BASE_URL: "http://127.0.0.1:9/api",
  NEXUDUS_USERNAME: "bench@example.com",
  NEXUDUS_PASSWORD: "bench-password",
  DIGEST_CHANNEL: "C0BENCH",
  // The stack puts the deploy-time zone in every function's environment, so init always checks one.
  DIGEST_TIMEZONE: "Europe/London",
  WORKER_FUNCTION_NAME: "bench-worker",
  // The stack sets it on every function; nothing reads the table at init.
  APP_TABLE_NAME: "bench-table",
  AWS_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
};

// The child measures only the import: module evaluation incl. top-level await (config, App, clients).
const HARNESS = `
const { pathToFileURL } = await import("node:url");
const t0 = performance.now();
await import(pathToFileURL(process.argv[1]).href);
process.stdout.write(String(performance.now() - t0));
`;

function initMs(file: string): number {
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", HARNESS, file], {
    env: { PATH: process.env.PATH, ...HANDLER_ENV },
    encoding: "utf8",
  });
  if (out.status !== 0) throw new Error(`init of ${file} failed: ${out.stderr.slice(0, 500)}`);
  return Number(out.stdout);
}

/*
 * What a Lambda's first user waits for: the import, then one request handled end to end (the event is
 * signed by the parent, before the clock starts). The answer must be the expected one, or the run fails.
 * The process exits at once: work the handler left running (the Nexudus token prepared in the
 * background) is not waited for, as Lambda freezes it after the answer.
 */
const FIRST_REQUEST_HARNESS = `
const { pathToFileURL } = await import("node:url");
const event = JSON.parse(process.env.BENCH_EVENT);
const context = {
  functionName: "bench", functionVersion: "$LATEST", memoryLimitInMB: "1024", awsRequestId: "bench-request",
  invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:bench", logGroupName: "/aws/lambda/bench",
  logStreamName: "bench", callbackWaitsForEmptyEventLoop: false, getRemainingTimeInMillis: () => 3000,
  done() {}, fail() {}, succeed() {},
};
const t0 = performance.now();
const { handler } = await import(pathToFileURL(process.argv[1]).href);
const answer = await handler(event, context);
const ms = performance.now() - t0;
if (answer.statusCode !== 200 || !String(answer.body).includes(process.env.BENCH_EXPECT)) {
  process.stderr.write("unexpected answer: " + JSON.stringify(answer).slice(0, 300));
  process.exit(1);
}
process.stdout.write(String(ms));
process.exit(0);
`;

/** A slash command as API Gateway v2 delivers it, signed now with the bench's signing secret. */
function commandEvent(command: string, text: string): APIGatewayProxyEventV2 {
  const body = new URLSearchParams(
    commandBody({ text, userId: "U0BENCH001", responseUrl: "https://hooks.slack.com/commands/T0/1/bench" }),
  );
  body.set("command", command);
  return signedEvent({
    body: body.toString(),
    contentType: "application/x-www-form-urlencoded",
    secret: HANDLER_ENV.SLACK_SIGNING_SECRET,
  });
}

function firstRequestMs(file: string, command: string, text: string, expect: string): number {
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", FIRST_REQUEST_HARNESS, file], {
    env: {
      PATH: process.env.PATH,
      ...HANDLER_ENV,
      // The token prepared in the background reads the shared token first: on loopback, refused at once.
      AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:9",
      POWERTOOLS_LOG_LEVEL: "ERROR",
      BENCH_EVENT: JSON.stringify(commandEvent(command, text)),
      BENCH_EXPECT: expect,
    },
    encoding: "utf8",
    timeout: 30_000,
  });
  if (out.status !== 0) throw new Error(`first request of ${file} failed: ${out.stderr.slice(0, 500)}`);
  return Number(out.stdout);
}

/**
 * Cold start: our handlers bundled as the stacks bundle them (stacks/bundle-like-sst.ts), beside a Bolt v5
 * hello-world on AwsLambdaReceiver bundled by SST's defaults (the reference), the same hello-world with our
 * bundling options, and an empty module (the floor). Module initialisation is the median over fresh
 * processes, interleaved so that drift hits every bundle alike. The slack init is broken down with staged
 * bundles in the same run (bench/fixtures/slack-modules.ts, zod-schemas.ts): differences of medians. What
 * is deferred to first use is counted by a second measure: init plus the first request, handled end to end.
 */
export async function benchColdStart(): Promise<BenchRow[]> {
  const bundles = {
    empty: await bundleLikeSst("bench/fixtures/empty-handler.ts", "empty", { outDir, plain: true }),
    hello: await bundleLikeSst("bench/fixtures/hello-bolt.ts", "hello-bolt", { outDir, plain: true }),
    helloTrimmed: await bundleLikeSst("bench/fixtures/hello-bolt.ts", "hello-bolt-trimmed", { outDir }),
    slack: await bundleLikeSst("packages/functions/src/slack.ts", "slack", { outDir }),
    worker: await bundleLikeSst("packages/functions/src/worker.ts", "worker", { outDir }),
    digest: await bundleLikeSst("packages/functions/src/digest.ts", "digest", { outDir }),
    watch: await bundleLikeSst("packages/functions/src/watch.ts", "watch", { outDir }),
    // The breakdown's stages: the slack module graph without building anything, and zod's part alone.
    slackModules: await bundleLikeSst("bench/fixtures/slack-modules.ts", "slack-modules", { outDir }),
    zodSchemas: await bundleLikeSst("bench/fixtures/zod-schemas.ts", "zod-schemas", { outDir }),
  };
  // The hello-world's first request needs no `auth.test` (no network): `authorize` gives the token.
  const helloFirst = await bundleLikeSst(
    "bench/fixtures/hello-bolt-no-auth-test.ts",
    "hello-bolt-no-auth-test",
    {
      outDir,
    },
  );
  type Name = keyof typeof bundles;
  const times = Object.fromEntries(Object.keys(bundles).map((k) => [k, [] as number[]])) as Record<
    Name,
    number[]
  >;
  // Init plus the first request: `/webhooks help` answered inline by the slack function, `/hello` by the
  // trimmed hello-world, both with no network (fresh processes, interleaved with the init runs).
  const firstRequests = {
    slack: () => firstRequestMs(bundles.slack.file, "/webhooks", "help", "/webhooks"),
    hello: () => firstRequestMs(helloFirst.file, "/hello", "", "Hello!"),
  };
  const firstTimes = { slack: [] as number[], hello: [] as number[] };
  for (const b of Object.values(bundles)) initMs(b.file); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    for (const [name, b] of Object.entries(bundles)) times[name as Name].push(initMs(b.file));
    firstTimes.slack.push(firstRequests.slack());
    firstTimes.hello.push(firstRequests.hello());
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<Name, number>;
  const first = { slack: median(firstTimes.slack), hello: median(firstTimes.hello) };
  const firstRatio = first.slack / first.hello;
  const ratio = m.slack / m.hello;
  const trimmedRatio = m.slack / m.helloTrimmed;
  // Each part is a difference of medians taken in this run (see the fixtures), so the parts add up to the
  // slack init: Bolt's smallest app, then our module graph on top of it, then building the dependencies.
  const parts = {
    bolt: m.helloTrimmed - m.empty,
    modules: m.slackModules - m.helloTrimmed,
    zod: m.zodSchemas - m.empty,
    build: m.slack - m.slackModules,
  };
  const mb = (bytes: number) => bytes / 1024 / 1024;
  return [
    {
      name: "cold start: slack handler init ÷ Bolt hello-world init",
      value: ratio,
      unit: "×",
      reference: {
        name: `hello-world as SST bundles it, ${m.hello.toFixed(1)} ms; empty module`,
        value: m.empty,
      },
      target: "≤ 1.10 (stretch ≤ 1.00)",
      met: ratio <= 1.1,
      note: `slack ${m.slack.toFixed(1)} ms, median of ${RUNS} fresh processes`,
    },
    {
      name: "cold start: slack init ÷ hello-world with our bundling (receivers trimmed too)",
      value: trimmedRatio,
      unit: "×",
      reference: { name: "hello-world, trimmed", value: m.helloTrimmed },
      target: "≤ 1.25",
      met: trimmedRatio <= 1.25,
      note: "what our own code adds to the smallest Bolt app",
    },
    {
      name: "cold start: slack init + first request (`/webhooks help` answered inline) ÷ hello-world's init + `/hello`, both trimmed",
      value: firstRatio,
      unit: "×",
      reference: { name: "trimmed hello-world, init + first command", value: first.hello },
      target: "≤ 1.25, as the init",
      met: firstRatio <= 1.25,
      note: `slack ${first.slack.toFixed(1)} ms: what the first user of an environment waits for, lazily loaded parts included`,
    },
    {
      name: "cold start: slack init breakdown (differences of medians of staged bundles, this run)",
      value: m.slack - m.helloTrimmed,
      unit: "ms ours",
      reference: { name: "Bolt hello-world, trimmed, above the empty module", value: parts.bolt },
      note:
        `empty module ${m.empty.toFixed(1)} ms + Bolt app ${parts.bolt.toFixed(1)} ms + our module graph ` +
        `${parts.modules.toFixed(1)} ms (of which zod and its import-time schemas ${parts.zod.toFixed(1)} ms) + ` +
        `building config, clients and the App ${parts.build.toFixed(1)} ms`,
    },
    {
      name: "cold start: slack bundle loaded at init",
      value: mb(bundles.slack.bytes),
      unit: "MB",
      note: `${mb(bundles.slack.totalBytes).toFixed(2)} MB with the lazily loaded AWS SDK chunks`,
      reference: { name: "hello-world bundle as SST bundles it", value: mb(bundles.hello.bytes) },
      target: "≤ 2 MB",
      met: bundles.slack.bytes <= 2 * 1024 * 1024,
    },
    {
      name: "cold start: worker init",
      value: m.worker,
      unit: "ms",
      reference: { name: "empty module", value: m.empty },
      note: `${mb(bundles.worker.bytes).toFixed(2)} MB loaded at init, ${mb(bundles.worker.totalBytes).toFixed(2)} MB in all`,
    },
    {
      name: "cold start: watch init (no Bolt)",
      value: m.watch,
      unit: "ms",
      reference: { name: "empty module", value: m.empty },
      note: `${mb(bundles.watch.bytes).toFixed(2)} MB loaded at init, ${mb(bundles.watch.totalBytes).toFixed(2)} MB in all`,
    },
    {
      name: "cold start: digest init (no Bolt)",
      value: m.digest,
      unit: "ms",
      reference: { name: "empty module", value: m.empty },
      note: `${mb(bundles.digest.bytes).toFixed(2)} MB loaded at init, ${mb(bundles.digest.totalBytes).toFixed(2)} MB in all`,
    },
  ];
}
