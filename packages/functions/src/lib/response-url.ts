import type { SlackMessage } from "@nwh/core/blocks";

/** The longest one `response_url` post may take in the slack function (less when the click's time is short). */
export const RESPONSE_URL_TIMEOUT_MS = 2500;

/** Slack's own host for `response_url`s. */
export const SLACK_RESPONSE_HOST = "hooks.slack.com";

/** What a `response_url` post carries besides the message. */
export interface ResponseOptions {
  responseType: "ephemeral" | "in_channel";
  /** Replace the message the button was on (only meaningful for interactions). */
  replaceOriginal: boolean;
}

/**
 * Whether the worker may post to this URL: Slack's `https://hooks.slack.com/…`, or the host of the
 * configured Slack API (the local stub in tests and local mode). A forged job naming any other host is
 * refused, so the worker cannot be turned into a request forwarder.
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
  if (!slackApiUrl) return false;
  const api = new URL(slackApiUrl);
  return target.protocol === api.protocol && target.host === api.host;
}

/** The `response_url` was refused, expired, or did not answer. */
export class ResponseUrlError extends Error {
  override name = "ResponseUrlError";
}

/** The JSON body of a `response_url` post. */
export function responseBody(message: SlackMessage, options: ResponseOptions): Record<string, unknown> {
  return {
    response_type: options.responseType,
    replace_original: options.replaceOriginal,
    text: message.text,
    blocks: message.blocks,
  };
}

/** Posts a message to a `response_url` with a time limit; throws ResponseUrlError on a non-2xx answer. */
export async function postToResponseUrl(
  url: string,
  message: SlackMessage,
  options: ResponseOptions & { timeoutMs?: number; fetch?: typeof fetch },
): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  let answer: Response;
  try {
    answer = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(responseBody(message, options)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
    });
  } catch (error) {
    throw new ResponseUrlError(`response_url did not answer (${(error as Error).name})`);
  }
  await answer.body?.cancel();
  if (!answer.ok) throw new ResponseUrlError(`response_url answered ${answer.status}`);
}
