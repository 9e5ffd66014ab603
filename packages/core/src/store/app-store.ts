import type { Leases } from "./leases";
import type { Marks } from "./marks";
import type { Values } from "./values";
import type { VersionedCell } from "./versioned-cell";

/** The state the bot keeps between invocations: one table, seen through these ports. */
export interface AppStore {
  leases: Leases;
  marks: Marks;
  values: Values;
  /** The small value under `key` that environments replace with conditional writes (the rate budget). */
  cell(key: string): VersionedCell;
}
