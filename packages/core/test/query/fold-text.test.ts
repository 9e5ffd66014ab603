import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldText } from "../../src/query/fold-text";

/** The definition, without the ASCII shortcut: what foldText must equal for every text. */
const reference = (text: string) =>
  text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();

describe("foldText", () => {
  it("folds case, accents and white space", () => {
    expect(foldText("  Málaga\u00a0 Centro ")).toBe("malaga centro");
    expect(foldText("ＤＯＷＮＴＯＷＮ Hub")).toBe("downtown hub");
    expect(foldText("Zürich\tWest")).toBe("zurich west");
  });

  it("equals the NFKD definition for any text, ASCII or not", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary-ascii" }), fc.string({ unit: "grapheme" })), (text) => {
        expect(foldText(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
  });
});
