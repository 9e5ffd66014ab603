import {
  type AlertStore,
  FLAG_KEYS,
  type Incident,
  type IncidentFlags,
  type Mute,
  SNOOZE_SAME_WITHIN_MS,
  type WatchState,
} from "@nwh/core/alerts";
import type { Clock } from "@nwh/core/clock";
import { TABLE_SCHEMA } from "@nwh/core/store";
import type { TableClient } from "./dynamo-store";

const { partitionKey: PK, sortKey: SK, ttlAttribute: TTL } = TABLE_SCHEMA;

/** A closed incident is kept this long (its message shows how long it lasted), then DynamoDB drops it. */
const CLOSED_KEEP_MS = 30 * 24 * 60 * 60_000;

/** The parts of an incident the watch writes (its flags are the buttons'). */
const WATCH_FIELDS = [
  "channel",
  "mention",
  "causeKey",
  "host",
  "error",
  "openedAt",
  "state",
  "members",
  "post",
] as const;

function conditionFailed(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === "ConditionalCheckFailedException";
}

function incidentOf(item: Record<string, unknown>): Incident {
  const flags: IncidentFlags = {};
  for (const key of FLAG_KEYS)
    if (item[key] !== undefined) (flags as Record<string, unknown>)[key] = item[key];
  const incident = {
    id: item[SK] as string,
    ...Object.fromEntries(WATCH_FIELDS.map((key) => [key, item[key]])),
    flags,
    version: Number(item.version ?? 0),
  } as Incident;
  if (typeof item.closedAt === "number") incident.closedAt = item.closedAt;
  if (typeof item.closedAs === "string") incident.closedAs = item.closedAs as Incident["closedAs"];
  if (typeof item.mentionedAt === "number") incident.mentionedAt = item.mentionedAt;
  if (typeof item.readAt === "number") incident.readAt = item.readAt;
  return incident;
}

/**
 * The watch's state in the table: one item per incident (`pk=incident`, `sk=<id>`), written by the watch
 * with a version condition and by the buttons through their own attributes only (so neither overwrites the
 * other), one per muted webhook (`pk=mute`), and the watch's own (`pk=watch`).
 */
