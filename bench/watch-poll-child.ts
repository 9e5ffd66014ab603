import { parseConfig } from "@nwh/core/config";
import { buildWatchDeps, createLogger, createWatchHandler, loadTuning } from "@nwh/functions";

/*
 * One Lambda environment of the watch, for `bench/watch-bench.ts`: built by the composition root from the
 * configuration values it is given (`WATCH_BENCH_VALUES`), it polls when the parent says `poll` and answers
 * with the poll's wall time and result; `rss` answers the process's peak RSS. Nothing else lives in this
 * process, so its peak RSS is the watch's own (Node and the modules it loads included).
 */

type Ask = { kind: "poll" } | { kind: "rss" };

const values = JSON.parse(process.env.WATCH_BENCH_VALUES ?? "{}") as Record<string, string>;
const config = parseConfig(values);
const logger = createLogger({ logLevel: "SILENT" });
const watch = createWatchHandler(async () => buildWatchDeps(config, { logger, tuning: loadTuning(values) }));

process.on("message", async (ask: Ask) => {
  if (ask.kind === "rss") {
    // maxRSS is in KiB (Node's resourceUsage).
    process.send?.({ kind: "rss", peakMb: process.resourceUsage().maxRSS / 1024 });
    return;
  }
  const started = performance.now();
  try {
    const result = await watch();
    process.send?.({ kind: "polled", ms: performance.now() - started, result });
  } catch (error) {
    process.send?.({ kind: "failed", reason: error instanceof Error ? error.message : String(error) });
  }
});
process.send?.({ kind: "ready" });
