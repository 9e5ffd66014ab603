/**
 * The Slack user a signed request comes from, read from its raw body without Bolt: `user_id` of a slash
 * command, `user.id` of a click (`payload=` JSON), `event.user` of an `app_home_opened`. `undefined` for
 * anything else (a `member_joined_channel` names whoever joined, who asks nothing of the bot) or anything
 * unreadable. Only to decide early whether to get Nexudus ready (see
 * `createSlackHandler`); the pipeline checks the user's rights on what Bolt parsed.
 */
export function requesterOf(rawBody: string, contentType: string | undefined): string | undefined {
  try {
    if (contentType === "application/x-www-form-urlencoded") {
      const form = new URLSearchParams(rawBody);
      const command = form.get("user_id");
      if (command) return command;
      const payload = form.get("payload");
      const user = payload ? (JSON.parse(payload) as { user?: { id?: unknown } }).user?.id : undefined;
      return typeof user === "string" ? user : undefined;
    }
    if (contentType === "application/json") {
      const event = (JSON.parse(rawBody) as { event?: { type?: unknown; user?: unknown } }).event;
      return event?.type === "app_home_opened" && typeof event.user === "string" ? event.user : undefined;
    }
  } catch {
    // Not ours to report: Bolt answers what it cannot parse.
  }
  return undefined;
}
