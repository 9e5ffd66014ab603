import { isSeparator } from "./tokenize";

/*
 * Values as they must be written to read back unchanged. The parser undoes Slack's escaping (`&lt;` → `<`),
 * so canonical text keeps `<` and a literal `&lt;` encoded; `readableQuery` turns it back for display.
 */

const QUOTE_OPENERS = /^["'\u201c\u201d\u201e\u2018\u2019\u201a]/;

/** Quotes a text value when it would not read back as one term. */
export function quoteIfNeeded(value: string): string {
  let plain = value !== "" && !QUOTE_OPENERS.test(value);
  if (plain) {
    for (const ch of value) {
      if (isSeparator(ch)) {
        plain = false;
        break;
      }
    }
  }
  return plain ? value : quoted(value);
}

function quoted(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Encodes what the parser would decode: Slack-style entities and `<`. */
function encodeEntities(value: string): string {
  return value.replace(/&(?=(?:amp|lt|gt);)/g, "&amp;").replace(/</g, "&lt;");
}

/** A qualifier's text value as canonical text (`name:"invoice sync"`). */
export function textValue(value: string): string {
  return quoteIfNeeded(encodeEntities(value));
}

/**
 * A bare word as canonical text: quoted when, bare, it would read as something else (a keyword, a command,
 * an id, an exclusion, a `key:value`). `isReserved` says which words are keywords or commands.
 */
export function wordValue(word: string, isReserved: (lower: string) => boolean): string {
  const encoded = encodeEntities(word);
  const special = /^[-#\d]|:/.test(word) || isReserved(word.toLowerCase());
  return special ? quoted(encoded) : quoteIfNeeded(encoded);
}

const ENTITY = /&(amp|lt|gt);/g;
const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">" };

/** Canonical query text as a person reads it: the entity encoding undone (escape it for where it lands). */
export function readableQuery(canonical: string): string {
  return canonical.replace(ENTITY, (_, name: string) => ENTITIES[name]!);
}
