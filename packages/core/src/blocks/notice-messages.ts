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