export function dynamoAlertStore(client: TableClient, clock: Clock): AlertStore {
  const TableName = client.location.tableName;

  async function queryAll(pk: string, filter?: string): Promise<Record<string, unknown>[]> {
    const { doc, sdk } = await client.get();
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new sdk[1].QueryCommand({
          TableName,
          KeyConditionExpression: "#pk = :pk",
          ExpressionAttributeNames: { "#pk": PK, ...(filter ? { "#closedAt": "closedAt" } : {}) },
          ExpressionAttributeValues: { ":pk": pk },
          ...(filter ? { FilterExpression: filter } : {}),
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...((page.Items ?? []) as Record<string, unknown>[]));
      start = page.LastEvaluatedKey as Record<string, unknown> | undefined;
    } while (start);
    return items;
  }

  return {
    async openIncidents() {
      return (await queryAll("incident", "attribute_not_exists(#closedAt)")).map(incidentOf);
    },

    async incident(id) {
      const { doc, sdk } = await client.get();
      const answer = await doc.send(
        new sdk[1].GetCommand({ TableName, Key: { [PK]: "incident", [SK]: id }, ConsistentRead: true }),
      );
      return answer.Item ? incidentOf(answer.Item) : undefined;
    },

    async saveIncident(incident) {
      const { doc, sdk } = await client.get();
      const names: Record<string, string> = { "#version": "version" };
      const values: Record<string, unknown> = { ":next": incident.version + 1 };
      const sets: string[] = ["#version = :next"];
      const add = (name: string, value: unknown) => {
        names[`#${name}`] = name;
        values[`:${name}`] = value;
        sets.push(`#${name} = :${name}`);
      };
      for (const key of WATCH_FIELDS) add(key, incident[key]);
      if (incident.mentionedAt !== undefined) add("mentionedAt", incident.mentionedAt);
      if (incident.readAt !== undefined) add("readAt", incident.readAt);
      if (incident.closedAt !== undefined) {
        add("closedAt", incident.closedAt);
        add("closedAs", incident.closedAs ?? "recovered");
        add(TTL, Math.ceil((incident.closedAt + CLOSED_KEEP_MS) / 1000));
        add("untilMs", incident.closedAt + CLOSED_KEEP_MS);
      }
      if (incident.version > 0) values[":version"] = incident.version;
      try {
        await doc.send(
          new sdk[1].UpdateCommand({
            TableName,
            Key: { [PK]: "incident", [SK]: incident.id },
            UpdateExpression: `SET ${sets.join(", ")}`,
            ConditionExpression:
              incident.version > 0 ? "#version = :version" : "attribute_not_exists(#version)",
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
        return incident.version + 1;
      } catch (error) {
        if (conditionFailed(error)) return undefined;
        throw error;
      }
    },

    async setFlags(id, flags, guard) {
      const entries = Object.entries(flags).filter(
        ([key, value]) => (FLAG_KEYS as readonly string[]).includes(key) && value !== undefined,
      );
      if (entries.length === 0) throw new Error("setFlags needs a flag to set");
      const { doc, sdk } = await client.get();
      const names: Record<string, string> = { "#pk": PK, "#closedAt": "closedAt" };
      const values: Record<string, unknown> = {};
      for (const [key, value] of entries) {
        names[`#${key}`] = key;
        values[`:${key}`] = value;
      }
      // The guard, as a condition: of two clicks at once, one writes.
      const conditions = ["attribute_exists(#pk)", "attribute_not_exists(#closedAt)"];
      if (guard === "unset") {
        for (const [key] of entries) conditions.push(`attribute_not_exists(#${key})`);
      } else if (guard === "moved" && flags.snoozedUntil !== undefined) {
        names["#snoozedUntil"] = "snoozedUntil";
        values[":lo"] = flags.snoozedUntil - SNOOZE_SAME_WITHIN_MS;
        values[":hi"] = flags.snoozedUntil + SNOOZE_SAME_WITHIN_MS;
        conditions.push(
          "(attribute_not_exists(#snoozedUntil) OR #snoozedUntil < :lo OR #snoozedUntil > :hi)",
        );
      }
      try {
        const answer = await doc.send(
          new sdk[1].UpdateCommand({
            TableName,
            Key: { [PK]: "incident", [SK]: id },
            UpdateExpression: `SET ${entries.map(([key]) => `#${key} = :${key}`).join(", ")}`,
            ConditionExpression: conditions.join(" AND "),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: "ALL_NEW",
          }),
        );
        return { status: "written", incident: incidentOf(answer.Attributes ?? {}) };
      } catch (error) {
        if (!conditionFailed(error)) throw error;
      }
      const current = await this.incident(id);
      if (!current) return { status: "missing" };
      return { status: current.closedAt !== undefined ? "closed" : "unchanged", incident: current };
    },

    async mutes() {
      return (await queryAll("mute")).map((item) => ({
        webhookId: Number(item[SK]),
        name: String(item.name ?? ""),
        by: String(item.by ?? ""),
        at: Number(item.at ?? 0),
      }));
    },

    async mute(mute: Mute) {
      const { doc, sdk } = await client.get();
      try {
        await doc.send(
          new sdk[1].PutCommand({
            TableName,
            Item: { [PK]: "mute", [SK]: String(mute.webhookId), name: mute.name, by: mute.by, at: mute.at },
            ConditionExpression: "attribute_not_exists(#pk)",
            ExpressionAttributeNames: { "#pk": PK },
          }),
        );
        return true;
      } catch (error) {
        if (conditionFailed(error)) return false;
        throw error;
      }
    },

    async unmute(webhookId) {
      const { doc, sdk } = await client.get();
      const answer = await doc.send(
        new sdk[1].DeleteCommand({
          TableName,
          Key: { [PK]: "mute", [SK]: String(webhookId) },
          ReturnValues: "ALL_OLD",
        }),
      );
      return answer.Attributes !== undefined;
    },

    async watchState() {
      const { doc, sdk } = await client.get();
      const answer = await doc.send(
        new sdk[1].GetCommand({ TableName, Key: { [PK]: "watch", [SK]: "state" }, ConsistentRead: true }),
      );
      const item = answer.Item as (WatchState & Record<string, unknown>) | undefined;
      return {
        failures: Number(item?.failures ?? 0),
        folds: (item?.folds as WatchState["folds"]) ?? {},
        ...(typeof item?.initialisedAt === "number" ? { initialisedAt: item.initialisedAt } : {}),
        ...(item?.outage ? { outage: item.outage as WatchState["outage"] & object } : {}),
        ...(item?.refused ? { refused: item.refused as WatchState["refused"] & object } : {}),
        ...(item?.closingLines
          ? { closingLines: item.closingLines as WatchState["closingLines"] & object }
          : {}),
        ...(item?.summaries ? { summaries: item.summaries as WatchState["summaries"] & object } : {}),
        ...(item?.off ? { off: item.off as WatchState["off"] & object } : {}),
      };
    },

    async saveWatchState(state) {
      const { doc, sdk } = await client.get();
      await doc.send(
        new sdk[1].PutCommand({
          TableName,
          Item: { [PK]: "watch", [SK]: "state", ...state, savedAt: clock.now() },
        }),
      );
    },
  };
}
