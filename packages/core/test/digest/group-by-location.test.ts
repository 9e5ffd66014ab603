import { describe, expect, it } from "vitest";
import { classifyWebhooks } from "../../src/digest/classify-webhooks";
import { groupByLocation, locationNamesOf } from "../../src/digest/group-by-location";
import { business, NOW, webhook } from "./fixtures";

describe("groupByLocation", () => {
  it("groups by location, names from businesses, unknown ids as Location #id, worst location first", () => {
    // Prepare
    const names = locationNamesOf([
      business(1, "Downtown Hub"),
      business(2, "Riverside Loft"),
      business(3, "Canal Works"),
    ]);
    const items = classifyWebhooks(
      [
        webhook({ Id: 1, BusinessId: 1, ErrorCount: 3 }),
        webhook({ Id: 2, BusinessId: 2, ErrorCount: 9 }),
        webhook({ Id: 3, BusinessId: 1, ErrorCount: 8 }),
        webhook({ Id: 4, BusinessId: 77, Active: false, ErrorCount: 10 }),
        webhook({ Id: 5, BusinessId: 3, ErrorCount: 8 }),
        webhook({ Id: 6, BusinessId: 2, Active: false, ErrorCount: 0 }),
      ],
      { now: NOW, minErrors: 1 },
    );
    // Act
    const groups = groupByLocation(items, names);
    // Assess: 77 (a disabled one) first; 2 (worst 9); then 1 and 3 tie on their worst (8) and go by name.
    expect(groups.map((g) => [g.name, g.items.map((i) => i.record.Id), g.disabled, g.failing])).toEqual([
      ["Location #77", [4], 1, 0],
      ["Riverside Loft", [2], 0, 1],
      ["Canal Works", [5], 0, 1],
      ["Downtown Hub", [3, 1], 0, 2],
    ]);
  });

  it("uses Location #id for a blank name", () => {
    // Prepare
    const names = locationNamesOf([business(5, "   ")]);
    const items = classifyWebhooks([webhook({ BusinessId: 5, ErrorCount: 1 })], { now: NOW, minErrors: 1 });
    // Act
    const [group] = groupByLocation(items, names);
    // Assess
    expect(group?.name).toBe("Location #5");
  });
});
