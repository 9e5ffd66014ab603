import type { Subscription } from "@nwh/core/subscriptions";
import { TIMING } from "@nwh/core/time";
import { type LocalTable, startLocalTable } from "@nwh/dynamo-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableClient } from "../../src/store/dynamo-store";
import { dynamoSubscriptions } from "../../src/store/dynamo-subscriptions";

/* The real adapter over HTTP against dynalite: no SDK mock anywhere. */

let table: LocalTable;
beforeAll(async () => {
  table = await startLocalTable();
});
afterAll(() => table.close());

/** A client as one Lambda environment builds it, on the shared table. */
function client() {
  return tableClient({
    tableName: table.tableName,
    endpoint: table.endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

let seq = 0;
function subscription(channel: string, overrides: Partial<Subscription> = {}): Subscription {
  seq += 1;
  return {
    id: `a${String(seq).padStart(11, "0")}`,
    channel,
    query: "failing",
    alerts: true,
    digest: true,
    at: "08:00",
    timeZone: "UTC",
    mention: [],
    createdBy: "U0ADMIN001",
    createdAt: 1_800_000_000_000 + seq,
    ...overrides,
  };
}

describe("subscriptions in the table", () => {
  it("creates once, lists all and by channel (a channel id that prefixes another is not mixed in), gets one", async () => {
    const store = dynamoSubscriptions(client());
    const a = subscription("C0LIST1");
    const b = subscription("C0LIST12", { mention: [{ id: "S0ONCALL", label: "oncall" }] });

    expect(await store.save(a, "create")).toEqual({ written: true });
    expect(await store.save(b, "create")).toEqual({ written: true });
    expect(await store.save({ ...a, query: "disabled" }, "create")).toEqual({
      written: false,
      reason: "exists",
    });

    expect(await store.listChannel("C0LIST1")).toEqual([a]);
    expect(await store.listChannel("C0LIST12")).toEqual([b]);
    expect(await store.get("C0LIST12", b.id)).toEqual(b);
    expect(await store.get("C0LIST1", b.id)).toBeUndefined();
    const all = await store.list();
    expect(all).toEqual(expect.arrayContaining([a, b]));
  });

  it("replaces only what is there, giving back what it replaced", async () => {
    const store = dynamoSubscriptions(client());
    const a = subscription("C0EDIT1");

    expect(await store.save(a, "replace")).toEqual({ written: false, reason: "missing" });
    await store.save(a, "create");
    const edited = { ...a, at: "09:30", timeZone: "Europe/Paris" };
    expect(await store.save(edited, "replace")).toEqual({ written: true, previous: a });
    expect(await store.get("C0EDIT1", a.id)).toEqual(edited);
  });

  it("removes once: the second removal finds nothing, and the channel's list is empty", async () => {
    const store = dynamoSubscriptions(client());
    const a = subscription("C0GONE1");
    await store.save(a, "create");

    expect(await store.remove("C0GONE1", a.id)).toEqual(a);
    expect(await store.remove("C0GONE1", a.id)).toBeUndefined();
    expect(await store.listChannel("C0GONE1")).toEqual([]);
  });

  it("of eight environments creating the same subscription at once, exactly one writes it", async () => {
    const a = subscription("C0RACE1");
    const stores = Array.from({ length: 8 }, () => dynamoSubscriptions(client()));

    const outcomes = await Promise.all(stores.map((s) => s.save(a, "create")));

    expect(outcomes.filter((o) => o.written)).toHaveLength(1);
    expect(await stores[0]!.listChannel("C0RACE1")).toEqual([a]);
  });

  it("keeps the bot's latest join per channel, read with the subscriptions and in no list of them", async () => {
    const reported: unknown[] = [];
    const store = dynamoSubscriptions(client(), { onUnreadable: (sk) => reported.push(sk) });
    const team = subscription("C0JOIN1");
    await store.save(team, "create");

    // A join; a later one from eight environments at once (Slack's retries); an older one delivered late;
    // a private channel's.
    await store.botJoined("C0JOIN1", 1_800_000_002_000);
    const stores = Array.from({ length: 8 }, () => dynamoSubscriptions(client()));
    await Promise.all(stores.map((s) => s.botJoined("C0JOIN1", 1_800_000_003_000)));
    await store.botJoined("C0JOIN1", 1_800_000_001_000);
    await store.botJoined("G0JOIN2", 1_800_000_005_000);
    const { subscriptions, joins } = await store.listWithJoins();

    expect(joins).toMatchObject({ C0JOIN1: 1_800_000_003_000, G0JOIN2: 1_800_000_005_000 });
    expect(subscriptions).toContainEqual(team);
    expect(await store.list()).toEqual(subscriptions);
    expect(await store.listChannel("C0JOIN1")).toEqual([team]);
    expect(await store.listChannel("G0JOIN2")).toEqual([]);
    expect(reported.filter((sk) => String(sk).startsWith("joined#"))).toEqual([]);
    // Each join item expires (DynamoDB's TTL, seconds) two retry days after its join: bounded, not forever.
    const { doc, sdk } = await client().get();
    const raw = await doc.send(
      new sdk[1].GetCommand({
        TableName: table.tableName,
        Key: { pk: "subscription", sk: "joined#C0JOIN1" },
      }),
    );
    expect(raw.Item?.expiresAt).toBe(
      Math.ceil((1_800_000_003_000 + 2 * TIMING.refusedChannelRetryMs) / 1000),
    );
  });

  it("skips an item that does not read as a subscription, and reports it", async () => {
    const bad: unknown[] = [];
    const c = client();
    const store = dynamoSubscriptions(c, { onUnreadable: (sk) => bad.push(sk) });
    const good = subscription("C0BAD1");
    await store.save(good, "create");
    const { doc, sdk } = await c.get();
    await doc.send(
      new sdk[1].PutCommand({
        TableName: table.tableName,
        Item: { pk: "subscription", sk: "C0BAD1#ffffffffffff", ...good, id: "ffffffffffff", at: "25:99" },
      }),
    );

    expect(await store.listChannel("C0BAD1")).toEqual([good]);
    expect(bad).toEqual(["C0BAD1#ffffffffffff"]);
  });
});
