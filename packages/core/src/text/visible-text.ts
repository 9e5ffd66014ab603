/*
 * Invisible characters in untrusted text. Format characters (Unicode category Cf: zero-width spaces and
 * joiners, word joiner, byte order mark, soft hyphen, the bidi marks, embeddings, overrides and isolates) and
 * the other default-ignorable code points (fillers, variation selectors, tags) draw nothing, or reorder what
 * is around them: `Zapier\u200b` reads as `Zapier`, and a name can be made to read backwards. Each one is
 * replaced by U+FFFD (�), so a look-alike shows as different. Kept, because emoji need them: a zero-width joiner
 * between two emoji (👩‍💻), a variation selector after an emoji (❤️, 1️⃣) and the tags of a subdivision flag.
 * Lone UTF-16 surrogates, which are not text at all, become U+FFFD too. Control characters (C0 but tab, line
 * feed and carriage return; DEL; C1) are removed, as they always were.
 */

/** What `visibleText` replaces invisible characters with. */
export const INVISIBLE_MARK = "\ufffd";

const ZWJ = 0x200d;
const BLACK_FLAG = 0x1f3f4;
const KEYCAP = 0x20e3;
/** Every character this module changes: controls, format and ignorable characters, lone surrogates. */
const SUSPECT =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\p{Cf}\p{Default_Ignorable_Code_Point}\ud800-\udfff]/gu;
const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
const EMOJI_MODIFIER = /^\p{Emoji_Modifier}$/u;
const EMOJI = /^\p{Emoji}$/u;

function is(re: RegExp, cp: number | undefined): boolean {
  return cp !== undefined && re.test(String.fromCodePoint(cp));
}

function isTag(cp: number | undefined): boolean {
  return cp !== undefined && cp >= 0xe0020 && cp <= 0xe007f;
}

/** The code point that ends just before `index`, if any. */
function codePointBefore(text: string, index: number): number | undefined {
  if (index === 0) return undefined;
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(index - 2);
  }
  return low;
}

/** Whether an invisible character at this place belongs to an emoji and stays. */
function partOfEmoji(cp: number, before: number | undefined, after: number | undefined): boolean {
  if (cp === ZWJ) {
    const joinsAfter = before === 0xfe0f || is(PICTOGRAPHIC, before) || is(EMOJI_MODIFIER, before);
    return joinsAfter && is(PICTOGRAPHIC, after);
  }
  // Variation selectors 15 and 16: text or emoji presentation of the emoji before (of a digit, `#` or `*`
  // only in a keycap, 1️⃣).
  if (cp === 0xfe0e || cp === 0xfe0f) {
    return before !== undefined && is(EMOJI, before) && (before > 0x7f || after === KEYCAP);
  }
  // Tags (U+E0020–E007F) spell a subdivision flag after a black flag: 🏴 + gbeng + cancel tag.
  if (isTag(cp)) return before === BLACK_FLAG || isTag(before);
  return false;
}

/**
 * The text with invisible characters handled as described above: `mark` replaces them with U+FFFD,
 * `strip` removes them. Control characters are removed and lone surrogates replaced in both. One pass of a
 * single character class; only the characters found are looked at more closely.
 */
export function visibleText(text: string, invisible: "mark" | "strip" = "mark"): string {
  const mark = invisible === "mark" ? INVISIBLE_MARK : "";
  return text.replace(SUSPECT, (found: string, offset: number) => {
    const cp = found.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) return INVISIBLE_MARK;
    if (cp <= 0x9f) return "";
    const after = text.codePointAt(offset + found.length);
    return partOfEmoji(cp, codePointBefore(text, offset), after) ? found : mark;
  });
}
