import type { ChildProcess } from "node:child_process";
import { DEMO_CREDENTIALS, startEmulator } from "@nwh/emulator";
import { startSecretsManagerStub } from "../packages/functions/test/config/secrets-manager-stub";
import { type BenchRow, median, quantile } from "./bench-row";
import { isInlineAnswer, type LocalBot, startLocalBot } from "./local-harness";
import {
  bundleSlackEnvironment,
  environmentSecretValue,
  firstCommandOfFreshEnvironment,
} from "./slack-environment";
import { startTableProcess } from "./table-process";

const WARM_SEARCHES = 15;
const OVERVIEWS = 5;
/** How far apart the overviews start: past the 100 ms spacing, so no overview waits for the one before. */
const OVERVIEW_GAP_MS = 1000;

const BENCH_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench-AbCdEf";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Round trips on the critical path at an emulated Nexudus round trip `r` ms, with the emulator's published
 * rate limits ON and the client's limiter ON, signed commands over HTTP, the table in a process of its own.
 * The two cold rows are fresh environments as Lambda runs them: the slack function's bundle in a new
 * process, its init done before the command (see `slack-environment.ts`). The first is the first command
 * a deployment ever serves: its token comes from Nexudus (the table is empty), then the search and the
 * locations. The second comes after the warm rows, when the table holds the token and the locations. The
 * warm rows run local mode (the same handler, from source) in this process. R is measured in the same run
 * (an unauthenticated request, answered 401 after the emulated latency and never counted by the
 * emulator's limits), and every bound is computed from it.
 */
export function roundTripsAt(r: number): () => Promise<BenchRow[]> {
  return async () => {
    const children: ChildProcess[] = [];
    const closers: Array<() => Promise<void>> = [];
    const emulator = await startEmulator({ rateLimit: true, credentials: DEMO_CREDENTIALS });
    emulator.faults.setLatency(r);
    let bot: LocalBot | undefined;
    try {
      const rtt = await measuredRoundTrip(emulator.url);
      const table = await startTableProcess(children);
      const slack = await bundleSlackEnvironment();
      const secrets = await startSecretsManagerStub();
      closers.push(secrets.close);
      const secret = { url: secrets.url, arn: BENCH_SECRET_ARN };
      secrets.secrets.set(
        BENCH_SECRET_ARN,
        environmentSecretValue({ url: emulator.url, credentials: DEMO_CREDENTIALS }),
      );
      const sysRequests = () => emulator.requests.filter((q) => q.path.startsWith("/api/"));

      // Cold: the first command a deployment ever serves (the table holds no token yet), in a fresh
      // environment running the function's bundle.
      const before = sysRequests().length;
      const cold = await firstCommandOfFreshEnvironment(slack, secret, table, "failing");
      const coldRequests = sysRequests().slice(before);
      const coldAnswer = cold.inline ? "inline" : "by the worker";
      await sleep(OVERVIEW_GAP_MS);

      // A warm environment (local mode, in this process) on the same table, for the warm rows.
      bot = await startLocalBot({
        clientLimiter: true,
        nexudusUrl: emulator.url,
        credentials: DEMO_CREDENTIALS,
        env: { APP_TABLE_NAME: table.tableName, AWS_ENDPOINT_URL_DYNAMODB: table.endpoint },
      });
      await bot.command("failing");
      await sleep(OVERVIEW_GAP_MS);
      const how = (answer: { status: number; body: string }) =>
        answer.status === 200 && isInlineAnswer(answer.body) ? "inline" : "by the worker";

      // The overview, warm (token and locations kept, as a warm environment has them).
      const overviews: number[] = [];
      const overviewWays = new Set<string>();
      let overviewRequests = 0;
      for (let i = 0; i < OVERVIEWS; i++) {
        const start = sysRequests().length;
        const answer = await bot.command("");
        overviewRequests = sysRequests().length - start;
        overviews.push(answer.ms);
        overviewWays.add(how(answer));
        await sleep(OVERVIEW_GAP_MS);
      }

      // Warm searches, one after another.
      const warm: number[] = [];
      const warmWays = new Set<string>();
      for (let i = 0; i < WARM_SEARCHES; i++) {
        const answer = await bot.command(i % 2 ? "failing" : "disabled");
        warm.push(answer.ms);
        warmWays.add(how(answer));
      }
      await sleep(OVERVIEW_GAP_MS);

      // A second environment, cold, of this now running deployment: the token and locations are in the table.
      const beforeJoin = sysRequests().length;
      const joined = await firstCommandOfFreshEnvironment(slack, secret, table, "failing");
      const joinedRequests = sysRequests().slice(beforeJoin);
      const throttled = emulator.requests.filter((q) => q.status === 409).length;

      const coldBound = 2 * rtt + 150;
      const overviewBound = rtt + 350;
      const warmBound = rtt + 30;
      const joinedBound = rtt + 150;
      const overviewMs = median(overviews);
      const warmMs = median(warm);
      const label = `R = ${r} ms`;
      const ref = (k: number) => ({
        name: `${k === 1 ? "" : `${k} × `}R measured (${rtt.toFixed(0)} ms)`,
        value: k * rtt,
      });
      return [
        {
          name: `round trips, ${label}: cold /webhooks failing, the first request a deployment serves (no token stored yet)`,
          value: cold.ms,
          unit: "ms",
          reference: ref(2),
          target: `≤ 2R + 150 = ${coldBound.toFixed(0)} ms, inline`,
          met: cold.ms <= coldBound && coldAnswer === "inline",
          note: `init ${cold.readyMs.toFixed(0)} ms before it, not counted; answered ${coldAnswer}; Nexudus requests: ${coldRequests.map((q) => `${q.method} ${q.path.replace("/api", "")} at +${q.at - cold.sentAt} ms`).join(", ")}`,
        },
        {
          name: `round trips, ${label}: cold /webhooks failing, a new environment of a running deployment`,
          value: joined.ms,
          unit: "ms",
          reference: ref(1),
          target: `≤ R + 150 = ${joinedBound.toFixed(0)} ms, inline`,
          met: joined.ms <= joinedBound && joined.inline,
          note: `token and locations stored by the first; answered ${joined.inline ? "inline" : "by the worker"}; Nexudus requests: ${joinedRequests.map((q) => `${q.method} ${q.path.replace("/api", "")} at +${q.at - joined.sentAt} ms`).join(", ")}`,
        },
        {
          name: `round trips, ${label}: the overview (bare /webhooks), warm`,
          value: overviewMs,
          unit: "ms",
          reference: ref(1),
          target: `≤ R + 350 = ${overviewBound.toFixed(0)} ms, inline`,
          met: overviewMs <= overviewBound && !overviewWays.has("by the worker"),
          note: `median of ${OVERVIEWS}, max ${Math.max(...overviews).toFixed(0)} ms; answered ${[...overviewWays].join(" and ")}; ${overviewRequests} Nexudus requests each`,
        },
        {
          name: `round trips, ${label}: warm searches, median`,
          value: warmMs,
          unit: "ms",
          reference: ref(1),
          target: `≤ R + 30 = ${warmBound.toFixed(0)} ms, inline`,
          met: warmMs <= warmBound && !warmWays.has("by the worker"),
          note: `${WARM_SEARCHES} one after another, p95 ${quantile(warm, 0.95).toFixed(0)} ms; answered ${[...warmWays].join(" and ")}`,
        },
        {
          name: `round trips, ${label}: 409 answers from Nexudus (the emulator's published limits)`,
          value: throttled,
          unit: "",
          target: "0",
          met: throttled === 0,
          note: `of ${emulator.requests.length} requests in this run`,
        },
      ];
    } finally {
      await bot?.close();
      for (const child of children) child.kill();
      for (const close of closers) await close();
      await emulator.close();
    }
  };
}

/**
 * The emulated round trip as a client sees it: an unauthenticated search, which the emulator answers 401
 * after its latency without counting it against any limit. Median of five, after one to open the
 * connection.
 */
async function measuredRoundTrip(baseUrl: string): Promise<number> {
  const once = async () => {
    const t0 = performance.now();
    await (await fetch(`${baseUrl}/sys/webhooks?size=1`)).text();
    return performance.now() - t0;
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push(await once());
  return median(times);
}
