import { signSlackRequest } from "@nwh/slack-stub";

/** What the local endpoint answered. */
export interface EndpointAnswer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * POSTs a body to the Slack endpoint signed exactly as Slack signs it (`v0` HMAC-SHA256 of
 * `v0:timestamp:body` with the signing secret), with Slack's content type and user agent.
 */
export async function postSigned(
  endpoint: string,
  signingSecret: string,
  body: string,
  contentType = "application/x-www-form-urlencoded",
): Promise<EndpointAnswer> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
      ...signSlackRequest(signingSecret, body),
    },
    body,
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    body: await response.text(),
  };
}
