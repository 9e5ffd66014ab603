/*
 * Credential redaction for anything shown or logged: webhook URLs carry secrets (Zapier/Make tokens in
 * query strings, `user:pass@` userinfo), and LastError texts often quote the URL that failed.
 */

export const REDACTED = "REDACTED";

/** Query-parameter names that look like credentials (matched case-insensitively, also as a suffix like `x_api_key`). */
const SECRET_PARAM =
  /(?:^|[_.-])(?:token|access[_-]?token|refresh[_-]?token|id[_-]?token|key|api[_-]?key|apikey|secret|client[_-]?secret|sig|signature|password|passwd|pwd|pass|auth|authorization|code|credential|credentials|session|sessionid|hash|jwt|bearer|x-amz-signature|x-amz-credential|x-amz-security-token)$/i;

/** Whether a query parameter name looks like it carries a credential. */
export function isSecretParamName(name: string): boolean {
  return SECRET_PARAM.test(name);
}

function redactQuery(query: string): string {
  return query.replace(/([^&=?#]+)=([^&#]*)/g, (whole, name: string, value: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // keep the raw name
    }
    return value && isSecretParamName(decoded) ? `${name}=${REDACTED}` : whole;
  });
}

/*
 * URLs inside free text. No word boundary is required before the scheme (`_https://…` and a URL glued to
 * the end of another one are still found), and a URL stops where another scheme starts, so a second URL
 * cannot hide inside the first one's query string.
 */
const SCHEME = "(?:https?|ftps?|wss?|sftp|ssh|amqps?|mqtts?|redis|postgres(?:ql)?|mysql|mongodb(?:\\+srv)?)";
const URL_IN_TEXT = new RegExp(`${SCHEME}:\\/\\/(?:(?!${SCHEME}:\\/\\/)[^\\s<>"'\`|])+`, "gi");
/** Any `scheme://user:pass@`, even with a scheme outside the list above. */
const USERINFO_ANYWHERE = /([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@<>"'`|]*@/gi;

/** Words that mark a credential in a `name=value` or `name: value` pair. */
const SECRET_WORD =
  /(?:token|secret|pass(?:word|wd)?|pwd|key|sig(?:nature)?|auth(?:orization)?|code|credentials?|session(?:id)?|hash|jwt|bearer)(\s*[=:]\s*)("?)([^\s&"',;]*)/gi;
/** Names that are secret even glued to another word (`mypassword`, `xapikey`). */
const STRONG_SECRET_SUFFIX =
  /(?:token|secret|password|passwd|pwd|apikey|api_key|signature|credentials?|jwt|bearer|authorization|sessionid)$/i;
const NAME_CHAR = /[A-Za-z0-9_.-]/;

/**
 * Redacts the values of `name=value` / `name: value` pairs whose names look like credentials. Finds the
 * secret word first and walks back to the start of the name, so a harmless pair cannot swallow a secret
 * one (`a=xpassword=…`) and glued names (`mypassword=…`) are caught.
 */
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
      // A kept value may itself hold a secret pair.
      re.lastIndex = valueStart;
    }
  }
  return out + text.slice(kept);
}

/**
 * Redacts credentials in one URL: userinfo (`user:pass@`) and the values of query parameters whose names
 * look like credentials. Works on malformed URLs too (plain string surgery, no throwing parser).
 */
export function redactUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(url);
  if (!match) return redactQuery(url);
  const [, scheme, authority, rest] = match as unknown as [string, string, string, string];
  const at = authority.lastIndexOf("@");
  const host = at === -1 ? authority : `${REDACTED}@${authority.slice(at + 1)}`;
  const q = rest.search(/[?#]/);
  const path = redactPath(host, q === -1 ? rest : rest.slice(0, q));
  return scheme + host + path + (q === -1 ? "" : redactQuery(rest.slice(q)));
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

/**
 * Redacts secrets kept in a URL's path: the secret segment of known hook hosts, and any segment that
 * looks like a generated token.
 */
function redactPath(host: string, path: string): string {
  const hostname = host.replace(/:\d+$/, "");
  for (const known of PATH_SECRETS) {
    const match = known.host.test(hostname) ? known.prefix.exec(path) : null;
    if (match) return match[1] + REDACTED + redactPath("", path.slice(match[0].length));
  }
  return path.replace(/[^/]+/g, (segment) => (looksLikeToken(segment) ? REDACTED : segment));
}

/**
 * Redacts credentials inside free text (a `LastError`, an error message): every URL in it through
 * `redactUrl`, any `scheme://user:pass@`, `Bearer …`/`Basic …` values, and `name=value` pairs whose names
 * look like credentials.
 */
export function redactSecrets(text: string): string {
  const urls = text.replace(URL_IN_TEXT, (url) => {
    // Sentence punctuation after a URL is not part of it.
    const tail = /[.,;:!?)\]]+$/.exec(url)?.[0] ?? "";
    return redactUrl(url.slice(0, url.length - tail.length)) + tail;
  });
  return redactPairs(
    urls
      .replace(USERINFO_ANYWHERE, `$1${REDACTED}@`)
      .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${REDACTED}`),
  );
}

/** The host of a URL for display (no userinfo, no port credentials), or the redacted text if it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || redactSecrets(url);
  } catch {
    return redactSecrets(url);
  }
}
