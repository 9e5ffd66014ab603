import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Clock } from "@nwh/core/clock";
import { type Config, requireTableName } from "@nwh/core/config";
import {
  type AppStore,
  isLoopbackEndpoint,
  LOOPBACK_CREDENTIALS,
  LOOPBACK_REGION,
  TABLE_SCHEMA,
} from "@nwh/core/store";
import { TIMING } from "@nwh/core/time";
import { conditionFailed } from "./condition-failed";
import { dynamoCell } from "./dynamo-cell";

/** Where the table is and how to reach it. */
export interface TableLocation {
  /** `APP_TABLE_NAME`. */
  tableName: string;
  /**
   * An endpoint other than AWS's (local mode's embedded dynalite, DynamoDB Local). Without it the SDK
   * finds its endpoint itself (including the standard `AWS_ENDPOINT_URL_DYNAMODB`).
   */
  endpoint?: string;
  /** Credentials for a local endpoint, which checks none (AWS: the SDK's own chain). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  region?: string;
}

/**
 * Where a configuration's table is: `APP_TABLE_NAME`, on AWS's endpoint, or on `AWS_ENDPOINT_URL_DYNAMODB`
 * (a loopback stand-in gets stand-in credentials: local mode needs no AWS account).
 */
export function tableLocationOf(config: Config): TableLocation {
  const tableName = requireTableName(config);
  const endpoint = config.AWS_ENDPOINT_URL_DYNAMODB;
  if (!endpoint) return { tableName };
  return isLoopbackEndpoint(endpoint)
    ? { tableName, endpoint, credentials: LOOPBACK_CREDENTIALS, region: LOOPBACK_REGION }
    : { tableName, endpoint };
}

// Imported on first use (a chunk of its own in the bundle), so that an init, and a request that never
// touches the table, do not pay for the SDK client; only the commands used are in it (see dynamo-sdk.ts).
const sdk = () => import("./dynamo-sdk").then((m) => [m.lowLevel, m.document] as const);

type Sdk = Awaited<ReturnType<typeof sdk>>;

/** The table's client: the SDK loaded and the client created on first use, then kept. */
export interface TableClient {
  location: TableLocation;
  get(): Promise<{ doc: DynamoDBDocumentClient; raw: DynamoDBClient; sdk: Sdk }>;
}

/** A lazily created client for the table, with limits fit for a 3-second request. */
export function tableClient(location: TableLocation): TableClient {
  let pending: Promise<{ doc: DynamoDBDocumentClient; raw: DynamoDBClient; sdk: Sdk }> | undefined;
  return {
    location,
    get() {
      pending ??= sdk().then((loaded) => {
        const [{ DynamoDBClient }, { DynamoDBDocumentClient }] = loaded;
        const raw = new DynamoDBClient({
          ...(location.endpoint ? { endpoint: location.endpoint } : {}),
          ...(location.region ? { region: location.region } : {}),
          ...(location.credentials ? { credentials: location.credentials } : {}),
          maxAttempts: 3,
          requestHandler: {
            connectionTimeout: TIMING.tableConnectionTimeoutMs,
            requestTimeout: TIMING.tableRequestTimeoutMs,
          },
        });
        return {
          raw,
          doc: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
          sdk: loaded,
        };
      });
      pending.catch(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}

const { partitionKey: PK, sortKey: SK, ttlAttribute: TTL } = TABLE_SCHEMA;

/**
 * The store's ports over the one table. Leases and marks are items whose `untilMs` (epoch ms, on the
 * injected clock) says until when they hold; taking one is a conditional put that succeeds when there is
 * none or it has expired, so concurrent callers in any number of Lambda environments get exactly one
 * winner. DynamoDB's TTL (`expiresAt`, seconds) only cleans up later: readers never trust an item past its
 * `untilMs`. No transactions and no TTL API are needed (dynalite has neither).
 */
export function dynamoStore(client: TableClient, clock: Clock): AppStore {
  const TableName = client.location.tableName;
  const expiry = (until: number) => ({ untilMs: until, [TTL]: Math.ceil(until / 1000) });
  const free = "attribute_not_exists(#pk) OR untilMs < :now";

  async function claim(
    pk: string,
    sk: string,
    ttlMs: number,
    extra: Record<string, unknown>,
  ): Promise<boolean> {
    const { doc, sdk: loaded } = await client.get();
    const now = clock.now();
    try {
      await doc.send(
        new loaded[1].PutCommand({
          TableName,
          Item: { [PK]: pk, [SK]: sk, ...expiry(now + ttlMs), ...extra },
          ConditionExpression: free,
          ExpressionAttributeNames: { "#pk": PK },
          ExpressionAttributeValues: { ":now": now },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  return {
    leases: {
      async acquire(key, ttlMs) {
        const owner = randomUUID();
        const pk = `lease#${key}`;
        if (!(await claim(pk, "lease", ttlMs, { owner }))) return undefined;
        let released = false;
        return async () => {
          if (released) return;
          released = true;
          const { doc, sdk: loaded } = await client.get();
          try {
            await doc.send(
              new loaded[1].DeleteCommand({
                TableName,
                Key: { [PK]: pk, [SK]: "lease" },
                // Only our own: a lease taken over after it expired belongs to someone else now.
                ConditionExpression: "#owner = :owner",
                ExpressionAttributeNames: { "#owner": "owner" },
                ExpressionAttributeValues: { ":owner": owner },
              }),
            );
          } catch (error) {
            if (!conditionFailed(error)) throw error;
          }
        };
      },
    },
    cell: (key) => dynamoCell(client, key, clock),
    values: {
      async get(key) {
        const { doc, sdk: loaded } = await client.get();
        const answer = await doc.send(
          new loaded[1].GetCommand({
            TableName,
            Key: { [PK]: `value#${key}`, [SK]: "value" },
            ConsistentRead: true,
          }),
        );
        const item = answer.Item;
        if (typeof item?.untilMs !== "number" || item.untilMs < clock.now()) return undefined;
        return item.value;
      },
      async put(key, value, ttlMs) {
        const { doc, sdk: loaded } = await client.get();
        await doc.send(
          new loaded[1].PutCommand({
            TableName,
            Item: { [PK]: `value#${key}`, [SK]: "value", value, ...expiry(clock.now() + ttlMs) },
          }),
        );
      },
      async remove(key) {
        const { doc, sdk: loaded } = await client.get();
        await doc.send(
          new loaded[1].DeleteCommand({ TableName, Key: { [PK]: `value#${key}`, [SK]: "value" } }),
        );
      },
    },
    marks: {
      mark: (key, ttlMs, note) => claim(`mark#${key}`, "mark", ttlMs, note !== undefined ? { note } : {}),
      async read(key) {
        const { doc, sdk: loaded } = await client.get();
        const answer = await doc.send(
          new loaded[1].GetCommand({
            TableName,
            Key: { [PK]: `mark#${key}`, [SK]: "mark" },
            ConsistentRead: true,
          }),
        );
        const item = answer.Item;
        if (typeof item?.untilMs !== "number" || item.untilMs < clock.now()) return undefined;
        return typeof item.note === "string" ? { note: item.note } : {};
      },
    },
  };
}
