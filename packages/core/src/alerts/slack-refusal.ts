/*
 * Slack's answers that will not change by asking again, from the errors Slack documents for
 * chat.postMessage, chat.update, conversations.history and conversations.replies. A refusal is about one
 * channel (the bot cannot post there, or read it, until a person changes the channel or the install), or
 * about the whole bot (its token is wrong, and no channel will take anything). Everything else (a 429, a
 * 5xx, a timeout, `internal_error`, `fatal_error`, an unknown code) is transient: tried again at the next
 * poll.
 *
 * `missing_scope` is a channel's refusal only when a read of its history needed a history scope: those are
 * per kind of channel (an install may drop `groups:history`, as docs/SLACK-APP.md allows, and then only a
 * private channel's history is refused). Held for the whole bot, one private channel would stop every
 * channel's alerts. Any other missing scope (`chat:write` on a post, or one Slack does not name) is the
 * bot's: every channel lacks it, and held one channel at a time, each would be said once and then stay
 * quiet, with no alert going anywhere and no failed poll to raise the alarm.
 */

import { slackErrorOf } from "../slack";

/** Refused in one channel until a person changes it (unarchives it, invites the bot, lets it post). */
const CHANNEL_REFUSALS: Readonly<Record<string, string>> = {
  is_archived: "the channel is archived: unarchive it, or remove its alert subscription",
  not_in_channel: "the bot is not in the channel any more: `/invite` it there again",
  channel_not_found:
    "Slack has no such channel for the bot (deleted, or private without the bot): remove its alert subscription",
  no_permission: "the bot may not post there: `/invite` it again, or remove the channel's alert subscription",
  restricted_action:
    "a workspace setting stops the bot posting there: let it post, or remove the subscription",
  restricted_action_read_only_channel:
    "the channel is read-only: let the bot post there, or remove its alert subscription",
  restricted_action_thread_only_channel:
    "the channel takes thread replies only: let the bot post there, or remove its alert subscription",
  restricted_action_non_threadable_channel:
    "the channel takes no thread replies: allow them, or remove its alert subscription",
  missing_scope:
    "the bot's install lacks a scope this channel needs: add it to the app (docs/SLACK-APP.md) and reinstall, or remove the channel's alert subscription",
};

/** Refused everywhere: the token or the install needs fixing (no channel can say so). */
const BOT_REFUSALS = new Set([
  "not_authed",
  "invalid_auth",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "ekm_access_denied",
  "org_login_required",
]);

/** How far a Slack refusal reaches: one channel, or the whole bot. */
export type RefusalScope = "channel" | "bot";

/** The scopes that read one kind of channel's history (`conversations.history`, `.replies`). */
const HISTORY_SCOPES = new Set(["channels:history", "groups:history", "mpim:history", "im:history"]);

/**
 * Whether a failed Slack call (a `read` of a channel's history, or a `write`: a post, an update) is refused
 * for good, and how far; `undefined`: worth trying again.
 */
export function refusalScopeOf(error: unknown, kind: "read" | "write"): RefusalScope | undefined {
  const code = slackErrorOf(error);
  if (code === undefined) return undefined;
  if (code === "missing_scope") {
    const history = neededScopeOf(error)
      ?.split(",")
      .every((scope) => HISTORY_SCOPES.has(scope));
    return kind === "read" && history === true ? "channel" : "bot";
  }
  if (Object.hasOwn(CHANNEL_REFUSALS, code)) return "channel";
  return BOT_REFUSALS.has(code) ? "bot" : undefined;
}

/** Scope names as Slack writes them (`groups:history`, `chat:write.public`), comma-separated. */
const SCOPES = /^[a-z_]+(:[a-z_.]+)?(,[a-z_]+(:[a-z_.]+)?){0,4}$/;

/**
 * The scope(s) a `missing_scope` answer says the call needed: its `needed` field, which the WebClient keeps
 * in `data` with the rest of the answer. Only well-formed scope names are taken (they are shown).
 */
export function neededScopeOf(error: unknown): string | undefined {
  const data = (error as { data?: unknown } | null)?.data;
  const needed = (data as { needed?: unknown } | null | undefined)?.needed;
  return typeof needed === "string" && SCOPES.test(needed) ? needed : undefined;
}

/**
 * What a person does about a channel refusal (one of `refusalScopeOf`'s `channel` codes); `needed` names
 * the scope a `missing_scope` answer asked for.
 */
export function channelRefusalAdvice(code: string, needed?: string): string {
  if (code === "missing_scope" && needed)
    return `the bot's install lacks the \`${needed}\` scope this channel needs: add it to the app (docs/SLACK-APP.md) and reinstall, or remove the channel's alert subscription`;
  return CHANNEL_REFUSALS[code] ?? "let the bot post there again, or remove the channel's alert subscription";
}

/**
 * Slack's answers that say the message a call was about is gone (a person deleted it): `message_not_found`
 * from `chat.update`, `thread_not_found` (or `message_not_found`) from a thread's reply or its read. Not a
 * refusal (the channel takes messages) and not worth asking again: the message will not come back.
 */
const GONE = new Set(["message_not_found", "thread_not_found"]);

/** Whether a failed Slack call says the message it was about (or the parent of its thread) is gone. */
export function messageGoneOf(error: unknown): boolean {
  return GONE.has(slackErrorOf(error) ?? "");
}
