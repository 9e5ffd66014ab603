import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
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

/**
 * Cold start: our handlers bundled as the stacks bundle them (stacks/bundle-like-sst.ts), beside a Bolt v5
 * hello-world on AwsLambdaReceiver bundled by SST's defaults (the reference), the same hello-world with our
 * bundling options, and an empty module (the floor). Module initialisation is the median over fresh
 * processes, interleaved so that drift hits every bundle alike. The slack init is broken down with staged
 * bundles in the same run (bench/fixtures/slack-modules.ts, zod-schemas.ts): differences of medians.
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
  type Name = keyof typeof bundles;
  const times = Object.fromEntries(Object.keys(bundles).map((k) => [k, [] as number[]])) as Record<
    Name,
    number[]
  >;
  for (const b of Object.values(bundles)) initMs(b.file); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    for (const [name, b] of Object.entries(bundles)) times[name as Name].push(initMs(b.file));
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<Name, number>;
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
