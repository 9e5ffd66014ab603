import { boundUntrusted } from "./bound-untrusted";

/*
 * Credential redaction for anything shown or logged: webhook URLs carry secrets (Zapier/Make tokens in
 * query strings, `user:pass@` userinfo), and LastError texts often quote the URL that failed.
 *
 * Everything here runs in time linear in the text, which is bounded first (`boundUntrusted`). The regular
 * expressions are single character classes with one quantifier, used sticky (`y`) from a known position, or
 * alternations of fixed words; where a pattern would have to guess and retry (a URL's end, a scheme before
 * `://`, a query name before `=`), a scanner walks the text once instead.
 */

export const REDACTED = "REDACTED";

/** Query-parameter names that look like credentials (matched case-insensitively, also as a suffix like `x_api_key`). */
const SECRET_PARAM =
  /(?:^|[_.-])(?:token|access[_-]?token|refresh[_-]?token|id[_-]?token|key|api[_-]?key|apikey|secret|client[_-]?secret|sig|signature|password|passwd|pwd|pass|auth|authorization|code|credential|credentials|session|sessionid|hash|jwt|bearer|x-amz-signature|x-amz-credential|x-amz-security-token)$/i;

/** Whether a query parameter name looks like it carries a credential. */
export function isSecretParamName(name: string): boolean {
  return SECRET_PARAM.test(name);
}

/** The first index at or after `from` whose character is in `stops`, or the text's length. */
function indexOfAny(text: string, from: number, stops: string): number {
  let i = from;
  while (i < text.length && !stops.includes(text.charAt(i))) i++;
  return i;
}

