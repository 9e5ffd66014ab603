import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { NEXUDUS_LIMITS } from "@nwh/core/nexudus";
import { DEMO_CREDENTIALS, startEmulator } from "@nwh/emulator";
import type { BenchRow } from "./bench-row";
import { startTableProcess } from "./table-process";

const ENVIRONMENTS = 4;
/** Each environment's burst: past the 12 queued requests at which the limiter reserves in the table, and, with the slots given up when reached late, within one minute of the shared budget (108). */
const BURST = 20;
const LATENCY_MS = 100;

const here = dirname(fileURLToPath(import.meta.url));

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/**
 * A burst from 4 Lambda environments of one API user at once (20 searches each, all asked for together),
 * against the emulator with the published rate limits on and 100 ms of latency. Each environment is a
 * process of its own, built as the composition root builds it (its own clients, limiter and caches) on one
 * table (dynalite over HTTP, in a process of its own too), so the limiters reserve their sends in the table's rate budget. The reference is the same burst
 * with each environment on its own limiter only.
 */
export async function benchSharedBudget(): Promise<BenchRow[]> {
  const shared = await burst(true);
  const alone = await burst(false);
  const bound = 1000 / NEXUDUS_LIMITS.minIntervalMs;
  return [
    {
      name: `shared budget: burst of ${ENVIRONMENTS} environments × ${BURST} searches, rate limits on: 409 answers`,
      value: shared.throttled,
      unit: "",
      reference: {
        name: "the same burst, each environment on its own limiter: 409 answers",
        value: alone.throttled,
      },
      target: "0",
      met: shared.throttled === 0 && shared.failed === 0,
      note: `${shared.requests} Nexudus requests, ${shared.failed} searches failed; closest arrivals ${shared.closestMs} ms apart; busiest minute ${shared.busiestMinute}`,
    },
    {
      name: "shared budget: throughput of the burst (arrivals per second, first to last)",
      value: shared.perSecond,
      unit: "/s",
      reference: { name: "Nexudus's bound, one arrival per 100 ms", value: bound },
      target: `≥ 0.75 × bound (the 20 ms margin allows ${(1000 / (NEXUDUS_LIMITS.minIntervalMs + 20)).toFixed(2)})`,
      met: shared.perSecond >= 0.75 * bound,
      note: `all ${ENVIRONMENTS * BURST} searches answered in ${(shared.wallMs / 1000).toFixed(1)} s; alone: ${alone.perSecond.toFixed(2)}/s with ${alone.throttled} 409s retried`,
    },
  ];
}

async function burst(sharedBudget: boolean) {
  const emulator = await startEmulator({ rateLimit: true, credentials: DEMO_CREDENTIALS });
  emulator.faults.setLatency(LATENCY_MS);
  const children: ChildProcess[] = [];
  try {
    const table = await startTableProcess(children);
    const config = {
      SLACK_SIGNING_SECRET: "bench-signing-secret",
      SLACK_BOT_TOKEN: "xoxb-bench",
      NEXUDUS_BASE_URL: emulator.url,
      NEXUDUS_USERNAME: DEMO_CREDENTIALS.username,
      NEXUDUS_PASSWORD: DEMO_CREDENTIALS.password,
      APP_TABLE_NAME: table.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    };
    const environments = Array.from({ length: ENVIRONMENTS }, () => {
      const child = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          join(here, "shared-budget-environment.ts"),
          String(BURST),
          sharedBudget ? "shared" : "alone",
        ],
        { stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, BENCH_CONFIG: JSON.stringify(config) } },
      );
      children.push(child);
      const lines = createInterface({ input: child.stdout! });
      const said = (prefix: string) =>
        new Promise<string>((resolve, reject) => {
          lines.on("line", (line) => line.startsWith(prefix) && resolve(line));
          child.on("exit", (code) => reject(new Error(`an environment exited (${code}) before "${prefix}"`)));
        });
      return { child, ready: said("ready"), failed: said("failed ") };
    });
    await Promise.all(environments.map((e) => e.ready));
    const warmUps = emulator.requests.length;
    const t0 = performance.now();
    for (const e of environments) e.child.stdin!.write("go\n");
    const failed = (await Promise.all(environments.map((e) => e.failed))).reduce(
      (n, line) => n + Number(line.slice("failed ".length)),
      0,
    );
    const wallMs = performance.now() - t0;
    return { ...arrivals(emulator.requests.slice(warmUps)), wallMs, failed };
  } finally {
    for (const child of children) child.kill();
    await emulator.close();
  }
}

/** What the emulator saw of the burst: every request of this API user, in arrival order. */
function arrivals(requests: Emulator["requests"]) {
  const seen = requests.filter((r) => r.path.startsWith("/api/"));
  const times = seen.map((r) => r.at).sort((a, b) => a - b);
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
  return {
    requests: seen.length,
    throttled: seen.filter((r) => r.status === 409).length,
    closestMs: gaps.length ? Math.min(...gaps) : Number.NaN,
    busiestMinute: Math.max(0, ...times.map((t) => times.filter((u) => u > t - 60_000 && u <= t).length)),
    perSecond: span > 0 ? ((times.length - 1) * 1000) / span : Number.NaN,
  };
}
