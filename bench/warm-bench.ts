import { type BenchRow, median, quantile } from "./bench-row";
import { isInlineAnswer, startBenchBot } from "./local-harness";

const WARMUP = 1000;
const REQUESTS = 1000;
const MB = 1024 * 1024;

/**
 * Warm overhead: signed `/webhooks failing` through local mode's HTTP endpoint into the slack handler,
 * against the emulator with no added latency, 1,000 sequential requests after a warm-up. The emulator's
 * rate limits and the client's limiter are off (their waits are deliberate, not overhead). The reference is
 * a bare GET /health round trip on the same server, so the HTTP floor is visible.
 */
export async function benchWarm(): Promise<BenchRow[]> {
  const bot = await startBenchBot({ rateLimit: false, clientLimiter: false });
  try {
    // The warm-up runs the same loop as the measurement, so V8's heap sizing has settled before RSS is read.
    for (let i = 0; i < WARMUP; i++) {
      await bot.command("failing");
      await bot.health();
    }
    globalThis.gc?.();
    const before = process.memoryUsage();
    const times: number[] = [];
    const floor: number[] = [];
    let bad = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const answer = await bot.command("failing");
      if (answer.status !== 200 || !isInlineAnswer(answer.body)) bad++;
      times.push(answer.ms);
      floor.push(await bot.health());
    }
    globalThis.gc?.();
    const after = process.memoryUsage();
    const growth = (after.rss - before.rss) / MB;
    const retained = (after.heapUsed - before.heapUsed) / MB;
    const p50 = median(times);
    const p99 = quantile(times, 0.99);
    const floorMedian = median(floor);
    return [
      {
        name: "warm: /webhooks failing, median per request",
        value: p50,
        unit: "ms",
        reference: { name: "GET /health round trip", value: floorMedian },
        target: "≤ 5 ms",
        met: p50 <= 5 && bad === 0,
        note: `${REQUESTS} signed requests, ${bad} not answered inline, emulator search included`,
      },
      { name: "warm: p99 per request", value: p99, unit: "ms", target: "≤ 20 ms", met: p99 <= 20 },
      {
        name: "warm: RSS growth after warm-up",
        value: growth,
        unit: "MB",
        target: "≤ 10 MB",
        met: growth <= 10,
        note: `whole process (bot, emulator and Slack stub, which records every request); retained heap after GC ${retained.toFixed(1)} MB`,
      },
    ];
  } finally {
    await bot.close();
  }
}
