/*
 * What "no unescaped control sequence" means, precisely. In Slack text `<` opens a control sequence
 * (`<!channel>`, `<@U…>`, `<#C…>`, `<https://…|label>`); the bot's own output uses exactly two kinds:
 * date tokens (`<!date^SECONDS^{date_short_pretty} {time}|fallback>`) and a mention of the user who acted
 * (`<@U…>`, a validated id: "Shared by", "paused by"). Every other `<` anywhere in a message is a leak of
 * untrusted text. C0 control characters (other than tab and line feed), DEL, C1 controls and the
 * bidirectional overrides and isolates (which can make a name read backwards) never belong in shown text
 * either; button values are never shown (and are re-validated when they come back), so only `<` counts there.
 */

const DATE_TOKEN = /^<!date\^\d{1,12}\^\{date_short_pretty\} \{time\}\|[^<>|]*>/;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Calls `visit` with every string inside `value` and its JSON path. */
export function eachString(value: unknown, visit: (text: string, path: string) => void, path = "$"): void {
  if (typeof value === "string") visit(value, path);
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) eachString(item, visit, `${path}[${i}]`);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) eachString(item, visit, `${path}.${key}`);
  }
}

/**
 * Every `<` that is not one of the bot's own tokens, and every control character, in a message. `actors` are
 * the user ids the bot may mention (the user who acted). Empty when the message is clean.
 */
export function strayControlSequences(message: unknown, actors: readonly string[]): string[] {
  const mentions = actors.map((id) => `<@${id}>`);
  const problems: string[] = [];
  eachString(message, (text, path) => {
    for (let at = text.indexOf("<"); at >= 0; at = text.indexOf("<", at + 1)) {
      const rest = text.slice(at);
      if (DATE_TOKEN.test(rest) || mentions.some((m) => rest.startsWith(m))) continue;
      problems.push(`${path}: ${JSON.stringify(rest.slice(0, 40))}`);
    }
    const control = path.endsWith(".value") ? null : CONTROL.exec(text);
    if (control) problems.push(`${path}: control character U+${control[0].charCodeAt(0).toString(16)}`);
  });
  return problems;
}
