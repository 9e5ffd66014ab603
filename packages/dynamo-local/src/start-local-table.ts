import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { LOCAL_TABLE_NAME, LOOPBACK_CREDENTIALS, LOOPBACK_REGION } from "@nwh/core/store";
import dynalite from "dynalite";
import { ensureAppTable } from "./ensure-app-table";

/** How long closing waits for requests still being answered. */
const CLOSE_GRACE_MS = 2_000;

/** A running embedded table. */
export interface LocalTable {
  /** e.g. `http://127.0.0.1:PORT` */
  endpoint: string;
  tableName: string;
  /** Where the data lives: a directory, or `memory`. */
  storage: string;
  close(): Promise<void>;
}

export interface LocalTableOptions {
  /** A directory to keep the data in between runs (`LOCAL_STATE_DIR`); in memory when absent. */
  path?: string;
  tableName?: string;
  host?: string;
  /** 0 = any free port. */
  port?: number;
}

/** A client for a loopback endpoint. */
export function localTableClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOOPBACK_REGION,
    credentials: LOOPBACK_CREDENTIALS,
    maxAttempts: 2,
  });
}

/**
 * Starts dynalite (pure JavaScript; LevelDB through its bundled prebuilds on disk, memory otherwise) on
 * loopback and creates the bot's table in it. What local mode and the one-shot commands run on when no
 * table is configured, and what the tests use as the real DynamoDB peer of the real adapter.
 */
export async function startLocalTable(options: LocalTableOptions = {}): Promise<LocalTable> {
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${options.host ?? "127.0.0.1"}:${port}`;
  const tableName = options.tableName ?? LOCAL_TABLE_NAME;
  const client = localTableClient(endpoint);
  // Requests still being answered (a write the bot did not wait for) finish before the connections go:
  // dynalite closes its database once they have, and a request cut off mid-way would reach it closed.
  let inFlight = 0;
  let drained: (() => void) | undefined;
  server.on("request", (_req, res) => {
    inFlight += 1;
    res.once("close", () => {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    });
  });
  const close = () =>
    new Promise<void>((resolve) => {
      client.destroy();
      server.close(() => resolve());
      server.closeIdleConnections?.();
      const cut = () => server.closeAllConnections?.();
      if (inFlight === 0) return cut();
      // A client that never reads its answer does not hold the close up for long.
      const grace = setTimeout(cut, CLOSE_GRACE_MS).unref();
      drained = () => {
        clearTimeout(grace);
        cut();
      };
    });
  try {
    await ensureAppTable(client, tableName);
  } catch (error) {
    await close();
    throw error;
  }
  return { endpoint, tableName, storage: options.path ?? "memory", close };
}
