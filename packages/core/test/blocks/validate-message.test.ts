import { ACTION_IDS, validateMessage } from "@nwh/core/blocks";
import { SLACK_LIMITS } from "@nwh/core/slack";
import { describe, expect, it } from "vitest";
import { assertValidMessage, InvalidMessageError } from "../../src/blocks/validate-message";

const plain = (text: string) => ({ type: "plain_text", text });
const md = (text: string) => ({ type: "mrkdwn", text });
const btn = (extra: Record<string, unknown> = {}) => ({
  type: "button",
  text: plain("Details"),
  action_id: ACTION_IDS.details,
  value: "{}",
  ...extra,
});
const sectionOf = (text: string) => ({ type: "section", text: md(text) });

/** Validates `{ text: "fallback", blocks }` and returns the problems. */
function problems(blocks: unknown[], options?: Parameters<typeof validateMessage>[1]) {
  return validateMessage({ text: "fallback", blocks }, options);
}

describe("validateMessage", () => {
  it("accepts a well-formed message with every block kind the bot uses", () => {
    const blocks = [
      { type: "header", text: plain("Failing webhooks") },
      { type: "context", elements: [md("*7* found")] },
      { ...sectionOf("one"), accessory: btn() },
      { type: "section", fields: [md("*Action*\nBookingCreate"), md("*Errors*\n7/10")] },
      { type: "divider" },
      {
        type: "actions",
        elements: [
          btn({ action_id: ACTION_IDS.pagePrev }),
          btn({ action_id: ACTION_IDS.pageNext }),
          btn({
            action_id: ACTION_IDS.pause,
            style: "danger",
            confirm: {
              title: plain("Pause?"),
              text: plain("Sure?"),
              confirm: plain("Pause"),
              deny: plain("No"),
            },
          }),
        ],
      },
    ];
    expect(problems(blocks)).toEqual([]);
  });

  it("counts blocks against 50 for messages and 100 for the Home tab", () => {
    const fifty = Array.from({ length: 50 }, () => ({ type: "divider" }));
    expect(problems(fifty)).toEqual([]);
    expect(problems([...fifty, { type: "divider" }])).toEqual(["blocks: 51 blocks (max 50)"]);
    const hundredOne = Array.from({ length: 101 }, () => ({ type: "divider" }));
    expect(validateMessage({ blocks: hundredOne.slice(0, 100) }, { surface: "home" })).toEqual([]);
    expect(validateMessage({ blocks: hundredOne }, { surface: "home" })).toEqual([
      "blocks: 101 blocks (max 100)",
    ]);
  });

  it("requires a non-empty fallback text of at most 40,000 chars for messages, not for Home", () => {
    expect(validateMessage({ blocks: [] })).toEqual(["text: fallback text is missing or empty"]);
    expect(validateMessage({ text: "  ", blocks: [] })).toEqual(["text: fallback text is missing or empty"]);
    expect(validateMessage({ text: "x".repeat(40_001) })).toEqual([
      "text: fallback text is 40001 chars (max 40000)",
    ]);
    expect(validateMessage({ text: "x".repeat(40_000) })).toEqual([]);
    expect(validateMessage({ blocks: [{ type: "divider" }] }, { surface: "home" })).toEqual([]);
  });

  it("limits section text to 3,000 and fields to 10 of 2,000", () => {
    expect(problems([sectionOf("x".repeat(3000))])).toEqual([]);
    expect(problems([sectionOf("x".repeat(3001))])).toEqual([
      "blocks[0](section).text: text is 3001 chars (max 3000)",
    ]);
    const fields = (n: number, len: number) => ({
      type: "section",
      fields: Array.from({ length: n }, () => md("f".repeat(len))),
    });
    expect(problems([fields(10, 1000)])).toEqual([]);
    expect(problems([fields(11, 1)])).toEqual(["blocks[0](section): 11 fields (max 10)"]);
    expect(problems([fields(1, 2001)])).toEqual([
      "blocks[0](section).fields[0]: text is 2001 chars (max 2000)",
    ]);
    expect(problems([{ type: "section" }])).toEqual([
      "blocks[0](section): section has neither text nor fields",
    ]);
  });

  it("requires headers to be plain_text of at most 150 chars", () => {
    expect(problems([{ type: "header", text: plain("h".repeat(150)) }])).toEqual([]);
    expect(problems([{ type: "header", text: plain("h".repeat(151)) }])).toEqual([
      "blocks[0](header).text: text is 151 chars (max 150)",
    ]);
    expect(problems([{ type: "header", text: md("*bold*") }])).toEqual([
      "blocks[0](header).text: text type must be plain_text",
    ]);
  });

  it("limits button text to 75 plain chars and the value to 2,000", () => {
    expect(problems([{ ...sectionOf("s"), accessory: btn({ text: plain("b".repeat(76)) }) }])).toEqual([
      "blocks[0](section).accessory.text: text is 76 chars (max 75)",
    ]);
    expect(problems([{ ...sectionOf("s"), accessory: btn({ text: md("*b*") }) }])).toEqual([
      "blocks[0](section).accessory.text: text type must be plain_text",
    ]);
    expect(problems([{ ...sectionOf("s"), accessory: btn({ value: "v".repeat(2001) }) }])).toEqual([
      "blocks[0](section).accessory: button value is 2001 chars (max 2000)",
    ]);
    expect(problems([{ ...sectionOf("s"), accessory: btn({ text: plain("") }) }])).toEqual([
      "blocks[0](section).accessory.text: text is empty",
    ]);
  });

  it("accepts only ACTION_IDS on buttons and limits action_id and block_id to 255", () => {
    expect(problems([{ ...sectionOf("s"), accessory: btn({ action_id: "made_up" }) }])).toEqual([
      'blocks[0](section).accessory: button action_id "made_up" is not one of ACTION_IDS',
    ]);
    expect(problems([{ ...sectionOf("s"), accessory: btn({ action_id: undefined }) }])).toEqual([
      "blocks[0](section).accessory: button action_id undefined is not one of ACTION_IDS",
    ]);
    const long = "a".repeat(256);
    expect(problems([{ ...sectionOf("s"), accessory: btn({ action_id: long }) }])).toEqual([
      "blocks[0](section).accessory: action_id is 256 chars (max 255)",
      `blocks[0](section).accessory: button action_id "${long}" is not one of ACTION_IDS`,
    ]);
    expect(problems([{ type: "divider", block_id: long }])).toEqual([
      "blocks[0](divider): block_id is 256 chars (max 255)",
    ]);
  });

  it("requires unique block_ids, and action_ids unique within one block", () => {
    expect(
      problems([
        { type: "divider", block_id: "a" },
        { type: "divider", block_id: "a" },
      ]),
    ).toEqual(['blocks[1](divider): block_id "a" is not unique']);
    expect(problems([{ type: "actions", elements: [btn(), btn()] }])).toEqual([
      'blocks[0](actions).elements[1]: action_id "webhooks_details" repeats in one block',
    ]);
    // The same action_id in different blocks is fine.
    expect(
      problems([
        { type: "actions", elements: [btn()] },
        { type: "actions", elements: [btn()] },
      ]),
    ).toEqual([]);
  });

  it("limits actions to 25 elements and context to 10", () => {
    const ids = Object.values(ACTION_IDS);
    const many = (n: number) => Array.from({ length: n }, (_, i) => btn({ action_id: ids[i % ids.length] }));
    const actionsProblems = problems([{ type: "actions", elements: many(26) }]);
    expect(actionsProblems).toContain("blocks[0](actions): 26 action elements (max 25)");
    expect(problems([{ type: "context", elements: Array.from({ length: 10 }, () => md("c")) }])).toEqual([]);
    expect(problems([{ type: "context", elements: Array.from({ length: 11 }, () => md("c")) }])).toEqual([
      "blocks[0](context): 11 context elements (max 10)",
    ]);
    expect(problems([{ type: "context", elements: [] }])).toEqual([
      "blocks[0](context): context needs a non-empty elements array",
    ]);
  });

  it("checks the lengths of confirm dialogs", () => {
    const confirm = {
      title: plain("t".repeat(101)),
      text: plain("x".repeat(301)),
      confirm: plain("c".repeat(31)),
      deny: plain("d".repeat(31)),
      style: "loud",
    };
    expect(problems([{ ...sectionOf("s"), accessory: btn({ confirm }) }])).toEqual([
      "blocks[0](section).accessory.confirm.title: text is 101 chars (max 100)",
      "blocks[0](section).accessory.confirm.text: text is 301 chars (max 300)",
      "blocks[0](section).accessory.confirm.confirm: text is 31 chars (max 30)",
      "blocks[0](section).accessory.confirm.deny: text is 31 chars (max 30)",
      "blocks[0](section).accessory.confirm: style must be primary or danger",
    ]);
  });

  it("keeps all block text together under 11,000 chars", () => {
    const blocks = Array.from({ length: 4 }, () => sectionOf("x".repeat(2750)));
    expect(problems(blocks)).toEqual([]);
    expect(problems([...blocks, { type: "context", elements: [md("y")] }])).toEqual([
      `blocks: all block text adds up to 11001 chars (max ${SLACK_LIMITS.totalBlockText})`,
    ]);
  });

  it("flags broadcast mentions, which the bot never sends on purpose", () => {
    expect(problems([sectionOf("hi <!channel>")])).toEqual([
      "blocks[0](section).text: text contains a broadcast mention (<!channel>, <!here>…)",
    ]);
    expect(validateMessage({ text: "<!here> look" })).toEqual([
      "text: fallback text contains a broadcast mention",
    ]);
    expect(problems([sectionOf("<!date^1^{date_short_pretty}|x> and <@U123>")])).toEqual([]);
  });

  it("rejects malformed shapes instead of throwing", () => {
    expect(problems([null, "x", { type: "carousel-of-doom" }, { type: "section", text: "raw" }])).toEqual([
      "blocks[0]: block is not an object",
      "blocks[1]: block is not an object",
      'blocks[2](carousel-of-doom): unknown block type "carousel-of-doom"',
      "blocks[3](section).text: missing text object",
    ]);
    expect(validateMessage({ text: "t", blocks: "nope" as unknown as unknown[] })).toEqual([
      "blocks: not an array",
    ]);
  });
});

describe("assertValidMessage", () => {
  it("returns a valid message and throws every problem of an invalid one", () => {
    const good = { text: "ok", blocks: [sectionOf("fine")] };
    expect(assertValidMessage(good)).toBe(good);
    let thrown: unknown;
    try {
      assertValidMessage({ text: "", blocks: [{ type: "header", text: md("x") }] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidMessageError);
    expect((thrown as InvalidMessageError).problems).toEqual([
      "text: fallback text is missing or empty",
      "blocks[0](header).text: text type must be plain_text",
    ]);
  });
});
