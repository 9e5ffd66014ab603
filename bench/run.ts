import { spawn } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchRow } from "./bench-row";
import { CASES } from "./cases";

/*
 * `npm run bench [-- name…]`: runs the benchmarks, each case in a fresh process, and prints one markdown
 * table. Every ratio is taken against a reference measured in the same run, so it holds on a noisy
 * machine. Benchmarks never fail the build: a missed target is reported, not thrown.
 */

const here = dirname(fileURLToPath(import.meta.url));

function runCase(name: string): Promise<BenchRow[]> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--expose-gc", "--import", "tsx", join(here, "run-case.ts"), name],
      {
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "ERROR" },
      },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
    });
    child.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("BENCH_ROWS "));
      if (code === 0 && line) return resolve(JSON.parse(line.slice("BENCH_ROWS ".length)) as BenchRow[]);
      resolve([
        { name: `${name}: did not run`, value: Number.NaN, unit: "", met: false, note: `exit ${code}` },
      ]);
    });
  });
}

function fmt(value: number): string {
  if (!Number.isFinite(value)) return "-";
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

const wanted = process.argv.slice(2);
const rows: BenchRow[] = [];
for (const name of Object.keys(CASES)) {
  if (wanted.length && !wanted.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  rows.push(...(await runCase(name)));
}
const cpu = cpus()[0]?.model ?? "unknown CPU";
console.log(
  `Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`,
);
console.log("| measure | value | reference (same run) | target | met |");
console.log("| --- | --- | --- | --- | --- |");
for (const r of rows) {
  const ref = r.reference
    ? `${r.reference.name}${Number.isFinite(r.reference.value) ? ` (${fmt(r.reference.value)})` : ""}`
    : "";
  const met = r.met === undefined ? "" : r.met ? "yes" : "**no**";
  const note = r.note ? ` (${r.note})` : "";
  console.log(`| ${r.name} | ${fmt(r.value)} ${r.unit}${note} | ${ref} | ${r.target ?? ""} | ${met} |`);
}
