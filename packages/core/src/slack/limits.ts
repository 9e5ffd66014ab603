/**
 * Slack's Block Kit and message limits (shared/slack/PLATFORM-NOTES.md; docs.slack.dev/reference/block-kit).
 * The one source used by the builders (to truncate and split) and by the validator (to check).
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  /** An overflow menu: 2–5 options, each with plain_text of 75 chars and a value of 150. */
  overflowOptions: 5,
  optionText: 75,
  optionValue: 150,
  actionId: 255,
  blockId: 255,
  actionsElements: 25,
  contextElements: 10,
  /** Context element text (mrkdwn/plain_text). */
  contextText: 2000,
  messageText: 40000,
  /** Slack rejects messages whose block text adds up to roughly 12,000 chars; we stay under this. */
  totalBlockText: 11000,
  /** Confirm dialog: title 100, text 300, confirm/deny 30. */
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** `response_url` accepts this many posts per interaction payload. */
  responseUrlPosts: 5,
  /** Slash commands and interactions must be acknowledged within this many milliseconds. */
  ackDeadlineMs: 3000,
} as const;

/**
 * The bot's own bounds on untrusted text (Nexudus fields, error messages, what a user typed), kept here with
 * Slack's so that every limit has one home. Not Slack rules: they keep the work done on hostile input small.
 */
export const TEXT_LIMITS = {
  /**
   * Longest untrusted text any transform looks at, in UTF-16 units: longer text is cut (at a safe place, see
   * `boundUntrusted`) before any pattern runs on it. Ten times the longest text the bot ever shows (2,000), so
   * redaction, which can shorten text, still has more than enough to fill it.
   */
  untrustedInput: 20_000,
} as const;
