import { escapeMrkdwn, escapeMrkdwnLiteral } from "../text/escape-mrkdwn";
import { isSecretParamName, REDACTED, redactSecrets } from "../text/redact";
import { oneLine, truncate } from "../text/truncate";

/*
 * Turning untrusted text (Nexudus fields, what a user typed) into safe Slack text. Order matters:
 * redact the whole text first (cutting first could split a URL and leave half a password unredacted),
 * then collapse, cut cheaply, escape, and truncate what was escaped (truncate never splits an entity).
 */

/*
 * Gaps of `redactSecrets` that untrusted text can hit, closed here before and after it:
 * - it finds URLs as runs of non-space characters starting at a word boundary, so a URL glued to other
 *   text (`…?a=1https://user:pass@host`, `_https://…`) hides inside the run before it or is not seen at
 *   all: a space before every embedded `http(s)://`, `ftp(s)://`, `ws(s)://` makes each its own run;
 * - its `name=value` pass lets a harmless pair swallow a secret one (`https://x|a>password=…` reads as
 *   `https` = `//x|a>password=…`) and only knows names that start at a separator (`mypassword=…`): the
 *   second pass below looks for the secret words themselves and rescans every value it keeps.
 */
function separateUrls(text: string): string {
  // Only after characters a URL run would absorb: `<https://…>` and `"https://…"` stay as they are.
  return text.replace(/(?<=[^\s<>"'`|])(?=(?:https?|ftps?|wss?):\/\/)/gi, " ");
}

const SECRET_WORD =
  /(?:token|secret|pass(?:word|wd)?|pwd|key|sig(?:nature)?|auth(?:orization)?|code|credentials?|session(?:id)?|hash|jwt|bearer)(\s*[=:]\s*)("?)([^\s&"',;]*)/gi;
const STRONG_SECRET_SUFFIX =
  /(?:token|secret|password|passwd|pwd|apikey|api_key|signature|credentials?|jwt|bearer|authorization|sessionid)$/i;
const NAME_CHAR = /[A-Za-z0-9_.-]/;

function redactPairs(text: string): string {
  let out = "";
  let kept = 0;
  const re = new RegExp(SECRET_WORD.source, SECRET_WORD.flags);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [whole, sep = "", q = "", value = ""] = m;
    let start = m.index;
    while (start > 0 && m.index - start < 40 && NAME_CHAR.test(text.charAt(start - 1))) start--;
    const name = text.slice(start, m.index + whole.length - sep.length - q.length - value.length);
    const valueStart = m.index + whole.length - value.length;
    const secret = isSecretParamName(name) || STRONG_SECRET_SUFFIX.test(name);
    if (value && secret && !/^(?:REDACTED|Bearer|Basic)\b/.test(value)) {
      out += text.slice(kept, valueStart) + REDACTED;
      kept = m.index + whole.length;
    } else {
      // A kept value may itself hold a secret pair (`a=xpassword=…`).
      re.lastIndex = valueStart;
    }
  }
  return out + text.slice(kept);
}

/** Redacts credentials in untrusted text (every URL in it, tokens, `key=value` secrets). */
export function redact(raw: string): string {
  return redactPairs(redactSecrets(separateUrls(raw)));
}

/** Redacts credentials and collapses whitespace: the safe raw form of one-line untrusted text. */
export function cleanLine(raw: string | null | undefined): string {
  return raw ? oneLine(redact(raw)) : "";
}

/** Cuts a clean text close to `max` before escaping, so huge inputs stay cheap (escaping only grows text). */
function precut(text: string, max: number): string {
  return text.length > max + 8 ? text.slice(0, max + 8) : text;
}

/** One line of untrusted text for mrkdwn or plain_text: redacted, escaped, at most `max` chars. */
export function safeText(raw: string | null | undefined, max: number): string {
  return truncate(escapeMrkdwn(precut(cleanLine(raw), max)), max);
}

/**
 * One line of untrusted text placed inside mrkdwn formatting (e.g. a bold name): like `safeText`, and
 * `*`, `_`, `~`, `` ` `` cannot pair up with the surrounding markup.
 */
export function safeLiteral(raw: string | null | undefined, max: number): string {
  const cut = truncate(escapeMrkdwnLiteral(precut(cleanLine(raw), max)), max);
  // A formatting character left just before the ellipsis lost its joiner to the cut.
  return cut.replace(/[*_~`](?=…$)/, "");
}

/* A backtick would close the code span early; U+02CB looks the same and cannot. */
function defuseBackticks(text: string): string {
  return text.replace(/`/g, "\u02cb");
}

/** Untrusted text as an inline code span (never a link, never formatted), or "" when empty. */
export function inlineCode(raw: string | null | undefined, max: number): string {
  const inner = truncate(escapeMrkdwn(defuseBackticks(precut(cleanLine(raw), max))), max);
  return inner ? `\`${inner}\`` : "";
}

/** Untrusted multi-line text as a code block (line breaks kept), at most `max` chars of content, or "". */
export function codeBlock(raw: string | null | undefined, max: number): string {
  if (!raw) return "";
  const text = redact(raw)
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
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

/** Untrusted prose with its line breaks kept (for a description): redacted, escaped, at most `max` chars. */
export function safeParagraphs(raw: string | null | undefined, max: number): string {
  if (!raw) return "";
  const text = redact(raw)
    .replace(/\r\n?/g, "\n")
    .replace(/[^\S\n]+/g, " ")
    .replace(/\n\s*\n\s*/g, "\n\n")
    .trim();
  return truncate(escapeMrkdwn(text.length > max + 8 ? text.slice(0, max + 8) : text), max);
}
