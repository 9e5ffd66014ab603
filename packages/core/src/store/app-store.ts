import type { Leases } from "./leases";
import type { Marks } from "./marks";
import type { Values } from "./values";

/** The state the bot keeps between invocations: one table, seen through these ports. */
export interface AppStore {
  leases: Leases;
  marks: Marks;
  values: Values;
}
