/** Options of builders whose answer can be shared in a channel. */
export interface ShareOptions {
  /** Set when the message is posted in the channel through **Share**: no admin or share buttons, a "Shared by" line. */
  shared?: { byUserId: string };
  /** A short line shown first, already safe mrkdwn: what a click just did (e.g. after Pause). */
  notice?: string;
}
