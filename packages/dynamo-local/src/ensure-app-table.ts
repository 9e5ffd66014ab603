import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { TABLE_SCHEMA } from "@nwh/core/store";

/**
 * Creates the bot's table (the same keys as the stack's) unless it exists. For loopback servers only:
 * in AWS the stack owns the table and nothing creates it at run time. DynamoDB's TTL attribute cannot be
 * set here (dynalite has no `UpdateTimeToLive`), and the bot does not need it: readers check expiry.
 */
export async function ensureAppTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<"created" | "existed"> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return "existed";
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: TABLE_SCHEMA.partitionKey, AttributeType: "S" },
          { AttributeName: TABLE_SCHEMA.sortKey, AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: "HASH" },
          { AttributeName: TABLE_SCHEMA.sortKey, KeyType: "RANGE" },
        ],
      }),
    );
  } catch (error) {
    // Another run created it a moment ago.
    if ((error as { name?: string }).name !== "ResourceInUseException") throw error;
  }
  await waitUntilTableExists(
    { client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 },
    { TableName: tableName },
  );
  return "created";
}
