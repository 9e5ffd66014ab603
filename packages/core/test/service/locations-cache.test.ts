import type { Business, NexudusClient } from "@nwh/core/nexudus";
import type { Values } from "@nwh/core/store";
import { describe, expect, it } from "vitest";
import { createLocationsCache, MAX_SHARED_LOCATIONS_BYTES } from "../../src/service/locations-cache";
import { memoryValues } from "../support/memory-store";
import { testClock } from "../support/test-clock";

/*
 * The locations one Lambda environment read, shared with the others through the table (here the in-memory
 * stand-in of its port): a fresh environment answers its first search without asking Nexudus for them.
 */

const KEY = "nexudus-locations:test";
const TTL = 60_000;

const LOCATIONS: Business[] = [
  { Id: 11, Name: "Downtown Hub", SimpleTimeZoneId: 3, Address: "1 Main St", Phone: "555" },
  { Id: 12, Name: "Riverside", RootLocationId: 11 },
];

/** A Nexudus client that only lists locations, counting how often it is asked. */
function locationsClient(list: Business[] = LOCATIONS) {
  const calls = { count: 0 };
  const client = {
    async listAllBusinesses() {
      calls.count += 1;
      return list;
    },
  } as unknown as NexudusClient;
  return { client, calls };
}

describe("the locations cache shared through the table", () => {
  it("stores what one environment read, and a second environment takes it without asking Nexudus", async () => {
    // Prepare
    const clock = testClock();
    const values = memoryValues(clock);
    const a = locationsClient();
    const b = locationsClient();
    const first = createLocationsCache({ client: a.client, clock, ttlMs: TTL, shared: { values, key: KEY } });
    const second = createLocationsCache({
      client: b.client,
      clock,
      ttlMs: TTL,
      shared: { values, key: KEY },
    });

    // Act
    const read = await first.list();
    await expect.poll(() => values.get(KEY)).toBeDefined();
    const names = await second.names();

    // Assess: one Nexudus read in all; only the fields the bot uses are kept, in both environments.
    expect(a.calls.count).toBe(1);
    expect(b.calls.count).toBe(0);
    expect(names).toEqual(
      new Map([
        [11, "Downtown Hub"],
        [12, "Riverside"],
      ]),
    );
    expect(read).toEqual([
      { Id: 11, Name: "Downtown Hub", SimpleTimeZoneId: 3 },
      { Id: 12, Name: "Riverside", RootLocationId: 11 },
    ]);
    expect(await second.list()).toEqual(read);
  });

  it("shares one refill among callers that ask at once: one table read, one Nexudus read, one copy", async () => {
    const clock = testClock();
    const inner = memoryValues(clock);
    const seen = { gets: 0, puts: 0 };
    const values: Values = {
      get(key) {
        seen.gets += 1;
        return inner.get(key);
      },
      put(key, value, ttl) {
        seen.puts += 1;
        return inner.put(key, value, ttl);
      },
      remove: (key) => inner.remove(key),
    };
    const a = locationsClient();
    const cache = createLocationsCache({ client: a.client, clock, shared: { values, key: KEY } });

    const [list, names] = await Promise.all([cache.list(), cache.names()]);

    expect(list).toHaveLength(2);
    expect(names.get(12)).toBe("Riverside");
    expect([seen.gets, a.calls.count, seen.puts]).toEqual([1, 1, 1]);
  });

  it("reads Nexudus again once the shared copy is as old as the cache's lifetime", async () => {
    const clock = testClock();
    const values = memoryValues(clock);
    const a = locationsClient();
    await createLocationsCache({ client: a.client, clock, ttlMs: TTL, shared: { values, key: KEY } }).list();
    // The table's copy outlives its freshness here (its own expiry is a cleanup, not the rule).
    await values.put(KEY, { at: clock.now(), list: LOCATIONS }, 10 * TTL);
    clock.advance(TTL);

    const b = locationsClient();
    await createLocationsCache({ client: b.client, clock, ttlMs: TTL, shared: { values, key: KEY } }).list();

    expect(b.calls.count).toBe(1);
  });

  it("falls back to Nexudus, and says so, when the table cannot be read or holds something else", async () => {
    const clock = testClock();
    const failures: unknown[] = [];
    const broken: Values = {
      get: async () => {
        throw new Error("table unreachable");
      },
      put: async () => {
        throw new Error("table unreachable");
      },
      remove: async () => {},
    };
    const a = locationsClient();
    const fromBroken = createLocationsCache({
      client: a.client,
      clock,
      shared: { values: broken, key: KEY, onError: (e) => failures.push(e) },
    });
    const values = memoryValues(clock);
    await values.put(KEY, { at: "yesterday", list: [{ Name: 3 }] }, TTL);
    const b = locationsClient();
    const fromGarbage = createLocationsCache({ client: b.client, clock, shared: { values, key: KEY } });

    expect((await fromBroken.names()).get(11)).toBe("Downtown Hub");
    expect((await fromGarbage.names()).get(12)).toBe("Riverside");

    expect([a.calls.count, b.calls.count]).toEqual([1, 1]);
    await expect.poll(() => failures.length).toBe(2); // the read, then the write
    expect(String(failures[0])).toContain("table unreachable");
  });

  it("does not store a list too big for one item, and a cleared cache does not trust the copy", async () => {
    const clock = testClock();
    const values = memoryValues(clock);
    const many = Array.from({ length: 8000 }, (_, i) => ({ Id: i + 1, Name: `Location number ${i + 1}` }));
    expect(JSON.stringify(many).length).toBeGreaterThan(MAX_SHARED_LOCATIONS_BYTES);
    const big = locationsClient(many);
    await createLocationsCache({ client: big.client, clock, shared: { values, key: KEY } }).list();
    expect(await values.get(KEY)).toBeUndefined();
    // Counted in bytes, as DynamoDB counts: fewer characters than the limit, more bytes.
    const wide = Array.from({ length: 3000 }, (_, i) => ({
      Id: i + 1,
      Name: `${"東京駅前".repeat(10)} ${i}`,
    }));
    expect(JSON.stringify(wide).length).toBeLessThan(MAX_SHARED_LOCATIONS_BYTES);
    await createLocationsCache({
      client: locationsClient(wide).client,
      clock,
      shared: { values, key: KEY },
    }).list();
    expect(await values.get(KEY)).toBeUndefined();

    const small = locationsClient();
    const cache = createLocationsCache({ client: small.client, clock, shared: { values, key: KEY } });
    await cache.list();
    await expect.poll(() => values.get(KEY)).toBeDefined();
    cache.clear();
    await cache.list();
    expect(small.calls.count).toBe(2);
  });
});
