import { codeBlock, inlineCode, safeLiteral, safeParagraphs, safeText } from "@nwh/core/blocks";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanLine, redact, userMention } from "../../src/blocks/untrusted-text";
import { hostileText, SECRETS } from "./helpers";

describe("redact", () => {
  it("redacts a URL glued to the end of another one", () => {
    expect(redact("https://a.example/p?x=1https://u:S3cr3t@b.example/?token=tok_live_4f8a9b")).toBe(
      "https://a.example/p?x=1https://REDACTED@b.example/?token=REDACTED",
    );
    expect(redact("id_https://u:S3cr3t@b.example/")).toBe("id_https://REDACTED@b.example/");
  });

  it("redacts a secret pair that a harmless pair would swallow, and glued secret names", () => {
    expect(redact("<https://evil.example|click>password=S3cr3t")).toBe(
      "<https://evil.example|click>password=REDACTED",
    );
    expect(redact("mypassword=S3cr3t a=xpassword=S3cr3t")).toBe("mypassword=REDACTED a=xpassword=REDACTED");
  });

  it("leaves ordinary text and bracketed URLs as they are", () => {
    expect(redact("The remote server returned an error: (500) Internal Server Error.")).toBe(
      "The remote server returned an error: (500) Internal Server Error.",
    );
    expect(redact("<https://hooks.example.com/in>")).toBe("<https://hooks.example.com/in>");
  });

  it("never lets a fixture secret through, whatever surrounds it", () => {
    fc.assert(
      fc.property(hostileText(3000), (text) => {
        const out = redact(text);
        for (const secret of SECRETS) expect(out).not.toContain(secret);
      }),
      { numRuns: 300 },
    );
  });
});

describe("safe text helpers", () => {
  it("cleans once for good: a prepared record's texts are shown without a second pass", () => {
    // The rows (rowText, the Pause dialog) escape and cut prepared texts at each density without cleaning
    // them again: that holds only if a second cleaning could change nothing.
    fc.assert(
      fc.property(hostileText(3000), (text) => {
        const once = cleanLine(text);
        expect(cleanLine(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it("safeText escapes, collapses lines and truncates to the limit", () => {
    expect(safeText("a <!here>\n\tb & c", 100)).toBe("a &lt;!here&gt; b &amp; c");
    expect(safeText("&".repeat(50), 12)).toBe("&amp;&amp;…");
    expect(safeText(null, 10)).toBe("");
  });

  it("safeLiteral stops names from pairing with surrounding markup", () => {
    const out = safeLiteral("*bold* _it_ ~s~ `c`", 100);
    expect(`*${out}*`).not.toMatch(/\*bold\*/);
    expect(out).toContain("*\u200d");
    expect(safeLiteral("abc*def", 5)).toBe("abc…");
  });

  it("inlineCode and codeBlock cannot be closed early by a backtick", () => {
    expect(inlineCode("a`b <c>", 50)).toBe("`aˋb &lt;c&gt;`");
    expect(inlineCode("   ", 50)).toBe("");
    expect(codeBlock("line 1\r\n```\r\nline 3", 100)).toBe("```line 1\nˋˋˋ\nline 3```");
  });

  it("safeParagraphs keeps paragraphs but not runs of blank lines", () => {
    expect(safeParagraphs("one\n\n\n\n two  <x>", 100)).toBe("one\n\ntwo &lt;x&gt;");
  });

  it("userMention accepts only well-formed user ids", () => {
    expect(userMention("U024BE7LH")).toBe("<@U024BE7LH>");
    expect(userMention("W0ABC")).toBe("<@W0ABC>");
    for (const bad of ["", "u024", "C0123", "U1> <!channel", "U1|x", `U${"A".repeat(40)}`, undefined, null]) {
      expect(userMention(bad)).toBeUndefined();
    }
  });

  it("every helper's output fits its limit and has no raw control character", () => {
    fc.assert(
      fc.property(hostileText(20_000), fc.integer({ min: 1, max: 400 }), (text, max) => {
        for (const out of [safeText(text, max), safeLiteral(text, max), safeParagraphs(text, max)]) {
          expect(out.length).toBeLessThanOrEqual(max);
          expect(out).not.toMatch(/[<>]/);
        }
        expect(inlineCode(text, max).length).toBeLessThanOrEqual(max + 2);
        expect(codeBlock(text, max).length).toBeLessThanOrEqual(max + 6);
      }),
      { numRuns: 150 },
    );
  });
});
