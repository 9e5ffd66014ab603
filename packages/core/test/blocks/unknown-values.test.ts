import { resultsMessage, validateMessage } from "@nwh/core/blocks";
import { describe, expect, it } from "vitest";
import { detailsMessage } from "../../src/blocks/details-message";
import { overviewMessage } from "../../src/blocks/overview-message";
import { detailsModel, MEMBER, overviewModel, record, resultsModel, serialized } from "./helpers";

/* What Nexudus may leave out or garble: counts, dates, records the bot could not read. */

describe("results without totals", () => {
  it("says page 2, never 'page 2 of -1' or 'undefined found', and pages on HasNextPage", () => {
    // Act
    const more = resultsMessage(
      resultsModel({ page: 2, totalItems: undefined, totalPages: undefined, hasNextPage: true }),
      MEMBER,
    );
    const last = resultsMessage(
      resultsModel({ page: 2, totalItems: undefined, totalPages: undefined, hasNextPage: false }),
      MEMBER,
    );

    // Assess
    for (const message of [more, last]) {
      expect(validateMessage(message)).toEqual([]);
      expect(serialized(message)).not.toMatch(/of -1|undefined|NaN|of 0\b/);
      expect(message.text).toBe("Failing webhooks: page 2");
    }
    expect(JSON.stringify(more.blocks[1])).toMatch(/"text":"page 2 {2}·/);
    expect(serialized(more)).toContain("Next ▶");
    expect(serialized(last)).not.toContain("Next ▶");
    expect(serialized(last)).toContain("◀ Previous");
  });

  it("an empty page past the end without totals says so plainly", () => {
    const message = resultsMessage(
      resultsModel({ records: [], page: 4, totalItems: undefined, totalPages: undefined }),
      MEMBER,
    );
    expect(validateMessage(message)).toEqual([]);
    expect(serialized(message)).toContain("Page 4 is past the end of this search.");
  });
});

describe("records Nexudus sent that could not be read", () => {
  it("are counted in a footnote under the results", () => {
    const message = resultsMessage(resultsModel({ skipped: 2 }), MEMBER);
    expect(validateMessage(message)).toEqual([]);
    expect(serialized(message)).toContain("2 records Nexudus sent could not be read and are not shown");
  });

  it("an empty page made only of unreadable records does not say that nothing matches", () => {
    const message = resultsMessage(
      resultsModel({ records: [], skipped: 3, totalItems: 3, totalPages: 1 }),
      MEMBER,
    );
    expect(serialized(message)).toContain("none of them could be read");
    expect(serialized(message)).not.toContain("No webhooks match");
  });

  it("are counted under the overview, which then claims no all-clear", () => {
    const message = overviewMessage(
      overviewModel({
        totals: { all: 5, failing: 0, disabled: 0, paused: 0, stale: 0 },
        worst: [],
        skipped: 1,
      }),
    );
    expect(validateMessage(message)).toEqual([]);
    expect(serialized(message)).toContain("1 record Nexudus sent could not be read");
    expect(serialized(message)).not.toContain("Every webhook delivered");
  });
});

describe("an overview whose totals Nexudus did not give", () => {
  it("says so instead of a number", () => {
    const message = overviewMessage(
      overviewModel({
        totals: { all: undefined, failing: undefined, disabled: 4, paused: 0, stale: undefined },
      }),
    );
    expect(validateMessage(message)).toEqual([]);
    const text = serialized(message);
    expect(text).toContain("an unknown number of failing webhooks");
    expect(text).toContain("4 webhooks disabled");
    expect(text).toContain("an unknown number of stale webhooks");
    expect(text).not.toMatch(/undefined|NaN/);
    expect(message.text).toBe("Webhooks: ? failing, 4 disabled by Nexudus, 0 paused, ? stale, ? in all");
  });
});

describe("dates the bot cannot read", () => {
  it("show as unknown, and only a missing LastTrigger as never delivered", () => {
    const garbled = record({ LastTrigger: "0001-01-01T00:00:00", CreatedOn: "not a date", ErrorCount: 4 });
    const never = record({ LastTrigger: null, ErrorCount: 4 });
    const unknownRow = resultsMessage(resultsModel({ records: [garbled] }), MEMBER);
    const neverRow = resultsMessage(resultsModel({ records: [never] }), MEMBER);
    const details = detailsMessage(detailsModel({ record: garbled }), MEMBER);
    expect(serialized(unknownRow)).toContain("last success unknown");
    expect(serialized(unknownRow)).not.toContain("never delivered");
    expect(serialized(neverRow)).toContain("never delivered");
    expect(serialized(details)).toContain("*Last success*\\nunknown");
    expect(serialized(details)).toContain("*Created*\\nunknown");
  });
});
