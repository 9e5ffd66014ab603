/** Replaces every known secret in a text with `[redacted]`. Secrets can be added as they are learnt (tokens). */
export interface Redactor {
  add(secret: string | undefined): void;
  redact(text: string): string;
}

// Shorter values are too likely to occur by chance (and are not credentials worth the name).
const MIN_SECRET_LENGTH = 4;
// Tokens change; keep the recent ones without growing for ever.
const MAX_SECRETS = 32;

/** A last line of defence: texts that reach errors and logs pass through it. */
export function createRedactor(initial: Array<string | undefined>): Redactor {
  const secrets: string[] = [];
  let pinned = 0;
  const add = (secret: string | undefined) => {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      if (secrets.includes(form)) continue;
      secrets.push(form);
      if (secrets.length > MAX_SECRETS) secrets.splice(pinned, 1);
    }
  };
  for (const secret of initial) add(secret);
  // The credentials themselves are never evicted, only older tokens.
  pinned = secrets.length;
  return {
    add,
    redact(text) {
      let out = text;
      for (const secret of secrets) out = out.split(secret).join("[redacted]");
      return out;
    },
  };
}
