import { ACTION_IDS, decodeActionValue, homeView, overviewMessage, validateMessage } from "@nwh/core/blocks";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  arbLocations,
  arbRecord,
  buttons,
  expectSafe,
  HOSTILE,
  overviewModel,
  RECORDS,
  serialized,
} from "./helpers";

describe("overviewMessage", () => {
  it("shows the totals, a button per common search and the worst failing webhooks", () => {
    const message = overviewMessage(overviewModel());

    expect(validateMessage(message)).toEqual([]);
    expect(message.text).toBe("Webhooks: 7 failing, 3 disabled, 42 in all");
    const json = serialized(message);
    expect(json).toContain("*7 failing webhooks*");
    expect(json).toContain("*3 disabled webhooks*");
    expect(json).toContain("*42 webhooks* in all");
    const searches = buttons(message)
      .filter((b) => b.action_id === ACTION_IDS.runSearch)
      .map((b) => decodeActionValue(b.value)?.q);
    expect(searches).toEqual(["failing", "disabled", "stale", "all", "help"]);
    const details = buttons(message).filter((b) => b.action_id === ACTION_IDS.details);
    expect(details.map((b) => decodeActionValue(b.value)?.id)).toEqual(RECORDS.slice(0, 3).map((r) => r.Id));
  });

  it("says all is well when nothing fails", () => {
    const message = overviewMessage(
      overviewModel({ totals: { all: 12, failing: 0, disabled: 0 }, worst: [] }),
    );

    expect(validateMessage(message)).toEqual([]);
    expect(serialized(message)).toContain(":white_check_mark:");
    expect(buttons(message).some((b) => b.action_id === ACTION_IDS.details)).toBe(false);
  });

  it("renders hostile worst records safely", () => {
    const message = overviewMessage(overviewModel({ worst: [HOSTILE] }));

    expect(validateMessage(message)).toEqual([]);
    expectSafe(message);
  });
});

describe("homeView", () => {
  it("is a home view with the overview's blocks, within the Home tab's limits", () => {
    const view = homeView(overviewModel());

    expect(view.type).toBe("home");
    expect(validateMessage(view, { surface: "home" })).toEqual([]);
    expect(view.blocks).toEqual(overviewMessage(overviewModel()).blocks);
  });

  it("stays valid and safe for any totals and worst records", () => {
    fc.assert(
      fc.property(
        fc.array(arbRecord, { maxLength: 12 }),
        arbLocations,
        fc.record({ all: fc.nat(), failing: fc.nat(), disabled: fc.nat() }),
        (worst, locations, totals) => {
          const m = overviewModel({ worst, locations, totals });
          const message = overviewMessage(m);
          const view = homeView(m);
          expect(validateMessage(message)).toEqual([]);
          expect(validateMessage(view, { surface: "home" })).toEqual([]);
          expectSafe(message);
          expectSafe(view);
        },
      ),
      { numRuns: 60 },
    );
  });
});
