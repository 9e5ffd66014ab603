import { describe, expect, it } from "vitest";
import { applyLocalFilters, needsLocationLookup, pageLocally, resolveLocations } from "../../src/query";
import type { LocalFilter } from "../../src/query/local-filters";
import { record, recordingLookup, search } from "./helpers";

describe("resolveLocations", () => {
  it.each([
    ['location:"Downtown Hub"', 101],
    ['location:"DOWNTOWN  HUB"', 101],
    ["location:uptown", 103],
    ["location:malaga", 104],
    ['location:"málaga centro"', 104],
  ])("%s → %i", async (text, id) => {
    // Act
    const outcome = await resolveLocations(search(text), recordingLookup().lookup);
    // Assess
    expect(outcome).toEqual({ ok: true, query: { location: { id } } });
  });

  it("an exact name wins over longer names containing it", async () => {
    // Prepare
    const businesses = [
      { Id: 1, Name: "Hub" },
      { Id: 2, Name: "Hub Annex" },
    ];
    // Act
    const outcome = await resolveLocations(search("location:hub"), recordingLookup(businesses).lookup);
    // Assess
    expect(outcome).toEqual({ ok: true, query: { location: { id: 1 } } });
  });

  it("ids need no lookup; names in exclusions are resolved, each name looked up once", async () => {
    // Prepare
    const byId = search("location:12 -location:7");
    const byName = search('failing location:uptown -location:"Downtown Hub" -location:"downtown hub"');
    const { lookup, asked } = recordingLookup();
    // Act
    const same = await resolveLocations(byId, lookup);
    const outcome = await resolveLocations(byName, lookup);
    // Assess
    expect(needsLocationLookup(byId)).toBe(false);
    expect(needsLocationLookup(byName)).toBe(true);
    expect(same).toEqual({ ok: true, query: byId });
    expect(outcome).toEqual({
      ok: true,
      query: {
        failing: true,
        location: { id: 103 },
        exclude: [{ field: "location", value: { id: 101 } }],
      },
    });
    expect(asked).toEqual(["uptown", "Downtown Hub"]);
  });

  it("lookup failures propagate to the caller", async () => {
    // Prepare
    const failing = async () => {
      throw new Error("Nexudus is down");
    };
    // Act / Assess
    await expect(resolveLocations(search("location:x"), failing)).rejects.toThrow("Nexudus is down");
  });
});

describe("applyLocalFilters (exclusions) and local paging", () => {
  const records = [
    record({ Id: 1 }),
    record({ Id: 2, Name: "TEST hook", Action: 6 }),
    record({ Id: 3, BusinessId: 102, URL: "https://api.hubapi.com/x" }),
    record({ Id: 4, LastError: "Timeout after 30s" }),
  ];

  const excluding = (field: string, value: unknown): LocalFilter => ({ field, value, exclude: true });
  it.each<[LocalFilter[], number[]]>([
    [[excluding("name", "test")], [1, 3, 4]],
    [[excluding("action", 6)], [1, 3, 4]],
    [[excluding("location", { id: 102 })], [1, 2, 4]],
    [[excluding("url", "HUBAPI")], [1, 2, 4]],
    [[excluding("error", "timeout")], [1, 2, 3]],
    [
      [excluding("error", "timeout"), excluding("action", 6)],
      [1, 3],
    ],
    [[], [1, 2, 3, 4]],
  ])("%j keeps %j", (exclusions, ids) => {
    // Act
    const kept = applyLocalFilters(records, exclusions);
    // Assess
    expect(kept.map((r) => r.Id)).toEqual(ids);
  });

  it("pages what is left", () => {
    // Act
    const page2 = pageLocally([1, 2, 3, 4, 5], 2, 2);
    const beyond = pageLocally([1, 2, 3], 5, 2);
    const empty = pageLocally([], 1, 10);
    // Assess
    expect(page2).toEqual({ records: [3, 4], page: 2, size: 2, totalItems: 5, totalPages: 3 });
    expect(beyond.records).toEqual([]);
    expect(empty).toMatchObject({ totalItems: 0, totalPages: 1 });
  });
});
