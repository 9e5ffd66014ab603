import { boundUntrusted } from "../text/bound-untrusted";
import { escapeMrkdwn, escapeMrkdwnLiteral } from "../text/escape-mrkdwn";
import { formatCount } from "../text/format-count";
import { redactSecrets } from "../text/redact";
import { oneLine, truncate } from "../text/truncate";
import { INVISIBLE_MARK, visibleText } from "../text/visible-text";

/*
 * Turning untrusted text (Nexudus fields, what a user typed) into safe Slack text, in this one place. Order
 * matters: bound the text (`boundUntrusted`: every later step then does a bounded amount of work), make
 * invisible characters visible (`visibleText`), redact the whole text (cutting to the display length first
 * could split a URL and leave half a password unredacted), then collapse, cut cheaply, escape, and
 * truncate what was escaped (truncate never splits an entity).
 */

/** Redacts credentials in untrusted text (every URL in it, tokens, `key=value` secrets). */
export const redact = redactSecrets;

/**
 * Untrusted text, bounded, with control characters removed, invisible characters shown as U+FFFD and lone
 * surrogates replaced, then redacted. A mark must not hide a secret (`pass\u200bword=…` is still a
 * password): when the text without its invisible characters redacts differently, that text is used.
 */
function cleaned(raw: string): string {
  const text = boundUntrusted(raw);
  const shown = visibleText(text, "mark");
  const stripped = visibleText(text, "strip");
  const redacted = redact(shown);
  if (shown === stripped) return redacted;
  const reference = redact(stripped);
  const unmarked = (s: string) => s.split(INVISIBLE_MARK).join("");
  return unmarked(redacted) === unmarked(reference) ? redacted : reference;
}

/** Redacts credentials and collapses whitespace: the safe raw form of one-line untrusted text. */
export function cleanLine(raw: string | null | undefined): string {
  return raw ? oneLine(cleaned(raw)) : "";
}

/** Cuts a clean text close to `max` before escaping, so huge inputs stay cheap (escaping only grows text). */
function precut(text: string, max: number): string {
  return text.length > max + 8 ? text.slice(0, max + 8) : text;
}

/** One line of untrusted text for mrkdwn or plain_text: redacted, escaped, at most `max` chars. */
export function safeText(raw: string | null | undefined, max: number): string {
  return safeTextOfClean(cleanLine(raw), max);
}

/**
 * `safeText` of a text `cleanLine` already made (a prepared record's, cleaned once per message and shown
 * at several densities): escaped and cut only.
 */
export function safeTextOfClean(clean: string, max: number): string {
  return truncate(escapeMrkdwn(precut(clean, max)), max);
}

/**
 * One line of untrusted text placed inside mrkdwn formatting (e.g. a bold name): like `safeText`, and
 * `*`, `_`, `~`, `` ` `` cannot pair up with the surrounding markup.
 */
export function safeLiteral(raw: string | null | undefined, max: number): string {
  return safeLiteralOfClean(cleanLine(raw), max);
}

/** `safeLiteral` of a text `cleanLine` already made (see `safeTextOfClean`). */
export function safeLiteralOfClean(clean: string, max: number): string {
  const cut = truncate(escapeMrkdwnLiteral(precut(clean, max)), max);
  // A formatting character left just before the ellipsis lost its joiner to the cut.
  return cut.replace(/[*_~`](?=…$)/, "");
}

/* A backtick would close the code span early; U+02CB looks the same and cannot. */
function defuseBackticks(text: string): string {
  return text.replace(/`/g, "\u02cb");
}

/** Untrusted text as an inline code span (never a link, never formatted), or "" when empty. */
export function inlineCode(raw: string | null | undefined, max: number): string {
  return inlineCodeOfClean(cleanLine(raw), max);
}

/** `inlineCode` of a text `cleanLine` already made (see `safeTextOfClean`). */
export function inlineCodeOfClean(clean: string, max: number): string {
  const inner = truncate(escapeMrkdwn(defuseBackticks(precut(clean, max))), max);
  return inner ? `\`${inner}\`` : "";
}

/** Untrusted multi-line text as a code block (line breaks kept), at most `max` chars of content, or "". */
export function codeBlock(raw: string | null | undefined, max: number): string {
  if (!raw) return "";
  const text = cleaned(raw)
    .replace(/\r\n?/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  const cut = text.length > max + 8 ? text.slice(0, max + 8) : text;
  const inner = truncate(escapeMrkdwn(defuseBackticks(cut)), max);
  return inner ? `\`\`\`${inner}\`\`\`` : "";
}

/** A Slack user mention, only for a well-formed user id; anything else yields `undefined`. */
export function userMention(userId: string | null | undefined): string | undefined {
  return userId && userId.length <= 30 && /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : undefined;
}

/** Capitalizes the first letter (of already safe text). */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Plural helper: `count(3, "webhook")` → "3 webhooks". */
export function count(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? "" : "s"}`;
}

/** A run of whitespace holding two line breaks or more, from its first line break on, as one blank line. */
function paragraphBreak(space: string): string {
  const first = space.indexOf("\n");
  return first !== -1 && space.indexOf("\n", first + 1) !== -1 ? `${space.slice(0, first)}\n\n` : space;
}

/** Untrusted prose with its line breaks kept (for a description): redacted, escaped, at most `max` chars. */
export function safeParagraphs(raw: string | null | undefined, max: number): string {
  if (!raw) return "";
  const text = cleaned(raw)
    .replace(/\r\n?/g, "\n")
    .replace(/[^\S\n]+/g, " ")
    .replace(/\s+/g, paragraphBreak)
    .trim();
  return truncate(escapeMrkdwn(text.length > max + 8 ? text.slice(0, max + 8) : text), max);
}
