import type { App } from "@slack/bolt";

/** Callback ids of the bot's own shortcuts and views, which have their own listeners. */
const NOT_OURS = /^(?!webhooks_).*/;

/**
 * Shortcuts, message actions and view submissions the bot does not offer: acknowledged (Slack would show
 * an error for a 404) and otherwise ignored.
 */
export function register(app: App): void {
  app.shortcut(NOT_OURS, async ({ ack }) => ack());
  app.view(NOT_OURS, async ({ ack }) => ack());
  app.view({ type: "view_closed", callback_id: NOT_OURS }, async ({ ack }) => ack());
}
