import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { LOOPBACK_CREDENTIALS, LOOPBACK_REGION } from "@nwh/core/store";
import { dynamoStore, tableClient } from "../packages/functions/src/store/dynamo-store";

const here = dirname(fileURLToPath(import.meta.url));

/** Where a table started by {@link startTableProcess} listens. */
export interface TableProcess {
  endpoint: string;
  tableName: string;
}

/**
 * Starts the table in a process of its own (see `local-table-process.ts`), as DynamoDB is a service of its
 * own: its work then delays neither the bot nor the emulator. The process is added to `children`, which
 * the caller kills when done. It has served each kind of request the bot makes once before it is handed
 * over (see {@link warmTable}).
 */
export async function startTableProcess(children: ChildProcess[]): Promise<TableProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", join(here, "local-table-process.ts")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const table = await new Promise<TableProcess>((resolve, reject) => {
    lines.once("line", (line) => resolve(JSON.parse(line) as TableProcess));
    child.on("exit", (code) => reject(new Error(`the table exited (${code})`)));
  });
  await warmTable(table);
  return table;
}

/**
 * Sends the table each kind of request the bot makes (reads, plain and conditional writes, a refused
 * condition, deletes) on keys of its own. DynamoDB is a service that is always warm; dynalite compiles its
 * request parsers and expression grammar on first use, which a fresh environment's first request would
 * otherwise pay for (about 15 ms for its first conditional write) as if it were ours.
 */
async function warmTable(table: TableProcess): Promise<void> {
  const location = {
    tableName: table.tableName,
    endpoint: table.endpoint,
    credentials: LOOPBACK_CREDENTIALS,
    region: LOOPBACK_REGION,
  };
  const store = dynamoStore(tableClient(location), { now: () => Date.now() });
  await store.values.put("bench-warm", { renewAt: Date.now() + 60_000 }, 60_000);
  await store.values.get("bench-warm");
  await store.values.remove("bench-warm");
  const release = await store.leases.acquire("bench-warm", 1000);
  // Held: this one is refused by its condition.
  await store.leases.acquire("bench-warm", 1000);
  await release?.();
}
