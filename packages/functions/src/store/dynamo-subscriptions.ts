import type { Logger } from "@aws-lambda-powertools/logger";
import { TABLE_SCHEMA } from "@nwh/core/store";
import {
  type BotJoins,
  type Subscription,
  SubscriptionSchema,
  type SubscriptionStore,
} from "@nwh/core/subscriptions";
import { TIMING } from "@nwh/core/time";
import type { TableClient } from "./dynamo-store";

const { partitionKey: PK, sortKey: SK, ttlAttribute: TTL } = TABLE_SCHEMA;
/**
 * A join older than a refused channel's retry time can no longer lift a hold (the channel is tried again
 * by then), so DynamoDB may clean it up after twice that: join items stay bounded by the channels the bot
 * joined lately, not every channel it was ever invited to.
 */
const JOIN_KEEP_MS = 2 * TIMING.refusedChannelRetryMs;

/** Every subscription lives in one partition: a few thousand small items, listed by one `Query`. */
const PARTITION = "subscription";

const sortKey = (channel: string, id: string) => `${channel}#${id}`;

/*
 * The bot's joins live in the same partition, so that the watch's one Query of it each poll reads them
 * too (no read more per poll). Their sort key starts with a lower-case word, which no channel id does
 * (`C…`, `G…`): a channel's `begins_with` never reaches them.
 */
const JOIN_PREFIX = "joined#";
const joinKey = (channel: string) => `${JOIN_PREFIX}${channel}`;

/** True for DynamoDB's "the condition did not hold" (another writer got there first). */
function conditionFailed(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === "ConditionalCheckFailedException";
}

/** An item as a subscription; an item that does not read is skipped (and reported). */
function fromItem(
  item: Record<string, unknown> | undefined,
  onBad?: (sk: unknown) => void,
): Subscription | undefined {
  if (!item) return undefined;
  const parsed = SubscriptionSchema.safeParse(item);
  if (parsed.success && item[SK] === sortKey(parsed.data.channel, parsed.data.id)) return parsed.data;
  onBad?.(item[SK]);
  return undefined;
}

/** A join item as its channel and time; `undefined` when it does not read. */
function joinOf(item: Record<string, unknown>): [string, number] | undefined {
  const { channel, joinedAt } = item;
  if (typeof channel !== "string" || item[SK] !== joinKey(channel)) return undefined;
  return typeof joinedAt === "number" && Number.isFinite(joinedAt) ? [channel, joinedAt] : undefined;
}

function toItem(subscription: Subscription): Record<string, unknown> {
  return { [PK]: PARTITION, [SK]: sortKey(subscription.channel, subscription.id), ...subscription };
}

/**
 * The subscriptions over the one table: items `pk = "subscription"`, `sk = "<channel>#<id>"`, never
 * expiring (they outlive deploys; a removed one is deleted). Listing is a `Query` of that partition (all,
 * or one channel's `sk` prefix), paged; writes are conditional puts and a delete that returns what it
 * removed, so a repeated request changes nothing and says so. The bot's joins are items `sk =
 * "joined#<channel>"` (`joinedAt`, epoch ms) in the same partition, one per channel, never expiring
 * either (one small item per channel the bot was ever invited to; a join older than a channel's
 * refusal lifts nothing, so an old one is harmless): written when later than the one there.
 */
export function dynamoSubscriptions(
  client: TableClient,
  options: { onUnreadable?: (sortKey: unknown) => void } = {},
): SubscriptionStore {
  const TableName = client.location.tableName;

  async function query(prefix?: string): Promise<{ subscriptions: Subscription[]; joins: BotJoins }> {
    const { doc, sdk } = await client.get();
    const out: Subscription[] = [];
    const joins: Record<string, number> = {};
    let start: Record<string, unknown> | undefined;
    do {
      const answer = await doc.send(
        new sdk[1].QueryCommand({
          TableName,
          KeyConditionExpression: prefix ? "#pk = :pk AND begins_with(#sk, :prefix)" : "#pk = :pk",
          ExpressionAttributeNames: prefix ? { "#pk": PK, "#sk": SK } : { "#pk": PK },
          ExpressionAttributeValues: prefix ? { ":pk": PARTITION, ":prefix": prefix } : { ":pk": PARTITION },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of answer.Items ?? []) {
        if (String(item[SK]).startsWith(JOIN_PREFIX)) {
          const join = joinOf(item);
          if (join) joins[join[0]] = join[1];
          else options.onUnreadable?.(item[SK]);
          continue;
        }
        const subscription = fromItem(item, options.onUnreadable);
        if (subscription) out.push(subscription);
      }
      start = answer.LastEvaluatedKey;
    } while (start);
    return { subscriptions: out, joins };
  }

  return {
    list: async () => (await query()).subscriptions,
    listWithJoins: () => query(),
    listChannel: async (channel) => (await query(`${channel}#`)).subscriptions,
    async botJoined(channel, at) {
      const { doc, sdk } = await client.get();
      try {
        await doc.send(
          new sdk[1].PutCommand({
            TableName,
            Item: {
              [PK]: PARTITION,
              [SK]: joinKey(channel),
              channel,
              joinedAt: at,
              [TTL]: Math.ceil((at + JOIN_KEEP_MS) / 1000),
            },
            // Last writer wins only with a later time: a retried or late delivery moves nothing back.
            ConditionExpression: "attribute_not_exists(#pk) OR joinedAt < :at",
            ExpressionAttributeNames: { "#pk": PK },
            ExpressionAttributeValues: { ":at": at },
          }),
        );
      } catch (error) {
        if (!conditionFailed(error)) throw error;
      }
    },
    async get(channel, id) {
      const { doc, sdk } = await client.get();
      const answer = await doc.send(
        new sdk[1].GetCommand({
          TableName,
          Key: { [PK]: PARTITION, [SK]: sortKey(channel, id) },
          ConsistentRead: true,
        }),
      );
      return fromItem(answer.Item, options.onUnreadable);
    },
    async save(subscription, mode) {
      const { doc, sdk } = await client.get();
      try {
        const answer = await doc.send(
          new sdk[1].PutCommand({
            TableName,
            Item: toItem(subscription),
            ConditionExpression: mode === "create" ? "attribute_not_exists(#pk)" : "attribute_exists(#pk)",
            ExpressionAttributeNames: { "#pk": PK },
            ReturnValues: "ALL_OLD",
          }),
        );
        const previous = fromItem(answer.Attributes);
        return previous ? { written: true, previous } : { written: true };
      } catch (error) {
        if (conditionFailed(error))
          return { written: false, reason: mode === "create" ? "exists" : "missing" };
        throw error;
      }
    },
    async remove(channel, id) {
      const { doc, sdk } = await client.get();
      const answer = await doc.send(
        new sdk[1].DeleteCommand({
          TableName,
          Key: { [PK]: PARTITION, [SK]: sortKey(channel, id) },
          ReturnValues: "ALL_OLD",
        }),
      );
      return fromItem(answer.Attributes);
    },
  };
}

/** The subscriptions of a function's table, an unreadable item logged (never its content) and skipped. */
export function loggedSubscriptions(client: TableClient, logger: Logger): SubscriptionStore {
  return dynamoSubscriptions(client, {
    onUnreadable: () => logger.warn("a subscription item in the table could not be read; skipped"),
  });
}
