import { resultsMessage, validateMessage } from "@nwh/core/blocks";
import { SLACK_LIMITS } from "@nwh/core/slack";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Fit, fitToLimits, TOO_LARGE_MESSAGE } from "../../src/blocks/fit-to-limits";
import { overviewMessage } from "../../src/blocks/overview-message";
import { DENSITIES } from "../../src/blocks/webhook-row";
import { ADMIN, arbLocations, arbRecord, MEMBER, overviewModel, record, resultsModel } from "./helpers";

/*
 * The last step of building a message with rows (issue 13, item 2): whatever the builder makes of its input,
 * what comes out passes `validateMessage`.
 */

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });

describe("fitToLimits", () => {
  it("its last resort is valid as a message and as a Home tab", () => {
    expect(validateMessage(TOO_LARGE_MESSAGE)).toEqual([]);
    expect(validateMessage(TOO_LARGE_MESSAGE, { surface: "home" })).toEqual([]);
  });

  it("takes the roomiest density at which every row fits", () => {
    const asked: Fit[] = [];
    const message = fitToLimits(
      (fit) => {
        asked.push(fit);
        const rows = Array.from({ length: fit.rows }, () => section("x".repeat(fit.density.error * 10)));
        return { text: "t", blocks: rows };
      },
      { rows: 10 },
    );

    expect(validateMessage(message)).toEqual([]);
    expect(message.blocks).toHaveLength(10);
    expect(asked.every((f) => f.rows === 10 && !f.minimal)).toBe(true);
    expect(asked.at(-1)!.density.error).toBeLessThan(DENSITIES[0]!.error);
  });

  it("then leaves out the last rows, as few as it must", () => {
    // Each row is 1,000 characters: 11 fit in 11,000, whatever the density.
    const message = fitToLimits(
      ({ rows }) => ({ text: "t", blocks: Array.from({ length: rows }, () => section("y".repeat(1000))) }),
      { rows: 60 },
    );

    expect(validateMessage(message)).toEqual([]);
    expect(message.blocks).toHaveLength(11);
  });

  it("then leaves out what is optional, and finally answers that the message is too large", () => {
    const optionalTooBig = fitToLimits(
      ({ rows, minimal }) => ({
        text: "t",
        blocks: [
          ...(minimal
            ? []
            : [section("z".repeat(2900)), section("z".repeat(2900)), section("z".repeat(2900))]),
          ...(minimal ? [] : [section("z".repeat(2900))]),
          ...Array.from({ length: rows }, () => section("row")),
        ],
      }),
      { rows: 3 },
    );
    expect(optionalTooBig.blocks).toEqual([section("row"), section("row"), section("row")]);

    const neverFits = fitToLimits(() => ({ text: "", blocks: [{ type: "nonsense" }] }), { rows: 5 });
    expect(neverFits).toEqual(TOO_LARGE_MESSAGE);
    const homeNeverFits = fitToLimits(
      () => ({ blocks: Array.from({ length: 101 }, () => ({ type: "divider" })) }),
      { rows: 0, surface: "home" },
    );
    expect(homeNeverFits.blocks).toEqual(TOO_LARGE_MESSAGE.blocks);
  });

  it("never returns an invalid message, whatever the builder makes", () => {
    const block = fc.oneof(
      fc.string({ maxLength: 4000 }).map(section),
      fc.constant({ type: "divider" }),
      fc.constant({ type: "header", text: { type: "plain_text", text: "h".repeat(200) } }),
      fc.constant({ type: "bogus" }),
      fc.constant({ type: "section" }),
    );
    fc.assert(
      fc.property(
        fc.array(block, { maxLength: 8 }),
        fc.array(block, { maxLength: 3 }),
        fc.integer({ min: 0, max: 150 }),
        fc.string({ maxLength: 50 }),
        fc.constantFrom("message" as const, "home" as const),
        (optional, row, rows, text, surface) => {
          const message = fitToLimits(
            (fit) => ({
              text,
              blocks: [
                ...(fit.minimal ? [] : optional),
                ...Array.from({ length: fit.rows }).flatMap(() => row),
                ...(fit.density.error > 100 ? [section("e".repeat(fit.density.error * 5))] : []),
              ],
            }),
            { rows, surface },
          );
          expect(validateMessage(message, { surface })).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("messages with rows stay valid for any number of records", () => {
  it("lists the first rows of a page that holds 60 or 2,000 records, and says how many are left out", () => {
    for (const n of [60, 2000]) {
      const records = Array.from({ length: n }, (_, i) =>
        record({ Id: 1000 + i, Name: `Webhook ${i} ${"n".repeat(150)}`, LastError: "e".repeat(600) }),
      );
      for (const viewer of [MEMBER, ADMIN]) {
        const message = resultsMessage(resultsModel({ records, size: 10, totalItems: n }), viewer);

        expect(validateMessage(message)).toEqual([]);
        expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
        expect(JSON.stringify(message).length).toBeLessThan(60_000);
        expect(JSON.stringify(message)).toMatch(/webhooks of this page left out/);
      }
    }
  });

  it("never builds an invalid results message, whatever Nexudus answered", () => {
    fc.assert(
      fc.property(
        fc.array(arbRecord, { minLength: 1, maxLength: 120 }),
        arbLocations,
        fc.constantFrom(MEMBER, ADMIN),
        fc.boolean(),
        (records, locations, viewer, shared) => {
          const message = resultsMessage(
            resultsModel({ records, locations, size: 25, totalItems: records.length }),
            viewer,
            shared ? { shared: { byUserId: "U0SHARER1" } } : {},
          );
          expect(validateMessage(message)).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("never builds an invalid overview, whatever the worst records hold", () => {
    fc.assert(
      fc.property(fc.array(arbRecord, { maxLength: 30 }), arbLocations, (worst, locations) => {
        const message = overviewMessage(overviewModel({ worst, locations }));
        expect(validateMessage(message)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
