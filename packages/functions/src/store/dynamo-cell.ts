import type { Clock } from "@nwh/core/clock";
import { TABLE_SCHEMA, type VersionedCell } from "@nwh/core/store";
import { conditionFailed } from "./condition-failed";
import type { TableClient } from "./dynamo-store";

const { partitionKey: PK, sortKey: SK, ttlAttribute: TTL } = TABLE_SCHEMA;

/**
 * A `VersionedCell` in the table: item `cell#<key>`, its text in `value` and a `version` that every write
 * increments, conditional on the version read (or on there being no live item). `untilMs` (on the injected
 * clock) says until when the item counts; DynamoDB's TTL only cleans up later.
 */
export function dynamoCell(client: TableClient, key: string, clock: Clock): VersionedCell {
  const TableName = client.location.tableName;
  const Key = { [PK]: `cell#${key}`, [SK]: "cell" };
  return {
    async read() {
      const { doc, sdk } = await client.get();
      const { Item } = await doc.send(new sdk[1].GetCommand({ TableName, Key, ConsistentRead: true }));
      if (typeof Item?.untilMs !== "number" || Item.untilMs < clock.now()) return undefined;
      if (typeof Item.value !== "string" || typeof Item.version !== "number") return undefined;
      return { value: Item.value, version: Item.version };
    },
    async write(value, expected, ttlMs) {
      const { doc, sdk } = await client.get();
      const now = clock.now();
      const until = now + ttlMs;
      try {
        await doc.send(
          new sdk[1].PutCommand({
            TableName,
            Item: {
              ...Key,
              value,
              version: (expected ?? 0) + 1,
              untilMs: until,
              [TTL]: Math.ceil(until / 1000),
            },
            ...(expected === undefined
              ? {
                  // None yet, or one that expired (or could not be read): replaced only if still so.
                  ConditionExpression:
                    "attribute_not_exists(#pk) OR untilMs < :now OR attribute_not_exists(#version)",
                  ExpressionAttributeNames: { "#pk": PK, "#version": "version" },
                  ExpressionAttributeValues: { ":now": now },
                }
              : {
                  ConditionExpression: "#version = :version",
                  ExpressionAttributeNames: { "#version": "version" },
                  ExpressionAttributeValues: { ":version": expected },
                }),
          }),
        );
        return true;
      } catch (error) {
        if (conditionFailed(error)) return false;
        throw error;
      }
    },
  };
}
