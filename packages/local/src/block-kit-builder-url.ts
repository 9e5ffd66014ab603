const BUILDER = "https://app.slack.com/block-kit-builder#";

/**
 * A Block Kit Builder link that shows the message as Slack draws it (the builder reads `{ blocks }` from the
 * URL fragment, so nothing is sent anywhere until the user opens it). A text-only message becomes one section.
 */
export function blockKitBuilderUrl(message: { text?: string; blocks?: unknown[] }): string {
  const blocks =
    message.blocks && message.blocks.length > 0
      ? message.blocks
      : [{ type: "section", text: { type: "mrkdwn", text: message.text ?? "" } }];
  return `${BUILDER}${encodeURIComponent(JSON.stringify({ blocks }))}`;
}
