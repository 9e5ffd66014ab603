import { type BenchRow, median } from "./bench-row";
import { isFailureText, isInlineAnswer, startBenchBot } from "./local-harness";

/**
 * Within the minute the shared budget hands out (108 of Nexudus's 120), with the warm-up's searches and the
 * slow phase's 40 (each slow command's search is asked for twice: on the fast path, then by the worker).
 */
const FAST_COMMANDS = 60;
const SLOW_COMMANDS = 20;
const SLOW_CONCURRENCY = 4;

/**
 * Slack's 3-second rule, with the emulator's published rate limits and the client's limiter on. Emulator
 * latency 150 ms: every one of 90 commands must be answered inline
 * within 3 s. Latency 2.5 s: every command must be acknowledged within 3 s ("Searching…"), and every
 * result must then reach its `response_url` through the worker.
 */
export async function benchDeadline(): Promise<BenchRow[]> {
  const bot = await startBenchBot({ rateLimit: true, clientLimiter: true });
  try {
    await bot.command("failing"); // token and locations, as a warm container has them
    bot.emulator.faults.setLatency(150);
    const fast: number[] = [];
    let fastInline = 0;
    for (let i = 0; i < FAST_COMMANDS; i++) {
      const answer = await bot.command(i % 2 ? "failing" : "disabled");
      fast.push(answer.ms);
      if (answer.status === 200 && isInlineAnswer(answer.body) && answer.ms < 3000) fastInline++;
    }
    const throttled = () => bot.emulator.requests.filter((q) => q.status === 409).length;

    bot.emulator.faults.setLatency(2500);
    const stub = bot.local.config.slackStub!;
    const acks: number[] = [];
    const urls: string[] = [];
    let acked = 0;
    const started = performance.now();
    for (let i = 0; i < SLOW_COMMANDS; i += SLOW_CONCURRENCY) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(SLOW_CONCURRENCY, SLOW_COMMANDS - i) }, () => bot.command("failing")),
      );
      for (const answer of batch) {
        acks.push(answer.ms);
        urls.push(new URL(answer.responseUrl).pathname);
        if (answer.status === 200 && answer.ms < 3000) acked++;
      }
    }
    // A result, not a failure message (which has blocks too).
    const results = () =>
      urls.filter((path) =>
        stub.responses.some(
          (r) =>
            r.path === path &&
            r.status === 200 &&
            Array.isArray(r.body.blocks) &&
            !isFailureText(String(r.body.text ?? "")),
        ),
      ).length;
    const delivered = await stub
      .waitFor(() => (results() === urls.length ? urls.length : undefined), 120_000)
      .catch(results);
    const deliveredAfter = (performance.now() - started) / 1000;

    return [
      {
        name: "deadline: latency 150 ms, answered inline within 3 s",
        value: fastInline,
        unit: `of ${FAST_COMMANDS}`,
        target: `all ${FAST_COMMANDS}`,
        met: fastInline === FAST_COMMANDS,
        note: `median ${median(fast).toFixed(0)} ms, max ${Math.max(...fast).toFixed(0)} ms; rate limits on, ${throttled()} 409s in the whole run`,
      },
      {
        name: "deadline: latency 2.5 s, acknowledged within 3 s",
        value: acked,
        unit: `of ${SLOW_COMMANDS}`,
        target: `all ${SLOW_COMMANDS}`,
        met: acked === SLOW_COMMANDS,
        note: `median ack ${median(acks).toFixed(0)} ms, max ${Math.max(...acks).toFixed(0)} ms, ${SLOW_CONCURRENCY} at a time`,
      },
      {
        name: "deadline: latency 2.5 s, results delivered to response_url",
        value: delivered,
        unit: `of ${SLOW_COMMANDS}`,
        target: `all ${SLOW_COMMANDS}`,
        met: delivered === SLOW_COMMANDS,
        note: `all delivered ${deliveredAfter.toFixed(1)} s after the first command`,
      },
    ];
  } finally {
    await bot.close();
  }
}
