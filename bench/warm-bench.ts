import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { rateBudgetKeyOf, TABLE_SCHEMA } from "@nwh/core/store";
import { localTableClient } from "@nwh/dynamo-local";
import { DEMO_CREDENTIALS } from "@nwh/emulator";
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
/** Rounds of the reference (the same pace): the HTTP floor, the reservation's write and the search, directly. */
const REFERENCE_ROUNDS = 40;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Warm overhead: signed `/webhooks failing` through local mode's HTTP endpoint into the slack handler,
 * against the emulator with no added latency and its published rate limits ON, the client's limiter ON.
 * The reference is what the same run cannot do without, each measured directly at the same pace after the
 * commands: a bare GET /health round trip on the same server (the HTTP floor), one conditional write of
 * the budget's cell as it stands (a reservation is one round trip while this environment wrote last) and
 * the same search sent straight to the emulator (whose work runs in this process, as it would not in
 * production). Memory over thousands of commands is the soak's row.
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
    const sent = bot.emulator.requests.slice(searchesBefore);
    const search = sent.find((q) => q.method === "GET" && q.path.endsWith("/sys/webhooks"));
    if (!search) throw new Error("bench: the commands sent no search");
    const table = await budgetCellWriter(bot);
    const searchUrl = `${bot.emulator.url}${search.path.replace(/^\/api/, "")}?${new URLSearchParams(search.query)}`;
    const tableTimes: number[] = [];
    const searchTimes: number[] = [];
    try {
      for (let i = 0; i < REFERENCE_ROUNDS; i++) {
        const started = performance.now();
        floor.push(await bot.health());
        tableTimes.push(await table.write());
        searchTimes.push(await directSearch(searchUrl));
        await sleep(Math.max(0, PACE_MS - (performance.now() - started)));
      }
    } finally {
      table.close();
    }
    // Besides, the figure the reference used to count: a GetItem, back to back (two of them, once).
    const getItemRtt = median(await tableRoundTrips(bot.local.config.table, REQUESTS));
    const throttled = bot.emulator.requests.filter((q) => q.status === 409).length;
    const p50 = median(times);
    const p99 = quantile(times, 0.99);
    const [http, write, found] = [median(floor), median(tableTimes), median(searchTimes)];
    const reference = http + write + found;
    return [
      {
        name: "warm: /webhooks failing, median per request (rate limits on, one search per 600 ms)",
        value: p50,
        unit: "ms",
        reference: {
          name: `GET /health round trip (${http.toFixed(2)} ms) + the reservation's conditional write (${write.toFixed(2)} ms) + the same search sent to the emulator directly (${found.toFixed(2)} ms), each at the same pace`,
          value: reference,
        },
        target: "≤ reference + 5 ms",
        met: p50 <= reference + 5 && bad === 0 && throttled === 0,
        note: `${REQUESTS} signed requests after ${WARMUP_OFFLINE} offline commands and ${WARMUP_SEARCHES} searches; ${bad} not answered inline; ${sent.length} Nexudus requests, ${throttled} answered 409; each send reserved in the table's shared budget; reference medians of ${REFERENCE_ROUNDS} rounds; the old reference, /health + 2 GetItem back to back, would be ${(http + 2 * getItemRtt).toFixed(2)} ms`,
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

/**
 * Conditional writes of the budget's cell as the commands left it (its size, its condition on the version),
 * on an item of its own, with a plain SDK client: the round trip a reservation makes.
 */
async function budgetCellWriter(bot: Awaited<ReturnType<typeof startBenchBot>>) {
  const table = bot.local.config.table;
  if (!table) throw new Error("bench: local mode has no embedded table");
  const { partitionKey: pk, sortKey: sk, ttlAttribute: ttl } = TABLE_SCHEMA;
  const client = localTableClient(table.endpoint);
  const baseUrl = bot.local.config.env.NEXUDUS_BASE_URL ?? bot.emulator.url;
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: table.tableName,
      Key: {
        [pk]: { S: `cell#${rateBudgetKeyOf(baseUrl, DEMO_CREDENTIALS.username)}` },
        [sk]: { S: "cell" },
      },
      ConsistentRead: true,
    }),
  );
  const value = Item?.value?.S;
  if (!value) throw new Error("bench: the commands left no budget cell");
  let version = 0;
  return {
    async write() {
      const until = Date.now() + 60_000;
      const t0 = performance.now();
      await client.send(
        new PutItemCommand({
          TableName: table.tableName,
          Item: {
            [pk]: { S: "cell#bench-rtt" },
            [sk]: { S: "cell" },
            value: { S: value },
            version: { N: String(version + 1) },
            untilMs: { N: String(until) },
            [ttl]: { N: String(Math.ceil(until / 1000)) },
          },
          ...(version === 0
            ? { ConditionExpression: "attribute_not_exists(#pk)", ExpressionAttributeNames: { "#pk": pk } }
            : {
                ConditionExpression: "#version = :version",
                ExpressionAttributeNames: { "#version": "version" },
                ExpressionAttributeValues: { ":version": { N: String(version) } },
              }),
        }),
      );
      version += 1;
      return performance.now() - t0;
    },
    close: () => client.destroy(),
  };
}

/** One GET of the search the commands sent, straight to the emulator (its answer read), in ms. */
async function directSearch(url: string): Promise<number> {
  const { username, password } = DEMO_CREDENTIALS;
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  const t0 = performance.now();
  const res = await fetch(url, { headers: { accept: "application/json", authorization } });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200)
    throw new Error(`bench: the direct search answered ${res.status}: ${text.slice(0, 80)}`);
  return ms;
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
