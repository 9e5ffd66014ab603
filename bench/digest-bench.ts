import { systemClock } from "@nwh/core/clock";
import { runDigest } from "@nwh/core/digest";
import { createNexudusClient } from "@nwh/core/nexudus";
import { generateAccount, startEmulator } from "@nwh/emulator";
import {
  createMemorySlackPort,
  type StoredSlackMessage,
} from "../packages/core/test/support/memory-slack-port";
import { memoryStore } from "../packages/core/test/support/memory-store";
import type { BenchRow } from "./bench-row";

const WEBHOOKS = 10_000;
const LOCATIONS = 200;
const LATENCY_MS = 100;
const RSS_TARGET_MB = 256;

/** Ids named in the thread (`*Name* #id · …`) and webhooks counted per location (`• *Loc*: 3 disabled, 9 failing — …`). */
function coverage(messages: readonly StoredSlackMessage[]): { named: Set<number>; counted: number } {
  const named = new Set<number>();
  let counted = 0;
  for (const m of messages) {
    if (!m.thread_ts) continue;
    for (const block of m.blocks) {
      const text: string = block.type === "section" ? (block.text?.text ?? "") : "";
      for (const hit of text.matchAll(/\* #(\d+) · /g)) named.add(Number(hit[1]));
      for (const hit of text.matchAll(/^• \*.*?\*: (?:(\d+) disabled)?(?:, )?(?:(\d+) failing)? — /gm)) {
        counted += Number(hit[1] ?? 0) + Number(hit[2] ?? 0);
      }
    }
  }
  return { named, counted };
}

/**
 * The daily digest at scale: 10,000 webhooks over 200 locations, 15 % failing and 3 % disabled, served by the
 * emulator with 100 ms latency and the published rate limits on, read by the real client with its limiter.
 * Slack is an in-memory channel and the 1 s pacing between posts is not slept (its cost is reported,
 * computed). Peak RSS is the whole process, the emulator and its 10,000 records included.
 */
export async function benchDigest(): Promise<BenchRow[]> {
  const now = Date.now();
  const account = generateAccount({
    webhooks: WEBHOOKS,
    locations: LOCATIONS,
    failingRatio: 0.15,
    seed: 20261130,
    now,
  });
  const inTrouble = account.webhooks.filter((w) => w.ErrorCount > 0).length;
  const emulator = await startEmulator({ account, latencyMs: LATENCY_MS, rateLimit: true });
  try {
    const client = createNexudusClient({
      baseUrl: emulator.url,
      auth: { scheme: "bearer", ...emulator.credentials },
    });
    const slack = createMemorySlackPort(systemClock);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const started = performance.now();
    const result = await runDigest({
      client,
      slack,
      store: memoryStore(systemClock),
      clock: systemClock,
      sleep: async () => {},
      config: { channel: "C0BENCH", timeZone: "Europe/London", minErrors: 1, allClear: true },
    });
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);

    const { named, counted } = coverage(slack.messages);
    const covered = named.size + counted;
    const nexudusRequests = emulator.requests.length;
    const sysRequests = emulator.requests.filter((r) => r.path.includes("/sys/")).length;
    const peakMb = peak / 2 ** 20;
    return [
      {
        name: `digest: ${WEBHOOKS.toLocaleString("en-US")} webhooks / ${LOCATIONS} locations, ${LATENCY_MS} ms latency, rate limits on: wall time`,
        value: wallMs,
        unit: "ms",
        note: `${result.status}; Slack pacing not slept`,
      },
      {
        name: "digest: Nexudus requests",
        value: nexudusRequests,
        unit: "",
        note: `${sysRequests} searches + ${nexudusRequests - sysRequests} token`,
      },
      {
        name: "digest: peak RSS (whole process, emulator included)",
        value: peakMb,
        unit: "MB",
        target: `< ${RSS_TARGET_MB} MB`,
        met: peakMb < RSS_TARGET_MB,
      },
      {
        name: "digest: messages posted (parent + thread)",
        value: result.messagesPosted,
        unit: "",
        note: `at Slack's 1 message/s the posting takes about ${Math.max(0, result.messagesPosted - 1)} s more`,
      },
      {
        name: "digest: webhooks in trouble named or counted",
        value: covered,
        unit: `of ${inTrouble}`,
        target: "all",
        met: covered === inTrouble && named.size === (result.named ?? -1),
        note: `${named.size} named, ${counted} counted per location`,
      },
    ];
  } finally {
    await emulator.close();
  }
}
