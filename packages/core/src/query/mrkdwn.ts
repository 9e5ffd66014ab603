/*
 * Minimal mrkdwn safety for this module's help and messages, kept local so the query language does not
 * depend on the renderers. Slack's rule: `&`, `<`, `>` are the only control characters.
 */

/** Escapes the three mrkdwn control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const MAX_SHOWN = 60;

/*
 * Look-alikes for the three control characters inside messages. Entities (`&lt;`) would be right for a
 * renderer that shows the message as mrkdwn as-is, but turn into visible `&lt;` under one that escapes it
 * again; full-width forms read the same and are safe both ways (and the parser takes `＜`/`＞` as comparators).
 */
const LOOK_ALIKES: Readonly<Record<string, string>> = { "&": "\uff06", "<": "\uff1c", ">": "\uff1e" };

/**
 * A user's term as inline code inside a message: control and bidi characters become spaces, backticks
 * (which would end the code span) become `'`, long terms are cut, and `&`, `<`, `>` become full-width
 * look-alikes, so the message holds no mrkdwn control character at all.
 */
export function code(term: string): string {
  const chars = Array.from(
    term.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, " ").replace(/`/g, "'"),
  );
  const shown = chars.length > MAX_SHOWN ? `${chars.slice(0, MAX_SHOWN - 1).join("")}…` : chars.join("");
  return shown.trim() === "" ? "(empty)" : `\`${shown.replace(/[&<>]/g, (c) => LOOK_ALIKES[c]!)}\``;
}
