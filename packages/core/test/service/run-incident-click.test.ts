import { describe, expect, it } from "vitest";
import { idList } from "../../src/service/run-incident-click";

describe("a Resume all's lists of webhooks", () => {
  it("name every id of a short list", () => {
    expect(idList([101, 102, 103])).toBe("#101, #102, #103");
    expect(idList([])).toBe("");
  });

  it("count what is past the first 25, so a line about hundreds of webhooks stays within a section", () => {
    const ids = Array.from({ length: 600 }, (_, i) => 1_414_000_000 + i);

    const text = idList(ids);

    expect(text.startsWith("#1414000000, #1414000001, ")).toBe(true);
    expect(text.endsWith("#1414000024 … and 575 more")).toBe(true);
    // Three such lists and the line's own words fit a 3,000-character section.
    expect(3 * text.length + 500).toBeLessThan(3000);
  });
});
