import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { replaceEmojiShortcodes } from "../src/emoji-shortcodes";

const root = join(import.meta.dirname, "../../..");

/** Every `.ts` file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f));
}

/**
 * The shortcodes the bot's messages use: `:name:` not glued to a word, a colon or a pattern (an ARN pattern's
 * `:secretsmanager:` is not one) and not inside a regular expression's character class.
 */
function shortcodesIn(text: string): string[] {
  return [...text.matchAll(/(?<![A-Za-z0-9:[\]^$+*?})\\])(:[a-z][a-z0-9_+-]*:)(?![A-Za-z0-9])/g)].map(
    (m) => m[1]!,
  );
}

describe("emoji shortcodes in local mode", () => {
  it("knows every shortcode the bot's messages use (an unknown one would show as typed)", () => {
    // Prepare
    const files = [
      ...sources(join(root, "packages/core/src")),
      ...sources(join(root, "packages/functions/src")),
    ];
    const used = new Set(files.flatMap((f) => shortcodesIn(readFileSync(f, "utf8"))));

    // Act
    const unknown = [...used].filter((code) => replaceEmojiShortcodes(code) === code);

    // Assess
    expect(used.size).toBeGreaterThan(15);
    expect(unknown).toEqual([]);
  });

  it("leaves a shortcode it does not know as typed, as Slack does", () => {
    expect(replaceEmojiShortcodes(":stethoscope: :not_an_emoji:")).toBe("🩺 :not_an_emoji:");
  });
});
