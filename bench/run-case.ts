import { CASES } from "./cases";

/*
 * Runs one benchmark case in this (fresh) process and prints its rows as JSON on the last line. Each case
 * gets its own process: local mode loads the handlers once per process, and RSS figures stay the case's own.
 */
const name = process.argv[2] ?? "";
const load = CASES[name];
if (!load) {
  console.error(`unknown bench case: ${name}`);
  process.exit(2);
}
const rows = await (await load())();
process.stdout.write(`\nBENCH_ROWS ${JSON.stringify(rows)}\n`);
process.exit(0);