/** Where a run of the characters of sticky pattern `run` (one class, `*`) that starts at `from` ends. */
function runEnd(run: RegExp, text: string, from: number): number {
  run.lastIndex = from;
  run.exec(text);
  return run.lastIndex;
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * Redacts the values of secret-named `name=value` pairs of a query string (or fragment). A name is a run of
 * characters other than `&=?#` directly followed by `=`; its value runs to the next `&` or `#`.
 */
function redactQuery(query: string): string {
  let out = "";
  let kept = 0;
  let i = 0;
  while (i < query.length) {
    if ("&=?#".includes(query.charAt(i))) {
      i++;
      continue;
    }
    const nameEnd = indexOfAny(query, i, "&=?#");
    if (query.charAt(nameEnd) !== "=") {
      i = nameEnd;
      continue;
    }
    const valueEnd = indexOfAny(query, nameEnd + 1, "&#");
    if (valueEnd > nameEnd + 1 && isSecretParamName(decodedName(query.slice(i, nameEnd)))) {
      out += query.slice(kept, nameEnd + 1) + REDACTED;
      kept = valueEnd;
    }
    i = valueEnd;
  }
  return out + query.slice(kept);
}

/*
 * URLs inside free text. No word boundary is required before the scheme (`_https://…` and a URL glued to
 * the end of another one are still found), and a URL stops where another known scheme starts, so a second URL
 * cannot hide inside the first one's query string.
 */
const SCHEMES = [
  "https",
  "http",
  "ftps",
  "ftp",
  "wss",
  "ws",
  "sftp",
  "ssh",
  "amqps",
  "amqp",
  "mqtts",
  "mqtt",
  "redis",
  "postgresql",
  "postgres",
  "mysql",
  "mongodb+srv",
  "mongodb",
];
const LONGEST_SCHEME = Math.max(...SCHEMES.map((s) => s.length));
/** What ends a URL in free text. */
const URL_CHARS = /[^\s<>"'`|]*/y;

/**
 * The start of the longest known scheme that ends at `colon` (the `:` of a `://`) and starts at or after
 * `min`, or -1. The longest is the leftmost, which is where a left-to-right search would find the URL.
 */
function knownSchemeStart(text: string, colon: number, min: number): number {
  const from = Math.max(min, colon - LONGEST_SCHEME);
  const before = text.slice(from, colon).toLowerCase();
  let start = -1;
  for (const scheme of SCHEMES) {
    if (before.endsWith(scheme) && (start === -1 || colon - scheme.length < start)) {
      start = colon - scheme.length;
    }
  }
  return start;
}

/** The `[start, end)` spans of the URLs in a text, left to right, in one pass. */
function urlSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  // The end of the run of URL characters starting at or before `stopFrom`; reused while it lies ahead.
  let stopFrom = -1;
  let stop = -1;
  let min = 0;
  let sep = text.indexOf("://");
  while (sep !== -1) {
    const start = knownSchemeStart(text, sep, min);
    if (start === -1) {
      sep = text.indexOf("://", sep + 1);
      continue;
    }
    const body = sep + 3;
    if (!(stopFrom !== -1 && stopFrom <= body && body <= stop)) {
      stopFrom = body;
      stop = runEnd(URL_CHARS, text, body);
    }
    let end = stop;
    let next = text.indexOf("://", body);
    while (next !== -1 && next < stop) {
      const inner = knownSchemeStart(text, next, body);
      if (inner !== -1) {
        end = inner;
        break;
      }
      next = text.indexOf("://", next + 1);
    }
    if (end > body) {
      spans.push([start, end]);
      min = end;
    }
    sep = next;
  }
  return spans;
}

/** Sentence punctuation that may follow a URL without being part of it. */
const TRAILING_PUNCTUATION = ".,;:!?)]";

/** Every URL in a text through `redactUrl`, with punctuation after it kept as it is. */
function redactUrlsIn(text: string): string {
  let out = "";
  let kept = 0;
  for (const [start, end] of urlSpans(text)) {
    let urlEnd = end;
    while (urlEnd > start && TRAILING_PUNCTUATION.includes(text.charAt(urlEnd - 1))) urlEnd--;
    out += text.slice(kept, start) + redactUrl(text.slice(start, urlEnd)) + text.slice(urlEnd, end);
    kept = end;
  }
  return out + text.slice(kept);
}

const SCHEME_CHAR = /[a-z0-9+.-]/i;
const LETTER = /[a-z]/i;
/** A URL authority up to its `@`, if it has one. */
const AUTHORITY_CHARS = /[^\s/?#@<>"'`|]*/y;

/** Any `scheme://user:pass@`, even with a scheme outside the known list: the userinfo becomes REDACTED. */
function redactUserinfoAnywhere(text: string): string {
  let out = "";
  let kept = 0;
  for (let sep = text.indexOf("://"); sep !== -1; sep = text.indexOf("://", Math.max(sep + 1, kept))) {
    // The scheme: the longest run of scheme characters before `://` that starts with a letter.
    let start = sep;
    while (start > kept && SCHEME_CHAR.test(text.charAt(start - 1))) start--;
    while (start < sep && !LETTER.test(text.charAt(start))) start++;
    if (start === sep) continue;
    const end = runEnd(AUTHORITY_CHARS, text, sep + 3);
    if (text.charAt(end) !== "@") continue;
    out += `${text.slice(kept, sep + 3)}${REDACTED}@`;
    kept = end + 1;
  }
  return out + text.slice(kept);
}

/** Words that mark a credential in a `name=value` or `name: value` pair. */
const SECRET_WORD =
  /token|secret|pass(?:word|wd)?|pwd|key|sig(?:nature)?|auth(?:orization)?|code|credentials?|session(?:id)?|hash|jwt|bearer/gi;
/** Names that are secret even glued to another word (`mypassword`, `xapikey`). */
const STRONG_SECRET_SUFFIX =
  /(?:token|secret|password|passwd|pwd|apikey|api_key|signature|credentials?|jwt|bearer|authorization|sessionid)$/i;
const NAME_CHAR = /[A-Za-z0-9_.-]/;
const SPACES = /\s*/y;
/** The characters of a pair's value. */
const VALUE_CHARS = /[^\s&"',;]*/y;
const NAME_BACKTRACK = 40;

/**
 * Redacts the values of `name=value` / `name: value` pairs whose names look like credentials. Finds the
 * secret word first and walks back to the start of the name, so a harmless pair cannot swallow a secret
 * one (`a=xpassword=…`) and glued names (`mypassword=…`) are caught. A kept value is searched again for
 * pairs; the end of the run of value characters is remembered, so that search does not re-read the run.
 */
function redactPairs(text: string): string {
  let out = "";
  let kept = 0;
  let runFrom = -1;
  let runTo = -1;
  const valueEnd = (from: number) => {
    if (!(runFrom !== -1 && runFrom <= from && from <= runTo)) {
      runFrom = from;
      runTo = runEnd(VALUE_CHARS, text, from);
    }
    return runTo;
  };
  const words = new RegExp(SECRET_WORD.source, SECRET_WORD.flags);
  for (let m = words.exec(text); m; m = words.exec(text)) {
    const wordEnd = m.index + m[0].length;
    // `\s*[=:]\s*"?`
    let at = runEnd(SPACES, text, wordEnd);
    if (text.charAt(at) !== "=" && text.charAt(at) !== ":") {
      words.lastIndex = m.index + 1;
      continue;
    }
    at = runEnd(SPACES, text, at + 1);
    const valueStart = text.charAt(at) === '"' ? at + 1 : at;
    const end = valueEnd(valueStart);
    let start = m.index;
    while (start > 0 && m.index - start < NAME_BACKTRACK && NAME_CHAR.test(text.charAt(start - 1))) start--;
    const name = text.slice(start, wordEnd);
    const value = text.slice(valueStart, end);
    const secret = isSecretParamName(name) || STRONG_SECRET_SUFFIX.test(name);
    if (value && secret && !/^(?:REDACTED|Bearer|Basic)\b/.test(value)) {
      out += text.slice(kept, valueStart) + REDACTED;
      kept = end;
      words.lastIndex = end;
    } else {
      // A kept value may itself hold a secret pair.
      words.lastIndex = valueStart;
    }
  }
  return out + text.slice(kept);
}

/** `Bearer …` and `Basic …` values (a token of at least 6 characters after the word). */
const AUTH_VALUE = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g;

/**
 * Redacts credentials in one URL: userinfo (`user:pass@`) and the values of query parameters whose names
 * look like credentials. Works on malformed URLs too (plain string surgery, no throwing parser).
 */
export function redactUrl(raw: string): string {
  const url = boundUntrusted(raw);
  const sep = url.indexOf("://");
  if (sep < 1 || !/^[a-z][a-z0-9+.-]*$/i.test(url.slice(0, sep))) return redactQuery(url);
  const authorityEnd = indexOfAny(url, sep + 3, "/?#");
  const authority = url.slice(sep + 3, authorityEnd);
  const rest = url.slice(authorityEnd);
  const at = authority.lastIndexOf("@");
  const host =
    at === -1 ? (cutUserinfo(authority) ? REDACTED : authority) : `${REDACTED}@${authority.slice(at + 1)}`;
  const q = indexOfAny(rest, 0, "?#");
  return url.slice(0, sep + 3) + host + redactPath(host, rest.slice(0, q)) + redactQuery(rest.slice(q));
}

/**
 * Whether an authority without `@` reads as `user:password` cut off before its `@` (a text quoting a URL cut
 * short): a colon followed by something other than a port number. Bracketed IPv6 hosts are hosts.
 */
function cutUserinfo(authority: string): boolean {
  if (authority.startsWith("[")) return false;
  const colon = authority.indexOf(":");
  return colon !== -1 && !/^\d*$/.test(authority.slice(colon + 1));
}

/*
 * Targets that keep the secret in the path: anyone holding the URL can post. Each pattern names the host and
 * the path up to the secret segment, which is redacted whatever it looks like.
 */
const PATH_SECRETS: ReadonlyArray<{ host: RegExp; prefix: RegExp }> = [
  // Slack incoming webhooks: /services/T…/B…/<secret>
  { host: /(^|\.)hooks\.slack(-gov)?\.com$/i, prefix: /^(\/services\/[^/]+\/[^/]+\/)([^/]+)/ },
  // Zapier catch hooks: /hooks/catch/<account>/<key>/
  { host: /(^|\.)zapier\.com$/i, prefix: /^(\/hooks\/catch\/[^/]+\/)([^/]+)/ },
  // Make (Integromat) hooks: /<token>
  { host: /^hook\.([a-z0-9-]+\.)?(make|integromat)\.com$/i, prefix: /^(\/)([^/]+)/ },
  // Discord and similar: /api/webhooks/<id>/<token>
  { host: /(^|\.)(discord|discordapp)\.com$/i, prefix: /^(\/api\/webhooks\/[^/]+\/)([^/]+)/ },
  // Microsoft Teams / Power Automate workflow URLs carry `sig=` in the query, handled there.
];

/** A segment that looks like a generated token rather than a word: long, no separators but `_`/`-`. */
function looksLikeToken(segment: string): boolean {
  if (segment.length < 20 || !/^[A-Za-z0-9_-]+$/.test(segment)) return false;
  // Hyphenated words (`booking-created-handler-v2`) are paths, not secrets: a token has long unbroken runs.
  return segment.split("-").some((run) => run.length >= 16);
}

/** A host without its `:port`. */
function hostnameOf(host: string): string {
  let digits = host.length;
  while (digits > 0 && host.charAt(digits - 1) >= "0" && host.charAt(digits - 1) <= "9") digits--;
  return digits < host.length && host.charAt(digits - 1) === ":" ? host.slice(0, digits - 1) : host;
}

/**
 * Redacts secrets kept in a URL's path: the secret segment of known hook hosts, and any segment that
 * looks like a generated token.
 */
function redactPath(host: string, path: string): string {
  const hostname = hostnameOf(host);
  for (const known of PATH_SECRETS) {
    const match = known.host.test(hostname) ? known.prefix.exec(path) : null;
    if (match) return match[1] + REDACTED + redactPath("", path.slice(match[0].length));
  }
  return path.replace(/[^/]+/g, (segment) => (looksLikeToken(segment) ? REDACTED : segment));
}

/**
 * Redacts credentials inside free text (a `LastError`, an error message): every URL in it through
 * `redactUrl`, any `scheme://user:pass@`, `Bearer …`/`Basic …` values, and `name=value` pairs whose names
 * look like credentials. The text is bounded first (`boundUntrusted`).
 */
export function redactSecrets(raw: string): string {
  const text = redactUrlsIn(boundUntrusted(raw));
  return redactPairs(redactUserinfoAnywhere(text).replace(AUTH_VALUE, `$1 ${REDACTED}`));
}

/** The host of a URL for display (no userinfo, no port credentials), or the redacted text if it does not parse. */
export function hostOf(raw: string): string {
  const url = boundUntrusted(raw);
  try {
    return new URL(url).host || redactSecrets(url);
  } catch {
    return redactSecrets(url);
  }
}
