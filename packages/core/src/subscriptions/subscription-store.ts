import type { Subscription } from "./subscription";

/** How a write of one subscription went. */
export type SaveOutcome =
  /** Written; `previous` is what it replaced (an edit). */
  | { written: true; previous?: Subscription }
  /** Not written: `exists` (a create found it there already) or `missing` (an edit found it removed). */
  | { written: false; reason: "exists" | "missing" };

/** When the bot last joined each channel it was invited to (epoch ms, by channel id): see `botJoined`. */
export type BotJoins = Readonly<Record<string, number>>;

/**
 * The channel subscriptions, kept in the bot's table (they outlive deploys). Every write is conditional,
 * so that a repeated request (a double click, a retried job) changes nothing the second time.
 */
export interface SubscriptionStore {
  /** Every subscription of the workspace. */
  list(): Promise<Subscription[]>;
  /**
   * Every subscription and, from the same read, when the bot last joined each channel: the watch's one
   * read of them per poll (a channel Slack refused is tried again once the bot is invited back).
   */
  listWithJoins(): Promise<{ subscriptions: Subscription[]; joins: BotJoins }>;
  /**
   * Records that the bot joined `channel` at `at` (epoch ms, Slack's time for it), unless a join as late
   * or later is recorded already: a repeated delivery of the same event writes nothing.
   */
  botJoined(channel: string, at: number): Promise<void>;
  /** One channel's subscriptions. */
  listChannel(channel: string): Promise<Subscription[]>;
  get(channel: string, id: string): Promise<Subscription | undefined>;
  /** Adds it unless one with its channel and id is there (`mode: "create"`), or replaces one that is (`"replace"`). */
  save(subscription: Subscription, mode: "create" | "replace"): Promise<SaveOutcome>;
  /** Removes it; what was removed, or `undefined` when it was gone already. */
  remove(channel: string, id: string): Promise<Subscription | undefined>;
}
