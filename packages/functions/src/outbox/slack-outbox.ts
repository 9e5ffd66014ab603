import type { Logger } from "@aws-lambda-powertools/logger";
import { type Clock, timeoutSignal } from "@nwh/core/clock";
import type { Outbox, Reply, UserInteraction } from "@nwh/core/interaction";
import type { HttpFetch } from "@nwh/core/nexudus";
import { homeAnswerView } from "@nwh/core/service";
import { byDeadline, type Deadline, TIMING } from "@nwh/core/time";
import { ErrorCode, type WebClient } from "@slack/web-api";
import { describeError } from "../lib/logger";
import { nodeHttpFetch } from "../lib/node-http-fetch";
import { isAllowedResponseUrl, postToResponseUrl, ResponseUrlError } from "./response-url";

/** What the outbox sends with. */
export interface SlackOutboxOptions {
  /** For `views.publish` and `chat.postMessage`. */
  web: WebClient;
  /** The configured Slack API (its host is allowed for `response_url`s when it is not Slack's own). */
  slackApiUrl: string;
  /** Where the audit line of a change made on the App Home tab goes (`DIGEST_CHANNEL`). */
  auditChannel?: string;
  logger: Logger;
  clock: Clock;
  /** For `response_url`s (default: a {@link nodeHttpFetch} kept by this outbox). */
  fetch?: HttpFetch;
}

/**
 * Whether a failed send surely did not go out: Slack answered and refused it (`ok: false`, a 4xx from a
 * `response_url`; a 429 too, though this outbox's WebClient waits rate limits out rather than reject). A
 * timeout, an abort, a broken connection or a 5xx can come after Slack took it.
 */
function surelyNotSent(error: unknown): boolean {
  if (error instanceof ResponseUrlError)
    return error.status !== undefined && error.status >= 400 && error.status < 500;
  const code = (error as { code?: unknown } | null)?.code;
  return code === ErrorCode.PlatformError || code === ErrorCode.RateLimitedError;
}

/**
 * The one send path to Slack for interactions. A `response_url` is checked here, once, before anything is
 * posted to it; each send is bounded by what is left of the deadline (and not started with less than
 * `TIMING.minPostMs`), in order, so an answer comes before its audit line. Failures are logged and never
 * thrown: the request was handled and there is nobody left to tell.
 */
export function createSlackOutbox(options: SlackOutboxOptions): Outbox {
  const { logger, clock, web } = options;
  // Nothing else retries a post: a kept connection found closed is tried once more on a new one.
  const post = options.fetch ?? nodeHttpFetch({ resendOnStale: true });

  async function send(interaction: UserInteraction, reply: Reply, signal: AbortSignal): Promise<void> {
    const target = interaction.replyTo;
    if (reply.to === "modal") {
      const triggerId = interaction.kind === "click" ? interaction.triggerId : undefined;
      if (!reply.modal || !triggerId) {
        logger.warn("a form to open has no trigger_id; dropped");
        return;
      }
      await web.views.open({ trigger_id: triggerId, view: reply.modal });
      return;
    }
    // A subscription's change is announced in the channel it is about, wherever it was made.
    if (reply.to === "audit" && reply.channel) {
      await web.chat.postMessage({
        channel: reply.channel,
        text: reply.message.text,
        blocks: reply.message.blocks,
      });
      return;
    }
    if (target.kind === "response_url") {
      return postToResponseUrl(target.url, reply.message, {
        responseType: reply.to === "clicker" ? "ephemeral" : "in_channel",
        replaceOriginal: reply.to === "clicker" && reply.replace === true && target.ephemeral,
        signal,
        fetch: post,
      });
    }
    if (reply.to === "clicker") {
      const view = reply.view ?? homeAnswerView(reply.message);
      await web.views.publish({ user_id: interaction.userId, view });
      return;
    }
    if (reply.to === "channel") {
      logger.warn("a reply for a channel has no channel on the App Home tab; dropped");
      return;
    }
    if (!options.auditChannel) {
      logger.warn(
        "no audit channel: a change made on the App Home tab is not announced (DIGEST_CHANNEL is not set)",
      );
      return;
    }
    await web.chat.postMessage({
      channel: options.auditChannel,
      text: reply.message.text,
      blocks: reply.message.blocks,
    });
  }

  const accepts = (interaction: UserInteraction): boolean =>
    interaction.replyTo.kind !== "response_url" ||
    isAllowedResponseUrl(interaction.replyTo.url, options.slackApiUrl);

  return {
    accepts,
    async deliver(interaction, replies, deadline: Deadline) {
      const target = interaction.replyTo;
      if (!accepts(interaction)) {
        logger.error("a response_url outside Slack was refused; nothing posted", { kind: interaction.kind });
        return;
      }
      const settle = (reply: Reply, delivered: boolean) => reply.settle?.(delivered).catch(() => {});
      for (const [index, reply] of replies.entries()) {
        const left = deadline.at - clock.now();
        if (left < TIMING.minPostMs) {
          logger.error("no time left to answer", { to: reply.to, leftMs: left });
          for (const unsent of replies.slice(index)) await settle(unsent, false);
          return;
        }
        const signal = AbortSignal.any([deadline.signal, timeoutSignal(clock, TIMING.slackCallTimeoutMs)]);
        try {
          await byDeadline(deadline, send(interaction, reply, signal));
        } catch (error) {
          // Only a reply surely not sent is settled as such: one that may have landed keeps its audit mark,
          // so a later run does not say the same line twice.
          const unsent = surelyNotSent(error);
          logger.error("could not answer", {
            to: reply.to,
            target: target.kind,
            ...(unsent ? {} : { mayHaveLanded: true }),
            ...describeError(error),
          });
          await settle(reply, !unsent);
          continue;
        }
        await settle(reply, true);
      }
    },
  };
}
