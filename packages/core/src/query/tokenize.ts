import { code } from "./mrkdwn";
import type { QueryError } from "./query-types";

/** One whitespace-separated term. */
export interface Token {
  /** The term as typed. */
  raw: string;
  /** Written with a leading `-` (an exclusion). */
  negated: boolean;
  /** The key of a `key:value` term, as typed (not lower-cased). Quoted terms never have one. */
  key?: string;
  /** The value of a `key:value` term, or the whole bare word, without quotes. */
  value: string;
  /** The value (or bare word) was quoted. */
  quoted: boolean;
}

/*
 * Separators: Unicode white space, control characters and the zero-width characters that copy-paste leaves
 * between words. Slack sends non-breaking spaces; treating them as spaces is what the user meant.
 */
const SEPARATOR = /[\s\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]/;

/** Opening quote → the characters that close it (phones type curly quotes, sometimes mismatched). */
const CLOSERS: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ["'", "'"],
  ["\u201c", "\u201d\u201c"],
  ["\u201d", "\u201d\u201c"],
  ["\u201e", "\u201d\u201c"],
  ["\u2018", "\u2019\u2018"],
  ["\u2019", "\u2019\u2018"],
  ["\u201a", "\u2019\u2018"],
]);

/** Whether this character starts a quoted value. */
export function isQuoteOpener(ch: string | undefined): boolean {
  return ch !== undefined && CLOSERS.has(ch);
}

/** Whether this character separates terms. */
export function isSeparator(ch: string): boolean {
  return SEPARATOR.test(ch);
}

const KEY_CHAR = /[A-Za-z_]/;

/**
 * Splits text into terms. Quotes (`"…"`, `'…'`, curly) may open a bare word or a value; inside `"…"`,
 * `\"` and `\\` are escapes. A quote inside a word (`O'Brien`) is an ordinary character. A quote that is
 * never closed is an error naming the term. Never throws.
 */
export function tokenize(text: string): { tokens: Token[]; errors: QueryError[] } {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && SEPARATOR.test(text[i]!)) i++;
    if (i >= n) break;
    const start = i;
    let negated = false;
    if (text[i] === "-" && i + 1 < n && !SEPARATOR.test(text[i + 1]!)) {
      negated = true;
      i++;
    }
    let key: string | undefined;
    if (!isQuoteOpener(text[i])) {
      let j = i;
      while (j < n && KEY_CHAR.test(text[j]!)) j++;
      if (j > i && text[j] === ":") {
        key = text.slice(i, j);
        i = j + 1;
      }
    }
    let value = "";
    let quoted = false;
    if (isQuoteOpener(text[i])) {
      const opener = text[i]!;
      const closers = CLOSERS.get(opener)!;
      i++;
      let closed = false;
      while (i < n) {
        const ch = text[i]!;
        if (opener === '"' && ch === "\\" && (text[i + 1] === '"' || text[i + 1] === "\\")) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        if (closers.includes(ch)) {
          closed = true;
          i++;
          break;
        }
        value += SEPARATOR.test(ch) ? " " : ch;
        i++;
      }
      if (!closed) {
        const raw = text.slice(start);
        const closer = closers[0]!;
        return {
          tokens,
          errors: [
            {
              term: raw,
              message: `${code(raw)} opens a quote that is never closed: add a closing ${code(closer)}.`,
              suggestions: [`${raw.trimEnd()}${closer}`],
              code: "unclosed-quote",
            },
          ],
        };
      }
      quoted = true;
    }
    while (i < n && !SEPARATOR.test(text[i]!)) value += text[i++];
    const token: Token = { raw: text.slice(start, i), negated, value, quoted };
    if (key !== undefined) token.key = key;
    tokens.push(token);
  }
  return { tokens, errors: [] };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Neither part of a link can hold a `<` (Slack escapes it), so each try stops at the next one: linear time.
const SLACK_LINK = /<((?:https?|mailto):[^|<>\s]*)(?:\|[^<>]*)?>/g;
const ENTITY = /&(amp|lt|gt);/g;
const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">" };

/**
 * Undoes what Slack does to slash-command text: links arrive as `<https://…|label>` and `&`, `<`, `>` as
 * entities. Also repairs lone surrogates and normalizes to NFC, so values compare and encode cleanly.
 */
export function prepareInput(text: string): string {
  if (typeof text !== "string") return "";
  return text
    .replace(LONE_SURROGATE, "\ufffd")
    .replace(SLACK_LINK, "$1")
    .replace(ENTITY, (_, name: string) => ENTITIES[name]!)
    .normalize("NFC");
}
