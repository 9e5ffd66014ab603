import { describe, expect, it } from "vitest";
import { applyLocalFilters, localFilterLimitError, QUERY_LIMITS } from "../../src/query";
import type { PlanContext } from "../../src/query/query-types";
import { planOf, UTC_CTX } from "./helpers";

/*
 * NEXUDUS_DATES=local: Nexudus compares date filters with each location's wall-clock time, so one value
 * cannot be right for every zone. The plan sends a range wide enough for any zone and checks the exact one
 * on each record (records reach the filter with their dates already read as instants by the client).
 */

const LOCAL: PlanContext = { ...UTC_CTX, nexudusDates: "local" };
const EXPLICIT_UTC: PlanContext = { ...UTC_CTX, nexudusDates: "utc" };

const DATE_SEARCHES = [
  "triggered:within:7d",
  "triggered:before:30d",
  "triggered:yesterday",
  "triggered:2025-01-01..2025-01-31",
  "created:>=2025-01-01",
  "created:today",
  "updated:2025-01-01T08:30..2025-01-01T12:00",
  "updated:<2025-03-01",
  "stale",
  "stale:30d triggered:>=2025-01-01",
  "failing triggered:within:2w -name:test",
];

const hook = (Id: number, LastTrigger: string | null) => ({
  Id,
  BusinessId: 101,
  Name: `Hook ${Id}`,
  Action: 6,
  URL: "https://example.com/h",
  Active: true,
  ErrorCount: 0,
  LastError: null,
  LastTrigger,
});

describe("date filters with NEXUDUS_DATES=utc (the default)", () => {
  it.each(DATE_SEARCHES)("%s: the same plan whether utc is the default or said", async (text) => {
    expect(await planOf(text, EXPLICIT_UTC)).toEqual(await planOf(text, UTC_CTX));
  });

  it("sends the exact minutes in UTC, pages at Nexudus, and checks nothing here", async () => {
    // 2025-06-15 09:30 UTC: 7 days back, and 2025-01-01 as a whole day in UTC.
    const within = await planOf("triggered:within:7d", EXPLICIT_UTC);
    const day = await planOf("created:2025-01-01", EXPLICIT_UTC);

    expect(within.params).toEqual({ from_WebHook_LastTrigger: "2025-06-08T09:30", page: "1", size: "10" });
    expect(day.params).toEqual({
      from_WebHook_CreatedOn: "2025-01-01T00:00",
      to_WebHook_CreatedOn: "2025-01-01T23:59",
      page: "1",
      size: "10",
    });
    expect([within.localFilters, day.localFilters]).toEqual([[], []]);
    expect([within.localPaging, day.localPaging]).toEqual([false, false]);
  });
});

describe("date filters with NEXUDUS_DATES=local", () => {
  it("widens each bound sent by the most a zone can be behind (12 h) or ahead (14 h), and checks the exact range here", async () => {
    const plan = await planOf("triggered:2025-01-01..2025-01-31", LOCAL);

    expect(plan.params).toEqual({
      from_WebHook_LastTrigger: "2024-12-31T12:00",
      to_WebHook_LastTrigger: "2025-02-01T13:59",
    });
    expect(plan.localFilters).toEqual([
      {
        kind: "dates",
        property: "LastTrigger",
        from: Date.UTC(2025, 0, 1),
        to: Date.UTC(2025, 0, 31, 23, 59),
        terms: ["triggered:"],
        exclude: false,
      },
    ]);
    expect(plan.localPaging).toBe(true);
  });

  it("keeps exactly the records inside the range, to the minute, and none without a date", async () => {
    const plan = await planOf("triggered:within:7d", LOCAL);
    const records = [
      hook(1, "2025-06-08T09:30:00.000Z"), // the first minute of the range
      hook(2, "2025-06-08T09:29:59.999Z"), // just before it
      hook(3, "2025-06-15T09:30:00.000Z"), // now
      hook(4, "2025-06-07T21:30:00.000Z"), // inside what was sent (12 h wider), outside the range
      hook(5, null),
    ];

    expect(applyLocalFilters(records, plan.localFilters).map((r) => r.Id)).toEqual([1, 3]);
    expect(plan.params.from_WebHook_LastTrigger).toBe("2025-06-07T21:30");
  });

  it("merges the terms on one date (stale and triggered:) into one exact range, naming both", async () => {
    const plan = await planOf("stale:30d triggered:>=2025-01-01", LOCAL);
    const filter = plan.localFilters[0];

    expect(plan.localFilters).toHaveLength(1);
    expect(filter).toMatchObject({
      kind: "dates",
      property: "LastTrigger",
      from: Date.UTC(2025, 0, 1),
      to: Date.UTC(2025, 4, 16, 9, 30),
      terms: ["triggered:", "stale"],
    });
    expect(plan.params).toMatchObject({
      from_WebHook_LastTrigger: "2024-12-31T12:00",
      to_WebHook_LastTrigger: "2025-05-16T23:30",
    });
  });

  it("still finds an empty range before asking Nexudus, on the exact dates", async () => {
    const plan = await planOf("stale:30d triggered:>=2025-06-01", LOCAL);

    expect(plan.impossible.map((p) => p.code)).toEqual(["contradiction"]);
    expect(plan.impossible[0]?.message).toContain("from 2025-06-01 00:00 to 2025-05-16 09:30 (UTC)");
  });

  it("names the date term and why when the wider range matches too many webhooks to check", async () => {
    const plan = await planOf("triggered:within:7d", LOCAL);
    const error = localFilterLimitError(QUERY_LIMITS.maxExclusionRecords + 1, plan.localFilters);

    expect(error?.code).toBe("too-many-records");
    expect(error?.term).toBe("triggered:");
    expect(error?.message).toContain(
      "`triggered:` (dates read in each location's zone: NEXUDUS_DATES=local)",
    );
  });

  it("keeps the other local filters and Nexudus's parameters as they are", async () => {
    const local = await planOf("failing triggered:within:2w -name:test", LOCAL);
    const utc = await planOf("failing triggered:within:2w -name:test", UTC_CTX);

    expect(local.localFilters.filter((f) => !("kind" in f))).toEqual(utc.localFilters);
    expect(local.params.from_WebHook_ErrorCount).toBe(utc.params.from_WebHook_ErrorCount);
    expect(local.order).toEqual(utc.order);
  });
});
