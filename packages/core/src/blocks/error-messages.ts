import type { KnownBlock } from "@slack/types";
import { NexudusError } from "../nexudus/errors";
import { context, section } from "./block-kit";
import type { SlackMessage } from "./models";
import { count, inlineCode, safeText } from "./untrusted-text";

/** What the query parser reports for one bad term (its `QueryError` has this shape). */
export interface QueryProblem {
  /** The term as the user typed it: untrusted. */
  term: string;
  /** A plain-text sentence (escaped here, so it must not contain mrkdwn). */
  message: string;
  /** Valid alternatives, shown as code. */
  suggestions: readonly string[];
}

/** At most this many problems are listed, one section each. */
const MAX_SHOWN = 10;

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/**
 * The answer to a query that does not parse: each offending term (escaped, as code), what is wrong, and
 * up to three suggestions ("did you mean `action:`?"), plus a pointer to `/webhooks help`.
 */
export function queryErrorMessage(errors: readonly QueryProblem[]): SlackMessage {
  // The parser's messages name the offending term and most of their suggestions already; suggestions
  // the message does not show are offered once, as complete terms to copy.
  const blocks: KnownBlock[] = errors.slice(0, MAX_SHOWN).flatMap((e) => {
    const message = safeText(e.message, 500) || `${inlineCode(e.term, 100) || "The search"}: not understood.`;
    const unseen = e.suggestions
      .filter((s) => !e.message.includes(s))
      .slice(0, 3)
      .map((s) => inlineCode(s, 60))
      .filter(Boolean);
    const out: KnownBlock[] = [section(`:warning: ${message}`)];
    if (unseen.length > 0) out.push(context(`Try ${orList(unseen)}.`));
    return out;
  });
  if (blocks.length === 0) blocks.push(section(":warning: The search could not be understood."));
  if (errors.length > MAX_SHOWN) blocks.push(section(`…and ${errors.length - MAX_SHOWN} more.`));
  blocks.push(context("Type `/webhooks help` for the syntax and examples."));
  const first = errors[0];
  return {
    text: first
      ? `Your search has ${count(errors.length, "problem")}: ${safeText(first.message, 150)}`
      : "The search could not be understood.",
    blocks,
  };
}

/**
 * The answer when a call failed: a NexudusError's `userMessage` (escaped; it may quote Nexudus), and for
 * anything else a generic sentence: never a stack trace nor the message of an unknown error.
 */
export function nexudusErrorMessage(error: unknown): SlackMessage {
  const raw =
    error instanceof NexudusError
      ? error.userMessage || "Nexudus could not answer."
      : "Something went wrong while answering. Please try again in a minute; if it keeps happening, ask an admin to check the bot's logs.";
  return { text: safeText(raw, 300), blocks: [section(`:warning: ${safeText(raw, 1000)}`)] };
}

/**
 * The answer to someone not allowed to search (`search`) or to pause/resume (`admin`). It names who can
 * help, not the configuration (`SLACK_*_USER_IDS` is for whoever runs the bot, not for its users).
 */
export function notAllowedMessage(what: "search" | "admin"): SlackMessage {
  const text =
    what === "admin"
      ? "Only webhook admins can pause or resume webhooks. Ask an admin of this bot if you need to."
      : "You are not allowed to search webhooks. Ask an admin of this bot for access.";
  return { text, blocks: [section(`:lock: ${text}`)] };
}
