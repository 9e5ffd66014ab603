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

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s<>"'`|]+/gi;

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

/**
 * Some targets keep the secret in the path (Slack incoming webhooks, Make, Zapier catch hooks): anyone
 * holding the URL can post. Redact long token-like segments, and the key segment of Zapier catch hooks.
 */
function redactPath(host: string, path: string): string {
  const zapier = /^(\/hooks\/catch\/[^/]+\/)([^/]+)/.exec(path);
  if (zapier && /(^|\.)zapier\.com$/i.test(host)) return zapier[1] + REDACTED + path.slice(zapier[0].length);
  return path.replace(/[^/]+/g, (segment) =>
    segment.length >= 20 &&
    /[0-9]/.test(segment) &&
    /[A-Za-z]/.test(segment) &&
    /^[A-Za-z0-9_-]+$/.test(segment)
      ? REDACTED
      : segment,
  );
}

/**
 * Redacts credentials inside free text (a `LastError`, an error message): every URL in it through
 * `redactUrl`, plus `Bearer …`/`Basic …` values and `name=value` pairs whose names look like credentials.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(URL_IN_TEXT, (url) => {
      // Sentence punctuation after a URL is not part of it.
      const tail = /[.,;:!?)\]]+$/.exec(url)?.[0] ?? "";
      return redactUrl(url.slice(0, url.length - tail.length)) + tail;
    })
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${REDACTED}`)
    .replace(
      /\b([A-Za-z0-9_.-]{2,40})(\s*[=:]\s*)("?)([^\s&"',;]{3,})\3/g,
      (whole, name: string, sep: string, q: string, value: string) =>
        isSecretParamName(name) && !/^(REDACTED|Bearer|Basic)\b/.test(value)
          ? `${name}${sep}${q}${REDACTED}${q}`
          : whole,
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
