import type { Leases } from "./leases";
import type { Marks } from "./marks";

/** The state the bot keeps between invocations: one table, seen through these ports. */
export interface AppStore {
  leases: Leases;
  marks: Marks;
}
