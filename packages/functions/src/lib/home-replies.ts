import type { SlackMessage } from "@nwh/core/blocks";
import { homeAnswerView } from "@nwh/core/service";
import type { WebClient } from "@slack/web-api";
import type { Reply } from "./answer-action";
import { logger } from "./logger";
import type { Runtime } from "./runtime";

/** Sends one thing to Slack; a failure (or running out of time) is logged by the sender, never thrown. */
export type HomeSender = (what: string, send: () => Promise<unknown>) => Promise<void>;

/**
 * The answer to a click made on the App Home tab, which has no `response_url`: the answer becomes the
 * user's tab, and a change's audit line goes to `DIGEST_CHANNEL` (the tab has no channel of its own).
 * Shared by the slack function (each send bounded by the click's deadline) and the worker.
 */
export async function publishHomeReplies(
  runtime: Runtime,
  client: WebClient,
  userId: string,
  replies: readonly Reply[],
  sendBy: HomeSender,
): Promise<void> {
  const answer = replies.find((reply) => !reply.audit);
  if (answer) {
    const view = homeAnswerView(answer.message);
    await sendBy("publish the Home tab", () => client.views.publish({ user_id: userId, view }));
  }
  const audit = replies.find((reply) => reply.audit);
  if (audit) await postHomeAudit(runtime, client, audit.message, sendBy);
}

/** Posts the audit line to `DIGEST_CHANNEL` (the bot is a member there), or, without one, only logs. */
async function postHomeAudit(
  runtime: Runtime,
  client: WebClient,
  audit: SlackMessage,
  sendBy: HomeSender,
): Promise<void> {
  const channel = runtime.config.DIGEST_CHANNEL;
  if (!channel) {
    logger.warn(
      "no audit channel: a change made on the App Home tab is not announced (DIGEST_CHANNEL is not set)",
    );
    return;
  }
  await sendBy("post the audit line to DIGEST_CHANNEL", () =>
    client.chat.postMessage({ channel, text: audit.text, blocks: audit.blocks }),
  );
}
