import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { localTableClient } from "@nwh/dynamo-local";
import { type BenchRow, median, quantile } from "./bench-row";
import { isInlineAnswer, startBenchBot } from "./local-harness";

/** Commands that touch no Nexudus (`help`): they warm the HTTP, signing, pipeline and Block Kit code. */
const WARMUP_OFFLINE = 500;
/** Searches before the measurement, at the pace below. */
const WARMUP_SEARCHES = 20;
const REQUESTS = 100;
/**
 * One search every 600 ms, start to start: within the 108 a minute the shared budget hands out (Nexudus's 120
 * less the 12 it keeps for sends made without asking),
 * so that the limiter never has to hold a search back and what is measured is the bot's own time. At
 * this rate the limiter reserves every send in the table's shared budget (above 12 a minute), so each
 * search includes that table round trip, as it would in a busy deployment.
 */
const PACE_MS = 600;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Warm overhead: signed `/webhooks failing` through local mode's HTTP endpoint into the slack handler,
 * against the emulator with no added latency and its published rate limits ON, the client's limiter ON.
 * The reference is a bare GET /health round trip on the same server, so the HTTP floor is visible.
 * Memory over thousands of commands is the soak's row.
 */
export async function benchWarm(): Promise<BenchRow[]> {
  const bot = await startBenchBot({ rateLimit: true, clientLimiter: true });
  try {
    for (let i = 0; i < WARMUP_OFFLINE; i++) {
      await bot.command("help");
      await bot.health();
    }
    const paced = async (n: number, each: (answer: Awaited<ReturnType<typeof bot.command>>) => void) => {
      for (let i = 0; i < n; i++) {
        const started = performance.now();
        each(await bot.command("failing"));
        await sleep(Math.max(0, PACE_MS - (performance.now() - started)));
      }
    };
    await paced(WARMUP_SEARCHES, () => {});
    const times: number[] = [];
    const floor: number[] = [];
    let bad = 0;
    const searchesBefore = bot.emulator.requests.length;
    await paced(REQUESTS, (answer) => {
      if (answer.status !== 200 || !isInlineAnswer(answer.body)) bad++;
      times.push(answer.ms);
    });
    for (let i = 0; i < REQUESTS; i++) floor.push(await bot.health());
    const tableRtt = median(await tableRoundTrips(bot.local.config.table, REQUESTS));
    const sent = bot.emulator.requests.slice(searchesBefore);
    const throttled = bot.emulator.requests.filter((q) => q.status === 409).length;
    const p50 = median(times);
    const p99 = quantile(times, 0.99);
    // The reservation is a read and a conditional write of the budget's cell.
    const reference = median(floor) + 2 * tableRtt;
    return [
      {
        name: "warm: /webhooks failing, median per request (rate limits on, one search per 600 ms)",
        value: p50,
        unit: "ms",
        reference: {
          name: `GET /health round trip (${median(floor).toFixed(2)} ms) + 2 table round trips (${tableRtt.toFixed(2)} ms each)`,
          value: reference,
        },
        target: "≤ reference + 5 ms",
        met: p50 <= reference + 5 && bad === 0 && throttled === 0,
        note: `${REQUESTS} signed requests after ${WARMUP_OFFLINE} offline commands and ${WARMUP_SEARCHES} searches; ${bad} not answered inline; ${sent.length} Nexudus requests, ${throttled} answered 409; each send reserved in the table's shared budget; emulator search included`,
      },
      {
        name: "warm: p99 per request",
        value: p99,
        unit: "ms",
        target: "≤ reference + 20 ms",
        met: p99 <= reference + 20,
      },
    ];
  } finally {
    await bot.close();
  }
}

/** GetItem round trips on local mode's table (a missing item), one after another, in ms. */
async function tableRoundTrips(table: { endpoint: string; tableName: string } | undefined, n: number) {
  if (!table) throw new Error("bench: local mode has no embedded table");
  const client = localTableClient(table.endpoint);
  const times: number[] = [];
  try {
    for (let i = 0; i < n + 5; i++) {
      const t0 = performance.now();
      await client.send(
        new GetItemCommand({ TableName: table.tableName, Key: { pk: { S: "bench" }, sk: { S: "rtt" } } }),
      );
      if (i >= 5) times.push(performance.now() - t0);
    }
  } finally {
    client.destroy();
  }
  return times;
}
