/**
 * Escapes text for Slack mrkdwn: `&`, `<` and `>` are Slack's only control characters, so replacing them is
 * what stops `<!channel>` pings and forged `<https://x|y>` links in Nexudus-sourced text.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/**
 * Neutralises mrkdwn formatting characters in text shown inside a formatted span (so a name such as
 * `*urgent*` does not turn bold and a backtick does not open code). Also escapes `&`, `<`, `>`.
 */
export function escapeMrkdwnLiteral(text: string): string {
  // A zero-width joiner after a formatting character stops Slack from pairing it.
  return escapeMrkdwn(text).replace(/[*_~`]/g, (c) => `${c}\u200d`);
}
