import { systemClock } from "@nwh/core/clock";
import { runDigest } from "@nwh/core/digest";
import { createNexudusClient } from "@nwh/core/nexudus";
import { type Account, generateAccount, startEmulator } from "@nwh/emulator";
import { createMemorySlackPort } from "../packages/core/test/support/memory-slack-port";
import { memoryStore } from "../packages/core/test/support/memory-store";
import { type BenchRow, median } from "./bench-row";

const WEBHOOKS = 3_000;
const LOCATIONS = 50;
const HOSTILE = 50;
const LENGTH = 100_000;
const RUNS = 5;
/** "The same time": the digest with the hostile records may take this much longer at most. */
const TARGET_RATIO = 1.25;

/** The shapes that made redaction quadratic, each `LENGTH` characters long. */
const SHAPES: ReadonlyArray<(n: number) => string> = [
  (n) => "0123456789abcdef".repeat(Math.ceil(n / 16)).slice(0, n),
  (n) => "a".repeat(n),
  (n) => `https://x.example/cb?${"a".repeat(n - 21)}`,
  (n) => "xkey=".repeat(Math.ceil(n / 5)).slice(0, n),
  (n) => `https://x.example/${".".repeat(n - 19)}a`,
];

/** Ordinary text of the same length: what the hostile shapes are compared with, at equal volume. */
const PROSE = (n: number) =>
  "The remote server returned an error: (500) Internal Server Error. POST https://hooks.example.com/in?x=1 failed. "
    .repeat(Math.ceil(n / 110))
    .slice(0, n);

/**
 * One digest run against `account`. `realistic`: 100 ms of latency per request and the published rate limits
 * (what a run in AWS sees); otherwise neither, so that what is measured is the bot's own work.
 */
async function digestMs(account: Account, realistic: boolean): Promise<number> {
  const emulator = await startEmulator({ account, rateLimit: realistic, latencyMs: realistic ? 100 : 0 });
  try {
    const client = createNexudusClient({
      baseUrl: emulator.url,
      auth: { scheme: "bearer", ...emulator.credentials },
      ...(realistic ? {} : { limiter: false as const }),
    });
    const started = performance.now();
    const result = await runDigest({
      client,
      slack: createMemorySlackPort(systemClock),
      store: memoryStore(systemClock),
      clock: systemClock,
      sleep: async () => {},
      config: { channel: "C0BENCH", timeZone: "UTC", minErrors: 1, allClear: true },
    });
    const ms = performance.now() - started;
    if (result.status !== "posted") throw new Error(`digest ${result.status}`);
    return ms;
  } finally {
    await emulator.close();
  }
}

/** Medians of `RUNS` runs of two accounts taking turns (after a warm-up of the first). */
async function compare(a: Account, b: Account, realistic: boolean): Promise<[number, number]> {
  await digestMs(a, realistic);
  const as: number[] = [];
  const bs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    as.push(await digestMs(a, realistic));
    bs.push(await digestMs(b, realistic));
  }
  return [median(as), median(bs)];
}

/**
 * The digest of 3,000 webhooks, with and without 50 failing ones whose LastError is a 100,000-character
 * adversarial run (hex, letters, a query without `=`, `xkey=` repeated, dots after a URL). Redaction was
 * quadratic on these: 50 of them would have reached the Lambda timeout. The reference for "the same time" is
 * the same 50 records holding 100,000 characters of prose, so both move the same amount of text and only its
 * shape differs: once as a run in AWS sees it (100 ms latency, rate limits on), once the bot's own work alone
 * (neither). A third row shows what moving that much text costs at all, against short LastErrors. Each
 * figure is the ratio of the medians of five runs, the two accounts taking turns.
 */
export async function benchHostileDigest(): Promise<BenchRow[]> {
  const now = Date.now();
  const ordinary = generateAccount({
    webhooks: WEBHOOKS,
    locations: LOCATIONS,
    failingRatio: 0.15,
    seed: 20261201,
    now,
  });
  const withText = (text: (i: number) => string) => {
    const account = structuredClone(ordinary);
    const failing = account.webhooks.filter((w) => w.ErrorCount > 0);
    if (failing.length < HOSTILE) throw new Error("not enough failing webhooks");
    failing.slice(0, HOSTILE).forEach((w, i) => {
      w.LastError = text(i);
    });
    return account;
  };
  const hostile = withText((i) => SHAPES[i % SHAPES.length]!(LENGTH));
  const prose = withText(() => PROSE(LENGTH));

  const [realProse, realHostile] = await compare(prose, hostile, true);
  const [cpuProse, cpuHostile] = await compare(prose, hostile, false);
  const [realOrdinary, realHostileAgain] = await compare(ordinary, hostile, true);
  const what = `${WEBHOOKS.toLocaleString("en-US")} webhooks, ${HOSTILE} with a ${LENGTH.toLocaleString("en-US")}-char adversarial LastError`;
  const row = (
    name: string,
    value: number,
    reference: number,
    refName: string,
    target: boolean,
  ): BenchRow => ({
    name,
    value: value / reference,
    unit: "×",
    reference: { name: refName, value: reference },
    ...(target ? { target: `≤ ${TARGET_RATIO}`, met: value / reference <= TARGET_RATIO } : {}),
    note: `median of ${RUNS} runs each, taking turns: ${value.toFixed(0)} ms vs ${reference.toFixed(0)} ms`,
  });
  return [
    row(
      `digest: ${what} ÷ the same records holding prose (100 ms latency, rate limits on)`,
      realHostile,
      realProse,
      "50 × 100,000 chars of prose, ms",
      true,
    ),
    row(
      `digest: the same, the bot's own work (no latency, no limits)`,
      cpuHostile,
      cpuProse,
      "50 × 100,000 chars of prose, ms",
      true,
    ),
    row(
      `digest: ${what} ÷ ordinary LastErrors (100 ms latency, rate limits on): moving 5 MB of text`,
      realHostileAgain,
      realOrdinary,
      "short LastErrors, ms",
      false,
    ),
  ];
}
