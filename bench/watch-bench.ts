import { type ChildProcess, fork } from "node:child_process";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { WatchRunResult } from "@nwh/core/alerts";
import { type LocalTable, startLocalTable } from "@nwh/dynamo-local";
import { type Emulator, generateAccount, startEmulator } from "@nwh/emulator";
import { type SlackStub, startSlackStub } from "@nwh/slack-stub";
import { type BenchRow, median } from "./bench-row";

const WEBHOOKS = 10_000;
const FAILING = 2_000;
const LOCATIONS = 200;
const LATENCY_MS = 100;
const RUNS = 3;
const RSS_TARGET_MB = 256;
const STEADY_NEXUDUS_TARGET = 5;
/** Nexudus's largest page (`size`), so the fewest requests a full listing can take. */
const PAGE = 1_000;
const CHANNEL = "C0WATCHBENCH";
const TOKEN = "xoxb-bench-watch-0001";

/** Errors as Nexudus records them, with parts that vary per delivery (the watch's grouping takes them out). */
const ERRORS: ReadonlyArray<(i: number) => string> = [
  () => "The remote server returned an error: (401) Unauthorized.",
  () => "The remote server returned an error: (500) Internal Server Error.",
  (i) => `The operation has timed out after ${2900 + (i % 211)} ms.`,
  (i) => `The remote server returned an error: (502) Bad Gateway. Request ${(0x8f3a0000 + i).toString(16)}.`,
  () => "Unable to connect to the remote server",
  (i) => `The remote server returned an error: (429) Too Many Requests. Retry after ${i % 60} s.`,
];

/**
 * Counts DynamoDB requests by operation at the HTTP layer: a loopback proxy in front of dynalite. Those on
 * the shared Nexudus token's items (`…nexudus-token…`: the client's, not the watch's) are counted apart.
 */
async function countingProxy(
  target: string,
): Promise<{ url: string; counts: Map<string, number>; server: Server }> {
  const counts = new Map<string, number>();
  const { hostname, port } = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const operation = String(req.headers["x-amz-target"] ?? "?").replace(/^DynamoDB_\d+\./, "");
      const key = body.includes("nexudus-token") ? `${operation} (token)` : operation;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const upstream = httpRequest(
        { hostname, port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, counts, server };
}

/** The account: 10,000 healthy webhooks, then 2,000 of them failing over 5 hosts and 6 errors. */
function benchAccount(now: number) {
  const account = generateAccount({
    webhooks: WEBHOOKS,
    locations: LOCATIONS,
    failingRatio: 0,
    disabledRatio: 0,
    seed: 20261201,
    now,
  });
  const active = account.webhooks.filter((h) => h.Active);
  const stride = Math.floor(active.length / FAILING);
  const failing = Array.from({ length: FAILING }, (_, i) => active[i * stride]!);
  return { account, failing };
}

interface Phase {
  ms: number;
  result: WatchRunResult;
  nexudus: number;
  nexudusByPath: string;
  dynamo: Map<string, number>;
  slack: number;
  slackByMethod: string;
}

interface Run {
  first: Phase;
  steady: Phase;
  peakMb: number;
  failing: number;
  disabled: number;
}

function ask<T>(child: ChildProcess, message: unknown, wanted: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { kind: string; reason?: string }) => {
      if (m.kind === "failed") reject(new Error(`watch poll failed: ${m.reason}`));
      else if (m.kind === wanted) resolve(m as T);
      else return;
      child.off("message", onMessage);
    };
    child.on("message", onMessage);
    if (message) child.send(message as object);
  });
}

const tally = (items: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
};

/** The watch's own requests, or the token's. */
const sum = (counts: ReadonlyMap<string, number>, which: "watch" | "token" = "watch") =>
  [...counts]
    .filter(([key]) => key.endsWith("(token)") === (which === "token"))
    .reduce((a, [, n]) => a + n, 0);

