import type { Business } from "../packages/core/src/nexudus/schemas";
import { parseCommand, resolveLocations, toNexudusPlan } from "../packages/core/src/query";
import { type BenchRow, median, quantile } from "./bench-row";

/** The typical search the target is about: keyword, location by name, action by words, relative date, sort. */
export const TYPICAL_QUERY =
  'failing location:"Downtown Hub" action:"invoice paid" triggered:<7d sort:-errors';
const MISTAKE_QUERY = "actoin:booking faling errors:>x";

const BUSINESSES: readonly Business[] = [
  { Id: 1001, Name: "Downtown Hub" },
  { Id: 1002, Name: "Uptown Loft" },
  { Id: 1003, Name: "Riverside Works" },
  { Id: 1004, Name: "Harbour Studios" },
  { Id: 1005, Name: "Downtown Annex" },
];
const lookup = async (_name: string) => BUSINESSES;
const CTX = { now: Date.UTC(2025, 5, 15, 9, 30), timeZone: "Europe/London", minErrors: 1 };

const WARMUP = 5_000;
const SAMPLES = 300;
const PER_SAMPLE = 50;

/** Median and p95 time of one `op`, in µs, from batches timed with the monotonic clock. */
async function measure(op: () => Promise<unknown> | unknown): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await op();
  const perOp: number[] = [];
  for (let s = 0; s < SAMPLES; s++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < PER_SAMPLE; i++) await op();
    perOp.push(Number(process.hrtime.bigint() - start) / 1000 / PER_SAMPLE);
  }
  return { median: median(perOp), p95: quantile(perOp, 0.95) };
}

async function typical(): Promise<unknown> {
  const parsed = parseCommand(TYPICAL_QUERY);
  if (!parsed.ok || parsed.command.kind !== "search") throw new Error("the typical query must parse");
  const resolved = await resolveLocations(parsed.command.query, lookup);
  if (!resolved.ok) throw new Error("the typical query's location must resolve");
  return toNexudusPlan(resolved.query, CTX);
}

/**
 * `npm run bench`: the time to turn a typical `/webhooks` text into Nexudus parameters (parse, resolve the
 * location name against an in-memory list, plan), plus the time of a mistake-laden text (for reference).
 */
export async function benchParse(): Promise<BenchRow[]> {
  const full = await measure(typical);
  const mistakes = await measure(() => parseCommand(MISTAKE_QUERY));
  const target = 50;
  return [
    {
      name: "parse + resolve + params, typical query",
      value: full.median,
      unit: "µs",
      target: `median < ${target} µs`,
      met: full.median < target,
      note: `p95 ${full.p95.toFixed(1)} µs; ${SAMPLES}×${PER_SAMPLE} runs after ${WARMUP} warm-up`,
    },
    {
      name: "parse, three mistakes with suggestions",
      value: mistakes.median,
      unit: "µs",
      note: `p95 ${mistakes.p95.toFixed(1)} µs`,
    },
  ];
}
