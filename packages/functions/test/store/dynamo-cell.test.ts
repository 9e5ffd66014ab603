import { parseConfig } from "@nwh/core/config";
import { SHARED_LIMITS, sharedRateBudget } from "@nwh/core/store";
import { type LocalTable, startLocalTable } from "@nwh/dynamo-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoCell } from "../../src/store/dynamo-cell";
import { tableClient, tableLocationOf } from "../../src/store/dynamo-store";

/* The versioned cell over HTTP against dynalite, and the shared rate budget on it: no SDK mock anywhere. */

let table: LocalTable;
beforeAll(async () => {
  table = await startLocalTable();
});
afterAll(() => table.close());

const START = 1_800_000_000_000;

/** A clock that moves only when told to. */
function manualClock(start = START) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** A table client as one Lambda environment builds it (its own SDK client), on the shared table. */
function environmentTable() {
  const config = parseConfig({
    SLACK_SIGNING_SECRET: "s",
    SLACK_BOT_TOKEN: "xoxb-x",
    NEXUDUS_USERNAME: "u",
    NEXUDUS_PASSWORD: "p",
    APP_TABLE_NAME: table.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
  });
  return tableClient(tableLocationOf(config));
}

describe("a versioned cell in the table", () => {
  it("is written when absent, then only against the version read; an expired one is replaced", async () => {
    const clock = manualClock();
    const cell = dynamoCell(environmentTable(), "cell-rules", clock);

    const empty = await cell.read();
    const created = await cell.write("one", undefined, 10_000);
    const again = await cell.write("again", undefined, 10_000);
    const first = await cell.read();
    const next = await cell.write("two", 1, 10_000);
    const stale = await cell.write("stale", 1, 10_000);
    const second = await cell.read();
    clock.advance(10_001);
    const expired = await cell.read();
    const replaced = await cell.write("three", undefined, 10_000);

    expect(empty).toBeUndefined();
    expect([created, again]).toEqual([true, false]);
    expect(first).toEqual({ value: "one", version: 1 });
    expect([next, stale]).toEqual([true, false]);
    expect(second).toEqual({ value: "two", version: 2 });
    expect(expired).toBeUndefined();
    expect(replaced).toBe(true);
    expect(await cell.read()).toEqual({ value: "three", version: 1 });
  });

  it("of ten environments writing over the same version at once, exactly one succeeds", async () => {
    const clock = manualClock();
    const cells = Array.from({ length: 10 }, () => dynamoCell(environmentTable(), "cell-race", clock));
    await cells[0]!.write("start", undefined, 60_000);

    const results = await Promise.all(cells.map((c, i) => c.write(`from ${i}`, 1, 60_000)));

    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await cells[5]!.read()).toEqual({ value: `from ${winner}`, version: 2 });
  });
});

describe("the shared rate budget in the table", () => {
  it("gives four environments reserving at once distinct times, 120 ms apart (conflicts retried)", async () => {
    const clock = manualClock();
    const budgets = Array.from({ length: 4 }, (_, i) =>
      sharedRateBudget({ cell: dynamoCell(environmentTable(), "budget-race", clock), env: `env${i}`, clock }),
    );

    // Each environment's limiter asks for one reservation at a time; the four ask at once.
    const reserved = await Promise.all(
      budgets.map(async (b) => {
        const mine: number[] = [];
        for (let i = 0; i < 3; i++)
          mine.push((await b.reserve({ kind: "read", notBefore: START, now: START, unreported: [] })).at);
        return mine;
      }),
    );

    const times = reserved.flat().sort((a, b) => a - b);
    expect(times[0]).toBe(START);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps).toEqual(Array(11).fill(SHARED_LIMITS.minIntervalMs + SHARED_LIMITS.marginMs));
    const seen = await budgets[0]!.look(START);
    expect(seen.others).toBe(9);
  });
});