/** One environment: a fresh table and a fresh child process; its first poll, then a steady one. */
async function oneRun(emulator: Emulator, stub: SlackStub, table: LocalTable): Promise<Run> {
  const proxy = await countingProxy(table.endpoint);
  const values = {
    APP_TABLE_NAME: table.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: proxy.url,
    SLACK_SIGNING_SECRET: "bench-signing-secret-0000000000",
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: stub.apiUrl,
    NEXUDUS_BASE_URL: emulator.url,
    NEXUDUS_USERNAME: emulator.credentials.username,
    NEXUDUS_PASSWORD: emulator.credentials.password,
    ALERT_CHANNEL: CHANNEL,
  };
  const here = dirname(fileURLToPath(import.meta.url));
  const child = fork(join(here, "watch-poll-child.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, WATCH_BENCH_VALUES: JSON.stringify(values), POWERTOOLS_LOG_LEVEL: "SILENT" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    await ask(child, undefined, "ready");
    const phase = async (): Promise<Phase> => {
      const requestsBefore = emulator.requests.length;
      const callsBefore = stub.calls.length;
      proxy.counts.clear();
      const { ms, result } = await ask<{ ms: number; result: WatchRunResult }>(
        child,
        { kind: "poll" },
        "polled",
      );
      const requests = emulator.requests.slice(requestsBefore);
      const calls = stub.calls.slice(callsBefore);
      return {
        ms,
        result,
        nexudus: requests.length,
        nexudusByPath: tally(requests.map((r) => `${r.method} ${r.path.replace(/^\/api/, "")}`)),
        dynamo: new Map(proxy.counts),
        slack: calls.length,
        slackByMethod: tally(calls.map((c) => c.method)),
      };
    };
    const first = await phase();
    const steady = await phase();
    const { peakMb } = await ask<{ peakMb: number }>(child, { kind: "rss" }, "rss");
    const hooks = emulator.account.webhooks;
    return {
      first,
      steady,
      peakMb,
      failing: hooks.filter((h) => h.ErrorCount > 0).length,
      disabled: hooks.filter((h) => !h.Active).length,
    };
  } finally {
    child.kill();
    await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
  }
}

/**
 * One watch poll of an account of 10,000 webhooks with 2,000 failing (over 5 target hosts and 6 errors,
 * some with variable parts, so grouping by cause matters), at 100 ms Nexudus latency with the emulator's
 * published rate limits and the client's limiter on, the table on dynalite, Slack on the stub. Each run is
 * one Lambda environment (a child process built by the composition root, nothing else in it) on a fresh
 * table: its first poll (which records the incidents and posts one summary), then a steady poll (nothing
 * changed). Nexudus requests are counted by the emulator, DynamoDB requests at dynalite's HTTP door, Slack
 * calls by the stub.
 */
export async function benchWatch(): Promise<BenchRow[]> {
  const now = Date.now();
  const { account, failing } = benchAccount(now);
  const emulator = await startEmulator({ account, latencyMs: LATENCY_MS, rateLimit: true });
  const stub = await startSlackStub({ token: TOKEN });
  for (const [i, hook] of failing.entries()) {
    const host = i % 5;
    hook.URL = [
      `https://hooks.zapier.com/hooks/catch/${1_000_000 + i}/x${i}/`,
      `https://hook.eu1.make.com/${(0xabc000 + i).toString(16)}`,
      `https://api-eu1.hubapi.com/automation/v4/webhook-triggers/${i}/abc`,
      `https://crm.example-target.test/hooks/${i}`,
      `https://api.example-coworking.com/nexudus/h${i}`,
    ][host]!;
    // 3 to 10 errors: every one opens an incident (ALERT_MIN_ERRORS 3), one in eight is disabled.
    emulator.deliveries.fail(hook.Id, 3 + (i % 8), ERRORS[Math.floor(i / 5) % ERRORS.length]!(i));
  }
  const runs: Run[] = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      const table = await startLocalTable();
      try {
        runs.push(await oneRun(emulator, stub, table));
      } finally {
        await table.close();
      }
    }
  } finally {
    await Promise.all([emulator.close(), stub.close()]);
  }
  return rowsOf(runs);
}

