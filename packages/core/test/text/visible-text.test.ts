import { cleanLine, codeBlock, safeLiteral, safeParagraphs, safeText } from "@nwh/core/blocks";
import { truncate } from "@nwh/core/text";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INVISIBLE_MARK, visibleText } from "../../src/text/visible-text";

const M = INVISIBLE_MARK;

/** Format characters and other default-ignorable code points, one of each kind. */
const INVISIBLE = [
  "\u00ad", // soft hyphen
  "\u061c", // Arabic letter mark
  "\u180e", // Mongolian vowel separator
  "\u200b", // zero-width space
  "\u200c", // zero-width non-joiner
  "\u200d", // zero-width joiner (outside an emoji)
  "\u200e", // left-to-right mark
  "\u200f", // right-to-left mark
  "\u202a", // embedding
  "\u202e", // override
  "\u2060", // word joiner
  "\u2066", // isolate
  "\u2069", // pop isolate
  "\u3164", // Hangul filler
  "\ufe0f", // variation selector after a letter
  "\ufeff", // byte order mark
  "\u{e0041}", // a tag outside a flag
];

describe("visibleText", () => {
  it.each(INVISIBLE.map((c) => [`U+${c.codePointAt(0)!.toString(16)}`, c]))(
    "shows %s as U+FFFD, or removes it",
    (_name, c) => {
      expect(visibleText(`Zapier${c}sync`)).toBe(`Zapier${M}sync`);
      expect(visibleText(`Zapier${c}sync`, "strip")).toBe("Zapiersync");
    },
  );

  it("removes control characters and replaces lone surrogates", () => {
    expect(visibleText("a\u0000b\u0007c\u001b[1md\u007fe\u0085f\tg\nh\ri")).toBe("abc[1mdef\tg\nh\ri");
    expect(visibleText("a\ud800b\udfffc😀")).toBe(`a${M}b${M}c😀`);
    expect(visibleText("\ud83d")).toBe(M);
  });

  it("keeps the joiners, selectors and tags emoji are made of", () => {
    for (const emoji of ["👩‍💻", "👩🏽‍💻", "❤️‍🔥", "🏳️‍🌈", "🏴‍☠️", "👨‍👩‍👧", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "1️⃣", "❤️", "☺︎"]) {
      expect(visibleText(`team ${emoji} hook`)).toBe(`team ${emoji} hook`);
    }
  });

  it("marks a joiner between letters, or one that ends an emoji", () => {
    expect(visibleText("Zap\u200dier")).toBe(`Zap${M}ier`);
    expect(visibleText("👩\u200d")).toBe(`👩${M}`);
    expect(visibleText("a\u200d💻")).toBe(`a${M}💻`);
  });

  it("returns text with nothing invisible as it is", () => {
    const text = "Plain text, ünïcödé, 😀 and <!channel> & co.";
    expect(visibleText(text)).toBe(text);
  });
});

describe("invisible characters in untrusted text", () => {
  it("every untrusted-text helper shows them", () => {
    expect(safeText("Zapier\u200b sync", 100)).toBe(`Zapier${M} sync`);
    expect(safeLiteral("admin\u2060@example.com", 100)).toBe(`admin${M}@example.com`);
    expect(cleanLine("Invoice \u202egnp.exe")).toBe(`Invoice ${M}gnp.exe`);
    expect(codeBlock("500\u200e\n\u200fError", 100)).toBe(`\`\`\`500${M}\n${M}Error\`\`\``);
    expect(safeParagraphs("Owned by\ufeff ops", 100)).toBe(`Owned by${M} ops`);
  });

  it("a mark never hides a secret: the name is read without it", () => {
    for (const text of ["pass\u200bword=hunter22", "api\u00ad_key=hunter22", "to\u2060ken: hunter22"]) {
      const out = cleanLine(text);
      expect(out).not.toContain("hunter22");
      expect(out).toContain("REDACTED");
    }
    expect(cleanLine("https://u:hunter22\u200b@host.example/")).not.toContain("hunter22");
  });

  it("truncation does not leave a joiner with nothing to join", () => {
    expect(truncate("👩‍💻👩‍💻", 4)).toBe("👩…");
  });

  it("no helper's output carries an invisible character outside an emoji", () => {
    const piece = fc.oneof(
      fc.constantFrom(...INVISIBLE, "👩‍💻", "❤️", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "*", "_", "a", " ", "\ud800"),
      fc.string({ unit: "binary", maxLength: 5 }),
    );
    const allowed = /\u200d(?=\p{Extended_Pictographic})|\ufe0f|[\u{e0020}-\u{e007f}]/gu;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join("");
        for (const out of [safeText(text, 300), cleanLine(text), safeParagraphs(text, 300)]) {
          // The bot's own joiner after a formatting character is allowed (safeLiteral), emoji parts too.
          const rest = out.replace(allowed, "");
          expect(rest).not.toMatch(/[\p{Cf}\p{Default_Ignorable_Code_Point}]/u);
          expect(rest).not.toMatch(/[\ud800-\udfff]/u);
        }
      }),
      { numRuns: 500 },
    );
  });
});
