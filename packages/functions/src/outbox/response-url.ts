import type { SlackMessage } from "@nwh/core/blocks";
import { DEFAULT_SLACK_API_URL } from "@nwh/core/config";
import type { HttpAnswer, HttpFetch } from "@nwh/core/nexudus";
import { nodeHttpFetch } from "../lib/node-http-fetch";

/** Slack's own host for `response_url`s. */
export const SLACK_RESPONSE_HOST = "hooks.slack.com";

/**
 * Whether a `response_url` may be posted to: Slack's `https://hooks.slack.com/…`, or, when the Slack API
 * is configured to somewhere other than Slack's own (the local stub in tests and local mode), that host.
 * A signed payload or a forged job naming any other host is refused, so the bot cannot be turned into a
 * request forwarder.
 */
export function isAllowedResponseUrl(url: string, slackApiUrl: string | undefined): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.username || target.password) return false;
  if (target.protocol === "https:" && target.hostname === SLACK_RESPONSE_HOST && target.port === "")
    return true;
  if (!slackApiUrl || slackApiUrl === DEFAULT_SLACK_API_URL) return false;
  const api = new URL(slackApiUrl);
  return target.protocol === api.protocol && target.host === api.host;
}

/** The `response_url` was refused, expired, or did not answer. */
export class ResponseUrlError extends Error {
  override name = "ResponseUrlError";
  readonly code = "response_url_failed";
  constructor(
    message: string,
    /** Slack's answer, when it answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** What a `response_url` post carries besides the message. */
export interface ResponseOptions {
  responseType: "ephemeral" | "in_channel";
  /** Replace the message the interaction came from. */
  replaceOriginal: boolean;
}

/** Posts a message to a `response_url`; throws ResponseUrlError on a non-2xx answer or no answer. */
export async function postToResponseUrl(
  url: string,
  message: SlackMessage,
  options: ResponseOptions & {
    signal: AbortSignal;
    /** Default: a {@link nodeHttpFetch} of its own (the outbox passes the one it keeps). */
    fetch?: HttpFetch;
  },
): Promise<void> {
  const doFetch = options.fetch ?? nodeHttpFetch({ resendOnStale: true });
  let answer: HttpAnswer;
  try {
    answer = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        response_type: options.responseType,
        replace_original: options.replaceOriginal,
        text: message.text,
        blocks: message.blocks,
      }),
      signal: options.signal,
    });
  } catch (error) {
    throw new ResponseUrlError(`response_url did not answer (${(error as Error).name})`);
  }
  if (answer.status < 200 || answer.status > 299)
    throw new ResponseUrlError(`response_url answered ${answer.status}`, answer.status);
}
