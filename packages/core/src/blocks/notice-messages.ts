import { section } from "./block-kit";
import type { SlackMessage } from "./models";
import { safeParagraphs, safeText } from "./untrusted-text";

/** The immediate answer while a slow search runs in the worker. */
export function searchingMessage(): SlackMessage {
  return {
    text: "Searching Nexudus…",
    blocks: [section(":hourglass_flowing_sand: Searching Nexudus…")],
  };
}

/**
 * A one-section notice. `text` is treated as untrusted: `&`, `<`, `>` are escaped (no mentions, no links),
 * credentials redacted and the whole kept under a section's limit; mrkdwn emphasis still works.
 */
export function infoMessage(text: string): SlackMessage {
  const safe = safeParagraphs(text, 2900) || "OK.";
  return { text: safeText(text, 300) || "OK.", blocks: [section(safe)] };
}

/**
 * A one-section notice the bot composed itself, as mrkdwn: its mentions are ones the bot built
 * (`<@U…>` from a user id) and any Nexudus text in it is already escaped, so nothing is escaped again.
 */
export function composedMessage(mrkdwn: string): SlackMessage {
  return { text: mrkdwn.slice(0, 3000), blocks: [section(mrkdwn)] };
}
