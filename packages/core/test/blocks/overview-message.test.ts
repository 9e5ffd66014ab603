import { ACTION_IDS, decodeActionValue, validateMessage } from "@nwh/core/blocks";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { homeView, overviewMessage } from "../../src/blocks/overview-message";
import { blocksOf } from "../service/support";
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
    expect(message.text).toBe("Webhooks: 7 failing, 3 disabled by Nexudus, 2 paused, 4 stale, 42 in all");
    const json = serialized(message);
    expect(json).toContain("*7 failing webhooks*");
    expect(json).toContain("*3 webhooks disabled* by Nexudus after 10 failures");
    expect(json).toContain("*42 webhooks* in all");
    const searches = buttons(message)
      .filter((b) => b.action_id === ACTION_IDS.runSearch)
      .map((b) => decodeActionValue(b.value)?.q);
    expect(searches).toEqual([
      "failing",
      "disabled errors:10..",
      "disabled errors:..9",
      "stale",
      "all",
      "help",
    ]);
    const details = buttons(message).filter((b) => b.action_id === ACTION_IDS.details);
    expect(details.map((b) => decodeActionValue(b.value)?.id)).toEqual(RECORDS.slice(0, 3).map((r) => r.Id));
  });

  it("counts paused and stale webhooks apart from disabled ones, each with a button running its search", () => {
    const message = overviewMessage(overviewModel());

    const rows = blocksOf(message)
      .filter((b) => b.type === "section" && b.accessory?.action_id === ACTION_IDS.runSearch)
      .map((b) => [b.text.text as string, b.accessory.text.text, decodeActionValue(b.accessory.value)?.q]);
    expect(rows).toContainEqual([
      ":double_vertical_bar: *2 webhooks paused* by a person or an API client",
      "Show paused",
      "disabled errors:..9",
    ]);
    expect(rows).toContainEqual([
      ":hourglass: *4 stale webhooks*: no successful delivery for 7 days",
      "Show stale",
      "stale",
    ]);
    expect(rows).toContainEqual([
      ":no_entry: *3 webhooks disabled* by Nexudus after 10 failures",
      "Show disabled",
      "disabled errors:10..",
    ]);
  });

  it("opens a worst webhook's Details with the way back to the overview (where it was clicked)", () => {
    const message = overviewMessage(overviewModel());

    const details = buttons(message).filter((b) => b.action_id === ACTION_IDS.details);
    expect(details.map((b) => decodeActionValue(b.value))).toEqual(
      RECORDS.slice(0, 3).map((r) => ({ id: r.Id, q: "", p: 1 })),
    );
  });

  it("says all is well when nothing fails", () => {
    const message = overviewMessage(
      overviewModel({ totals: { all: 12, failing: 0, disabled: 0, paused: 0, stale: 0 }, worst: [] }),
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
        fc.record({
          all: fc.nat(),
          failing: fc.nat(),
          disabled: fc.nat(),
          paused: fc.nat(),
          stale: fc.nat(),
        }),
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
