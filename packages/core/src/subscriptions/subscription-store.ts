import type { Subscription } from "./subscription";

/** How a write of one subscription went. */
export type SaveOutcome =
  /** Written; `previous` is what it replaced (an edit). */
  | { written: true; previous?: Subscription }
  /** Not written: `exists` (a create found it there already) or `missing` (an edit found it removed). */
  | { written: false; reason: "exists" | "missing" };

/**
 * The channel subscriptions, kept in the bot's table (they outlive deploys). Every write is conditional,
 * so that a repeated request (a double click, a retried job) changes nothing the second time.
 */
export interface SubscriptionStore {
  /** Every subscription of the workspace. */
  list(): Promise<Subscription[]>;
  /** One channel's subscriptions. */
  listChannel(channel: string): Promise<Subscription[]>;
  get(channel: string, id: string): Promise<Subscription | undefined>;
  /** Adds it unless one with its channel and id is there (`mode: "create"`), or replaces one that is (`"replace"`). */
  save(subscription: Subscription, mode: "create" | "replace"): Promise<SaveOutcome>;
  /** Removes it; what was removed, or `undefined` when it was gone already. */
  remove(channel: string, id: string): Promise<Subscription | undefined>;
}