function rowsOf(runs: readonly Run[]): BenchRow[] {
  const last = runs.at(-1)!;
  const { failing, disabled } = last;
  // Every failing webhook, and every disabled (or paused) one: pages of 1,000, one listing of locations.
  const listPages = Math.ceil(failing / PAGE) + Math.ceil(disabled / PAGE) + 1;
  const firstFloor = listPages + 1; // and one token
  const steadyFloor = listPages;
  const firstNexudus = median(runs.map((r) => r.first.nexudus));
  const steadyNexudus = median(runs.map((r) => r.steady.nexudus));
  const firstMs = median(runs.map((r) => r.first.ms));
  const steadyMs = median(runs.map((r) => r.steady.ms));
  const firstDynamo = median(runs.map((r) => sum(r.first.dynamo)));
  const firstToken = median(runs.map((r) => sum(r.first.dynamo, "token")));
  const steadyDynamo = median(runs.map((r) => sum(r.steady.dynamo)));
  const peakMb = Math.max(...runs.map((r) => r.peakMb));
  const ops = (m: ReadonlyMap<string, number>) => [...m].map(([k, n]) => `${n} ${k}`).join(", ");
  const incidents = last.first.result.opened;
  // A poll's fixed table work: the lease (put, delete), the watch's state (get), the open incidents and the
  // mutes (one query each). The first poll adds the state's first write and one conditional write per
  // incident it records (conditional writes cannot be batched: BatchWriteItem takes no condition).
  // The subscriptions are read at each poll too (they route this poll's incidents: issue 17).
  const steadyDynamoFloor = 6;
  const firstDynamoFloor = steadyDynamoFloor + 1 + incidents;
  const name = `watch: ${WEBHOOKS.toLocaleString("en-US")} webhooks, ${failing.toLocaleString("en-US")} failing (${disabled} off), ${LATENCY_MS} ms latency, rate limits on`;
  return [
    {
      name: `${name}: first poll, wall time (median of ${runs.length})`,
      value: firstMs,
      unit: "ms",
      reference: {
        name: `R × requests = ${LATENCY_MS} ms × ${firstNexudus}`,
        value: LATENCY_MS * firstNexudus,
      },
      note: `${incidents} incidents recorded, ${last.first.result.posted} summary posted`,
    },
    {
      name: "watch: steady poll (nothing changed), wall time (median)",
      value: steadyMs,
      unit: "ms",
      reference: {
        name: `R × requests = ${LATENCY_MS} ms × ${steadyNexudus}`,
        value: LATENCY_MS * steadyNexudus,
      },
    },
    {
      name: "watch: first poll, Nexudus requests",
      value: firstNexudus,
      unit: "",
      reference: { name: `floor: token + ${listPages} list pages of ${PAGE}`, value: firstFloor },
      target: `≤ ${STEADY_NEXUDUS_TARGET} (paging: ${failing} failing need ${Math.ceil(failing / PAGE)} pages)`,
      met: firstNexudus <= Math.max(STEADY_NEXUDUS_TARGET, firstFloor),
      note: last.first.nexudusByPath,
    },
    {
      name: "watch: steady poll, Nexudus requests",
      value: steadyNexudus,
      unit: "",
      reference: { name: `floor: ${listPages} list pages of ${PAGE}`, value: steadyFloor },
      target: `≤ ${STEADY_NEXUDUS_TARGET}`,
      met: steadyNexudus <= STEADY_NEXUDUS_TARGET,
      note: last.steady.nexudusByPath,
    },
    {
      name: "watch: first poll, DynamoDB requests (the watch's own)",
      value: firstDynamo,
      unit: "",
      reference: {
        name: `floor: lease 2, state 2, 3 queries (incidents, mutes, subscriptions), 1 conditional write per incident (${incidents})`,
        value: firstDynamoFloor,
      },
      target: `≤ ${firstDynamoFloor}`,
      met: firstDynamo <= firstDynamoFloor,
      note: `${ops(last.first.dynamo)}; the shared token's: ${firstToken}, once per environment`,
    },
    {
      name: "watch: steady poll, DynamoDB requests",
      value: steadyDynamo,
      unit: "",
      reference: {
        name: "floor: lease 2, state 1, incidents 1, mutes 1, subscriptions 1",
        value: steadyDynamoFloor,
      },
      target: `≤ ${steadyDynamoFloor}`,
      met: steadyDynamo <= steadyDynamoFloor,
      note: ops(last.steady.dynamo),
    },
    {
      name: "watch: Slack calls, first poll / steady poll",
      value: median(runs.map((r) => r.first.slack)),
      unit: `/ ${median(runs.map((r) => r.steady.slack))}`,
      target: "1 summary / 0",
      met: runs.every((r) => r.first.slack === 1 && r.steady.slack === 0),
      note: last.first.slackByMethod || "none",
    },
    {
      name: "watch: peak RSS (the watch's process only, both polls)",
      value: peakMb,
      unit: "MB",
      target: `< ${RSS_TARGET_MB} MB`,
      met: peakMb < RSS_TARGET_MB,
    },
  ];
}
