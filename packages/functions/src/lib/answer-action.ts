import type { SlackMessage } from "@nwh/core/blocks";
import {
  executeAction,
  notAllowedFor,
  outdatedActionMessage,
  serviceActionFor,
  shareNeedsChannelMessage,
} from "@nwh/core/service";
import type { ResponseOptions } from "./response-url";
import type { Runtime } from "./runtime";
import type { Bound } from "./within-budget";

/** A button click, as the slack function and the worker both see it. */
export interface ActionInput {
  actionId: string;
  /** The button's raw value (untrusted). */
  value: string;
  userId: string;
  channelId?: string;
  /** Whether the clicked message was ephemeral: only then is it replaced in place. */
  fromEphemeral: boolean;
  /** A click on the App Home tab: no channel, no `response_url`; the answer becomes the tab. */
  home?: boolean;
  /**
   * The slack function ran out of time after this click's Pause/Resume started its write (worker jobs
   * only): the write may have landed unconfirmed, so the change found is announced.
   */
  writeStarted?: boolean;
}

/** One post to the interaction's `response_url`. */
export interface Reply extends ResponseOptions {
  message: SlackMessage;
  /** The audit line of a change (posted where it happened; from the Home tab, to `DIGEST_CHANNEL`). */
  audit?: true;
}

const ephemeral = (message: SlackMessage): Reply => ({
  message,
  responseType: "ephemeral",
  replaceOriginal: false,
});

/**
 * Answers a button: re-checks the clicker's rights (a `block_actions` payload can be forged by anyone who
 * can sign, and button values are untrusted), runs the action, and says where each answer goes.
 * Paging and details replace an ephemeral message in place; a click on a message in the channel gets a new
 * ephemeral answer, so one user never rewrites what everyone sees. Errors never replace the original.
 */
export async function answerAction(
  input: ActionInput,
  runtime: Runtime,
  bound?: Bound,
  /** Called just before a Pause/Resume sends its write (see `ExecuteOptions.onWriteStart`). */
  onWriteStart?: () => void,
): Promise<Reply[]> {
  const { access } = runtime;
  if (!access.canUse(input.userId)) return [ephemeral(notAllowedFor("use"))];
  const decoded = serviceActionFor(input.actionId, input.value);
  if (!decoded) return [ephemeral(outdatedActionMessage())];
  const action =
    decoded.kind === "toggle" && input.writeStarted ? { ...decoded, writeStarted: true } : decoded;
  const viewer = access.viewer(input.userId);
  if (action.kind === "toggle" && !viewer.isAdmin) return [ephemeral(notAllowedFor("admin"))];
  // Only an older Home tab can still show Share: there is no channel to share into.
  if (action.kind === "share" && input.home) return [ephemeral(shareNeedsChannelMessage())];

  const outcome = await executeAction(action, runtime.service, {
    viewer,
    ...(bound ? { deadline: bound.deadline, signal: bound.signal } : {}),
    ...(bound?.rethrow ? { rethrow: bound.rethrow } : {}),
    ...(onWriteStart ? { onWriteStart } : {}),
  });
  if (outcome.failed) return [ephemeral(outcome.message)];
  if (action.kind === "share") {
    return [{ message: outcome.message, responseType: "in_channel", replaceOriginal: false }];
  }
  const replies: Reply[] = [
    { message: outcome.message, responseType: "ephemeral", replaceOriginal: input.fromEphemeral },
  ];
  // The audit line goes where the change happened, for everyone there to see.
  if (outcome.audit)
    replies.push({ message: outcome.audit, responseType: "in_channel", replaceOriginal: false, audit: true });
  return replies;
}
