import { describe, expect, it } from "vitest";
import { filtersOf } from "./helpers";

const ctx = (iso: string, timeZone: string) => ({ now: Date.parse(iso), timeZone, minErrors: 1 });

describe("dates are wall-clock in the configured zone, sent to Nexudus in UTC", () => {
  it.each<[string, string, string, Record<string, string>]>([
    // Europe/London: GMT in winter, BST (UTC+1) in summer.
    [
      "created:2025-01-15",
      "2025-06-15T12:00Z",
      "Europe/London",
      { from_WebHook_CreatedOn: "2025-01-15T00:00", to_WebHook_CreatedOn: "2025-01-15T23:59" },
    ],
    [
      "created:2025-07-15",
      "2025-06-15T12:00Z",
      "Europe/London",
      { from_WebHook_CreatedOn: "2025-07-14T23:00", to_WebHook_CreatedOn: "2025-07-15T22:59" },
    ],
    // The day clocks go forward (30 March 2025, 01:00 GMT → 02:00 BST): a 23-hour day.
    [
      "created:2025-03-30",
      "2025-06-15T12:00Z",
      "Europe/London",
      { from_WebHook_CreatedOn: "2025-03-30T00:00", to_WebHook_CreatedOn: "2025-03-30T22:59" },
    ],
    // 01:30 does not exist that day; it is read as 02:30 BST (01:30 UTC).
    [
      "created:2025-03-30T01:30",
      "2025-06-15T12:00Z",
      "Europe/London",
      { from_WebHook_CreatedOn: "2025-03-30T01:30", to_WebHook_CreatedOn: "2025-03-30T01:30" },
    ],
    // The day clocks go back (26 October 2025): a 25-hour day; 01:30 happens twice, the first (BST) is taken.
    [
      "created:2025-10-26",
      "2025-06-15T12:00Z",
      "Europe/London",
      { from_WebHook_CreatedOn: "2025-10-25T23:00", to_WebHook_CreatedOn: "2025-10-26T23:59" },
    ],
    [
      "created:2025-10-26T01:30",
      "2025-06-15T12:00Z",
      "Europe/London",
      { from_WebHook_CreatedOn: "2025-10-26T00:30", to_WebHook_CreatedOn: "2025-10-26T00:30" },
    ],
    // America/New_York: EST (UTC−5) / EDT (UTC−4).
    [
      "updated:2025-01-15T08:30",
      "2025-06-15T12:00Z",
      "America/New_York",
      { from_WebHook_UpdatedOn: "2025-01-15T13:30", to_WebHook_UpdatedOn: "2025-01-15T13:30" },
    ],
    [
      "updated:2025-07-04",
      "2025-06-15T12:00Z",
      "America/New_York",
      { from_WebHook_UpdatedOn: "2025-07-04T04:00", to_WebHook_UpdatedOn: "2025-07-05T03:59" },
    ],
    [
      "updated:2025-03-09",
      "2025-06-15T12:00Z",
      "America/New_York",
      { from_WebHook_UpdatedOn: "2025-03-09T05:00", to_WebHook_UpdatedOn: "2025-03-10T03:59" },
    ],
    // Far east of UTC: the local day starts the evening before in UTC.
    [
      "triggered:2025-01-01",
      "2025-06-15T12:00Z",
      "Asia/Tokyo",
      { from_WebHook_LastTrigger: "2024-12-31T15:00", to_WebHook_LastTrigger: "2025-01-01T14:59" },
    ],
    [
      "triggered:2025-01-01",
      "2025-06-15T12:00Z",
      "Asia/Kolkata",
      { from_WebHook_LastTrigger: "2024-12-31T18:30", to_WebHook_LastTrigger: "2025-01-01T18:29" },
    ],
  ])("%s in %s (%s)", async (text, now, timeZone, expected) => {
    // Act
    const filters = await filtersOf(text, ctx(now, timeZone));
    // Assess
    expect(filters).toEqual(expected);
  });

  it("today and yesterday are the zone's days, not UTC's", async () => {
    // Prepare: 03:30 UTC on 15 June is still 14 June, 23:30 in New York.
    const c = ctx("2025-06-15T03:30Z", "America/New_York");
    // Act
    const today = await filtersOf("created:today", c);
    const yesterday = await filtersOf("created:yesterday", c);
    // Assess
    expect(today).toEqual({
      from_WebHook_CreatedOn: "2025-06-14T04:00",
      to_WebHook_CreatedOn: "2025-06-15T03:59",
    });
    expect(yesterday).toEqual({
      from_WebHook_CreatedOn: "2025-06-13T04:00",
      to_WebHook_CreatedOn: "2025-06-14T03:59",
    });
  });

  it("yesterday across the spring change in London spans 23 hours", async () => {
    // Prepare: the morning after clocks went forward.
    const c = ctx("2025-03-31T09:00Z", "Europe/London");
    // Act
    const filters = await filtersOf("triggered:yesterday", c);
    // Assess
    expect(filters).toEqual({
      from_WebHook_LastTrigger: "2025-03-30T00:00",
      to_WebHook_LastTrigger: "2025-03-30T22:59",
    });
  });

  it("relative spans count back from now whatever the zone", async () => {
    // Act
    const london = await filtersOf("triggered:<7d", ctx("2025-03-31T09:00Z", "Europe/London"));
    const tokyo = await filtersOf("triggered:<7d", ctx("2025-03-31T09:00Z", "Asia/Tokyo"));
    // Assess
    expect(london).toEqual({ from_WebHook_LastTrigger: "2025-03-24T09:00" });
    expect(tokyo).toEqual(london);
  });

  it("strict bounds step one minute past the day", async () => {
    // Act
    const after = await filtersOf("created:>2025-10-25", ctx("2025-11-01T00:00Z", "Europe/London"));
    const before = await filtersOf("created:<2025-10-27", ctx("2025-11-01T00:00Z", "Europe/London"));
    // Assess: 26 Oct starts at 00:00 BST (23:00 UTC the day before); 27 Oct at 00:00 GMT.
    expect(after).toEqual({ from_WebHook_CreatedOn: "2025-10-25T23:00" });
    expect(before).toEqual({ to_WebHook_CreatedOn: "2025-10-26T23:59" });
  });
});
