import { describe, expect, it } from "vitest";
import { describeQuery, formatQuery, type SearchQuery, withPage } from "../../src/query";
import { search } from "./helpers";

describe("formatQuery", () => {
  it.each([
    ["all", "all"],
    ["failing", "failing"],
    ["  Failing   LOCATION:12 ", "failing location:12"],
    ["paused", "disabled"],
    ["stale:7d", "stale"],
    ["stale:48h", "stale:48h"],
    ["zapier sync", "zapier sync"],
    ['"zapier sync"', '"zapier sync"'],
    ['action:6 event:"booking create"', "action:BookingCreate"],
    ["errors:>3", "errors:>=4"],
    ["errors:3..3", "errors:3"],
    ["triggered:<7d", "triggered:within:7d"],
    ["triggered:7d", "triggered:within:7d"],
    ["triggered:7d..30d", "triggered:30d..7d"],
    ["created:2025-01-01..2025-01-01", "created:2025-01-01"],
    ["created:>2025-01-01 created:<=2025-02-01", "created:>2025-01-01 created:<=2025-02-01"],
    ["sort:-ErrorCount", "sort:-errors"],
    ["-test -test -action:6", "-name:test -action:BookingCreate"],
    ["name:a&amp;lt;b", "name:a&amp;lt;b"],
  ])("%j → %j", (text, canonical) => {
    // Act / Assess
    expect(formatQuery(search(text))).toBe(canonical);
  });

  it("withPage changes only the page, clamped to the allowed range", () => {
    // Prepare
    const query = search("failing size:5");
    // Act / Assess
    expect(withPage(query, 3)).toEqual({ failing: true, size: 5, page: 3 });
    expect(withPage(query, 0).page).toBe(1);
    expect(withPage(query, 1e9).page).toBe(1000);
    expect(withPage(query, Number.NaN).page).toBe(1);
    expect(query.page).toBeUndefined();
  });
});

describe("describeQuery", () => {
  const names = new Map([[101, "Downtown Hub"]]);
  it.each<[SearchQuery | string, string]>([
    ["all", "all webhooks"],
    [{ failing: true, location: { id: 101 } }, "failing webhooks at Downtown Hub"],
    [{ location: { id: 7 } }, "all webhooks at location 7"],
    ["disabled action:6", "disabled webhooks for BookingCreate"],
    ["stale", "stale webhooks"],
    ["stale:30d active", "active webhooks with no success in 30 days"],
    ["zapier errors:3..10", "all webhooks named “zapier” with 3–10 errors"],
    ["triggered:<7d", "all webhooks last triggered in the past 7 days"],
    ["triggered:>1w", "all webhooks last triggered more than 1 week ago"],
    ["created:2025-01-01", "all webhooks created on 2025-01-01"],
    ["created:today", "all webhooks created today"],
    ["updated:>=2025-01-01T08:30", "all webhooks updated since 2025-01-01 08:30"],
    ["updated:<2025-01-01", "all webhooks updated before 2025-01-01"],
    ["updated:2025-01-01..2025-02-01", "all webhooks updated between 2025-01-01 and 2025-02-01"],
    [
      "failing -action:6 -test sort:-errors",
      "failing webhooks excluding BookingCreate, “test” sorted by errors (descending)",
    ],
  ])("%j → %j", (input, description) => {
    // Prepare
    const query = typeof input === "string" ? search(input) : input;
    // Act / Assess
    expect(describeQuery(query, names)).toBe(description);
  });
});
