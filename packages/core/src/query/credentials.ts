import { redactSecrets } from "../text/redact";
import { code } from "./mrkdwn";
import { queryError } from "./query-builder";
import type { QueryError } from "./query-types";
import type { Token } from "./tokenize";

/*
 * A search travels in its answer's button values (Details, Next, Share) and, once shared, in a channel
 * message that every member and app can read. A credential typed into a search (`url:https://bob:pw@…`,
 * `?api_key=…`) would travel with it, so such a search is refused before it becomes state. The test is the
 * same redaction that guards every text shown: what it would change looks like a credential.
 */

function holdsCredential(text: string): boolean {
  return redactSecrets(text) !== text;
}

/** The host named by a URL or `host/path` text, without userinfo or port, if it reads as one. */
function hostIn(text: string): string | undefined {
  const authority = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#\s]+)/i.exec(text)?.[1];
  const host = authority
    ?.slice(authority.lastIndexOf("@") + 1)
    .replace(/:\d*$/, "")
    .toLowerCase();
  return host && /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(host) ? host : undefined;
}

function refusal(term: string, subject: string, host: string | undefined): QueryError {
  const byHost = host ? code(`host:${host}`) : `e.g. ${code("host:example.com")}`;
  return queryError(
    "credential",
    redactSecrets(term),
    `${subject} holds what looks like a password or token, which would travel in the answer's buttons and in the channel when shared. Search by host (${byHost}) or by a part of the URL without the credential.`,
    host ? [`host:${host}`] : [],
  );
}

/**
 * The refusals for what looks like a credential in the canonical text that buttons would carry: named by
 * the term that holds it (its key, or the word redacted), or for the whole search when it spans terms
 * (`api_key= abc`).
 */
export function credentialErrors(input: string, tokens: readonly Token[], canonical: string): QueryError[] {
  if (!holdsCredential(canonical)) return [];
  const named = tokens
    .filter((t) => holdsCredential(t.raw))
    .map((t) =>
      refusal(
        t.raw,
        t.key !== undefined ? code(`${t.key.toLowerCase()}:`) : code(redactSecrets(t.raw)),
        hostIn(t.value),
      ),
    );
  return named.length > 0 ? named : [refusal(input, "This search", undefined)];
}
