/*
 * Minimal mrkdwn safety for this module's messages. Kept local so the query language has no dependency on
 * the renderers; the rule is Slack's: escape `&`, `<`, `>` and nothing else.
 */

/** Escapes the three mrkdwn control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const MAX_SHOWN = 60;

/**
 * A user's term as inline code inside a message: control characters become spaces, backticks (which would
 * end the code span) become `'`, long terms are cut, and `&`, `<`, `>` are escaped.
 */
export function code(term: string): string {
  const chars = Array.from(term.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").replace(/`/g, "'"));
  const shown = chars.length > MAX_SHOWN ? `${chars.slice(0, MAX_SHOWN - 1).join("")}…` : chars.join("");
  return shown.trim() === "" ? "(empty)" : `\`${escapeMrkdwn(shown)}\``;
}
