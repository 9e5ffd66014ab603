import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Where a table started by {@link startTableProcess} listens. */
export interface TableProcess {
  endpoint: string;
  tableName: string;
}

/**
 * Starts the table in a process of its own (see `local-table-process.ts`), as DynamoDB is a service of its
 * own: its work then delays neither the bot nor the emulator. The process is added to `children`, which
 * the caller kills when done.
 */
export async function startTableProcess(children: ChildProcess[]): Promise<TableProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", join(here, "local-table-process.ts")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    lines.once("line", (line) => resolve(JSON.parse(line) as TableProcess));
    child.on("exit", (code) => reject(new Error(`the table exited (${code})`)));
  });
}
