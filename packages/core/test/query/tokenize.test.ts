import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/query";
import { tokenize } from "../../src/query/tokenize";
import { search } from "./helpers";

const values = (text: string) => tokenize(text).tokens.map((t) => t.value);

describe("tokenize", () => {
  it("splits on any white space, including non-breaking and zero-width spaces", () => {
    // Act / Assess
    expect(values("failing\u00a0active\tstale\u200bhelp\n all")).toEqual([
      "failing",
      "active",
      "stale",
      "help",
      "all",
    ]);
  });

  it("reads keys, negation and quoted values", () => {
    // Act
    const { tokens, errors } = tokenize('-Action:"invoice paid" name:zapier "bare phrase"');
    // Assess
    expect(errors).toEqual([]);
    expect(tokens).toEqual([
      { raw: '-Action:"invoice paid"', negated: true, key: "Action", value: "invoice paid", quoted: true },
      { raw: "name:zapier", negated: false, key: "name", value: "zapier", quoted: false },
      { raw: '"bare phrase"', negated: false, value: "bare phrase", quoted: true },
    ]);
  });

  it.each([
    ['name:"invoice paid"', "invoice paid"],
    ["name:'invoice paid'", "invoice paid"],
    ["name:\u201cinvoice paid\u201d", "invoice paid"],
    ["name:\u201dinvoice paid\u201d", "invoice paid"],
    ["name:\u201einvoice paid\u201c", "invoice paid"],
    ["name:\u2018invoice paid\u2019", "invoice paid"],
    ['name:"say \\"hi\\""', 'say "hi"'],
    ['name:"back\\\\slash"', "back\\slash"],
    ['name:"C:\\path"', "C:\\path"],
    ['name:"it\'s"', "it's"],
    ['name:"a\u00a0b"', "a b"],
    ['name:"abc"def', "abcdef"],
  ])("quoted value %j → %j", (text, value) => {
    // Act / Assess
    expect(search(text).name).toBe(value);
  });

  it("keeps quotes inside words as ordinary characters (stray quotes)", () => {
    // Act / Assess
    expect(search("O'Brien").words).toEqual(["O'Brien"]);
    expect(search('name:6"screen').name).toBe('6"screen');
    expect(search("url:a'b'c").url).toBe("a'b'c");
  });

  it("an unclosed quote is an error naming the rest of the text", () => {
    // Act
    const outcome = parseCommand("failing name:\u201cinvoice paid");
    // Assess
    expect(outcome).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          code: "unclosed-quote",
          term: "name:\u201cinvoice paid",
          suggestions: ["name:\u201cinvoice paid\u201d"],
        }),
      ],
    });
  });

  it("keeps unicode intact and normalizes it to NFC", () => {
    // Act
    const decomposed = search("name:Ma\u0301laga");
    const emoji = search("name:🚀launch");
    // Assess
    expect(decomposed.name).toBe("M\u00e1laga");
    expect(emoji.name).toBe("🚀launch");
  });

  it("undoes Slack's escaping: entities and links", () => {
    // Act / Assess
    expect(search("triggered:&lt;7d").triggered).toEqual({
      from: { spec: { kind: "ago", amount: 7, unit: "d" }, strict: false },
    });
    expect(search("name:a&amp;b").name).toBe("a&b");
    expect(search("url:<https://hooks.zapier.com/x|hooks.zapier.com/x>").url).toBe(
      "https://hooks.zapier.com/x",
    );
  });

  it("treats control characters as separators and repairs lone surrogates", () => {
    // Act
    const controls = values("name:a\u0000b\u0007c\u009fd");
    const surrogate = search("\ud800x");
    // Assess
    expect(controls).toEqual(["a", "b", "c", "d"]);
    expect(surrogate.words).toEqual(["\ufffdx"]);
  });

  it("a lone dash, keys with digits, and colons in quoted words are plain text", () => {
    // Act / Assess
    expect(tokenize("-").tokens).toEqual([{ raw: "-", negated: false, value: "-", quoted: false }]);
    expect(search("v2:beta").words).toEqual(["v2:beta"]);
    expect(search('"sync:hubspot"').words).toEqual(["sync:hubspot"]);
  });
});
