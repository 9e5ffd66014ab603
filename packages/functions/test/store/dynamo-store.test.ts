import { parseConfig } from "@nwh/core/config";
import { type LocalTable, startLocalTable } from "@nwh/dynamo-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoStore, tableClient, tableLocationOf } from "../../src/store/dynamo-store";

/* The real adapter over HTTP against dynalite: no SDK mock anywhere. */

let table: LocalTable;
beforeAll(async () => {
  table = await startLocalTable();
});
afterAll(() => table.close());

/** A clock that moves only when told to. */
function manualClock(start = 1_800_000_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** A store as one Lambda environment builds it (its own client), on the shared table. */
function environment(clock: { now(): number }) {
  const config = parseConfig({
    SLACK_SIGNING_SECRET: "s",
    SLACK_BOT_TOKEN: "xoxb-x",
    NEXUDUS_USERNAME: "u",
    NEXUDUS_PASSWORD: "p",
    APP_TABLE_NAME: table.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
  });
  return dynamoStore(tableClient(tableLocationOf(config)), clock);
}

describe("leases in the table", () => {
  it("of ten environments asking at once, exactly one gets the lease", async () => {
    const clock = manualClock();
    const stores = Array.from({ length: 10 }, () => environment(clock));

    const taken = await Promise.all(stores.map((s) => s.leases.acquire("race", 30_000)));

    expect(taken.filter(Boolean)).toHaveLength(1);
  });

  it("is refused while held, free again once released, and taken over once expired", async () => {
    const clock = manualClock();
    const [a, b] = [environment(clock), environment(clock)];

    const first = await a.leases.acquire("toggle:1", 10_000);
    const whileHeld = await b.leases.acquire("toggle:1", 10_000);
    await first!();
    const afterRelease = await b.leases.acquire("toggle:1", 10_000);
    clock.advance(10_001);
    const takenOver = await a.leases.acquire("toggle:1", 10_000);

    expect(first).toBeDefined();
    expect(whileHeld).toBeUndefined();
    expect(afterRelease).toBeDefined();
    expect(takenOver).toBeDefined();
  });

  it("a holder whose lease was taken over does not release the new holder's", async () => {
    const clock = manualClock();
    const [slow, fast, third] = [environment(clock), environment(clock), environment(clock)];
    const stale = await slow.leases.acquire("digest:C1:2026-12-01", 1000);
    clock.advance(1001);
    const current = await fast.leases.acquire("digest:C1:2026-12-01", 60_000);

    await stale!();
    const stillHeld = await third.leases.acquire("digest:C1:2026-12-01", 60_000);

    expect(current).toBeDefined();
    expect(stillHeld).toBeUndefined();
  });
});

describe("marks in the table", () => {
  it("is set once (the first caller learns it), keeps its note, and can be set again after it expires", async () => {
    const clock = manualClock();
    const [a, b] = [environment(clock), environment(clock)];

    const results = await Promise.all([
      a.marks.mark("event:Ev1", 5000, "x"),
      b.marks.mark("event:Ev1", 5000),
    ]);
    const read = await b.marks.read("event:Ev1");
    clock.advance(5001);
    const expired = await a.marks.read("event:Ev1");
    const again = await b.marks.mark("event:Ev1", 5000);

    expect(results.sort()).toEqual([false, true]);
    expect(read).toEqual({ note: "x" });
    expect(expired).toBeUndefined();
    expect(again).toBe(true);
  });
});

describe("values in the table", () => {
  it("are shared between environments, expire on the clock, and can be removed", async () => {
    const clock = manualClock();
    const [a, b] = [environment(clock), environment(clock)];

    await a.values.put("token", { access: "t1", renewAt: 5 }, 60_000);
    const seen = await b.values.get("token");
    clock.advance(60_001);
    const expired = await b.values.get("token");
    await a.values.put("token", { access: "t2", renewAt: 6 }, 60_000);
    await b.values.remove("token");

    expect(seen).toEqual({ access: "t1", renewAt: 5 });
    expect(expired).toBeUndefined();
    expect(await a.values.get("token")).toBeUndefined();
  });
});
