import { nexudusErrorMessage, notAllowedMessage } from "../blocks/error-messages";
import type { SlackMessage } from "../blocks/models";
import { infoMessage, searchingMessage } from "../blocks/notice-messages";
import { NexudusAbortedError, NexudusTimeoutError } from "../nexudus/errors";
import type { WriteClick } from "./execute-action";

/**
 * Why a request was refused: `use` (not in the allowed users), `admin` (pause/resume) or `doctor` (the
 * setup check, also for admins only).
 */
export type Refusal = "use" | "admin" | "doctor";

/** The answer to a user without the right. */
export function notAllowedFor(refusal: Refusal): SlackMessage {
  if (refusal === "doctor")
    return infoMessage(
      ":lock: Only the bot's admins (SLACK_ADMIN_USER_IDS) can run the setup check. Ask one of them, or run `npm run doctor` where the bot is configured.",
    );
  return notAllowedMessage(refusal === "admin" ? "admin" : "search");
}

/** The immediate answer while the worker runs a slow command. */
export function searchingFor(_text: string): SlackMessage {
  return searchingMessage();
}

/** The answer to a button whose value is malformed or from an older version of the bot. */
export function outdatedActionMessage(): SlackMessage {
  return infoMessage("This button no longer works. Run the search again with `/webhooks`.");
}

/** The answer to **Share in channel** clicked where there is no channel (an older App Home tab). */
export function shareNeedsChannelMessage(): SlackMessage {
  return infoMessage(
    "*Share in channel* works on answers in a channel: type `/webhooks …` there and share the answer.",
  );
}

/** The answer when the slow path could not even start (the worker could not be invoked, the bot is misconfigured). */
export function unavailableMessage(): SlackMessage {
  return infoMessage(
    ":warning: The bot could not finish this request right now. Please try again in a minute; if it keeps happening, ask an admin to check the bot's logs.",
  );
}

/**
 * Any error as a readable message: a Nexudus error's own sentence, anything else a generic one. Never a
 * stack trace, never the message of an unknown error (it could quote a credential).
 */
export function failureMessage(error: unknown): SlackMessage {
  return nexudusErrorMessage(error);
}

/** True for the errors of a call that ran out of its time budget (its deadline passed, or it was aborted). */
export function isOutOfTime(error: unknown): boolean {
  return error instanceof NexudusTimeoutError || error instanceof NexudusAbortedError;
}

/** The immediate answer to a Pause/Resume, which the worker carries out and then answers. */
export function changingMessage(change: WriteClick): SlackMessage {
  if (change.kind === "incident")
    return infoMessage(":hourglass_flowing_sand: Resuming this incident's disabled webhooks…");
  const verb = change.active ? "Resuming" : "Pausing";
  return infoMessage(`:hourglass_flowing_sand: ${verb} webhook #${change.id}…`);
}
