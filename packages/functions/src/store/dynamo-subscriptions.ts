import type { Logger } from "@aws-lambda-powertools/logger";
import { TABLE_SCHEMA } from "@nwh/core/store";
import { type Subscription, SubscriptionSchema, type SubscriptionStore } from "@nwh/core/subscriptions";
import type { TableClient } from "./dynamo-store";

const { partitionKey: PK, sortKey: SK } = TABLE_SCHEMA;

/** Every subscription lives in one partition: a few thousand small items, listed by one `Query`. */
const PARTITION = "subscription";

const sortKey = (channel: string, id: string) => `${channel}#${id}`;

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

function toItem(subscription: Subscription): Record<string, unknown> {
  return { [PK]: PARTITION, [SK]: sortKey(subscription.channel, subscription.id), ...subscription };
}

/**
 * The subscriptions over the one table: items `pk = "subscription"`, `sk = "<channel>#<id>"`, never
 * expiring (they outlive deploys; a removed one is deleted). Listing is a `Query` of that partition (all,
 * or one channel's `sk` prefix), paged; writes are conditional puts and a delete that returns what it
 * removed, so a repeated request changes nothing and says so.
 */
export function dynamoSubscriptions(
  client: TableClient,
  options: { onUnreadable?: (sortKey: unknown) => void } = {},
): SubscriptionStore {
  const TableName = client.location.tableName;

  async function query(prefix?: string): Promise<Subscription[]> {
    const { doc, sdk } = await client.get();
    const out: Subscription[] = [];
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
        const subscription = fromItem(item, options.onUnreadable);
        if (subscription) out.push(subscription);
      }
      start = answer.LastEvaluatedKey;
    } while (start);
    return out;
  }

  return {
    list: () => query(),
    listChannel: (channel) => query(`${channel}#`),
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
