import { signSlackRequest } from "@nwh/slack-stub";
import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** The signing secret every test configuration uses. */
export const SIGNING_SECRET = "test-signing-secret-0123456789";

/** Options of `signedEvent`. */
export interface EventOptions {
  /** Raw body as Slack sends it. */
  body: string;
  contentType: "application/x-www-form-urlencoded" | "application/json";
  /** Seconds; default now. */
  timestamp?: number;
  secret?: string;
  /** Headers to add or (with `undefined`) remove after signing. */
  headers?: Record<string, string | undefined>;
  /** Default true for form bodies, as API Gateway HTTP APIs send them. */
  base64?: boolean;
  /** When API Gateway received the request (`requestContext.timeEpoch`), epoch ms; default now. */
  arrivedAt?: number;
}

/**
 * An API Gateway HTTP API (payload v2) event carrying a Slack request signed for real: lower-case headers,
 * `requestContext.http`, and the body base64-encoded with `isBase64Encoded: true` as API Gateway does.
 */
export function signedEvent(options: EventOptions): APIGatewayProxyEventV2 {
  const signature = signSlackRequest(options.secret ?? SIGNING_SECRET, options.body, options.timestamp);
  const headers: Record<string, string> = {
    "content-type": options.contentType,
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    host: "abc123.execute-api.eu-west-1.amazonaws.com",
    ...signature,
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  const base64 = options.base64 ?? options.contentType === "application/x-www-form-urlencoded";
  const now = options.arrivedAt ?? Date.now();
  return {
    version: "2.0",
    routeKey: "POST /slack/events",
    rawPath: "/slack/events",
    rawQueryString: "",
    headers,
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      domainName: "abc123.execute-api.eu-west-1.amazonaws.com",
      domainPrefix: "abc123",
      http: {
        method: "POST",
        path: "/slack/events",
        protocol: "HTTP/1.1",
        sourceIp: "192.0.2.10",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: `req-${now}`,
      routeKey: "POST /slack/events",
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    body: base64 ? Buffer.from(options.body, "utf8").toString("base64") : options.body,
    isBase64Encoded: base64,
  };
}

/** A slash command's form body. */
export function commandBody(options: {
  text: string;
  userId: string;
  responseUrl: string;
  channelId?: string;
}): string {
  return new URLSearchParams({
    token: "legacy-verification-token",
    team_id: "T0TEST0001",
    team_domain: "test",
    channel_id: options.channelId ?? "C0TEST0001",
    channel_name: "ops",
    user_id: options.userId,
    user_name: "someone",
    command: "/webhooks",
    text: options.text,
    api_app_id: "A0TEST0001",
    is_enterprise_install: "false",
    response_url: options.responseUrl,
    trigger_id: "1.2.3",
  }).toString();
}

/** A `block_actions` payload (one button) as a form body. */
export function actionBody(options: {
  actionId: string;
  value: string;
  userId: string;
  responseUrl?: string;
  channelId?: string;
  ephemeral?: boolean;
  /** A click on the App Home tab (no channel, no response_url). */
  home?: boolean;
}): string {
  const payload = {
    type: "block_actions",
    user: { id: options.userId, username: "someone", team_id: "T0TEST0001" },
    api_app_id: "A0TEST0001",
    token: "legacy-verification-token",
    team: { id: "T0TEST0001", domain: "test" },
    trigger_id: "1.2.3",
    ...(options.home
      ? { container: { type: "view", view_id: "V0HOME" }, view: { id: "V0HOME", type: "home" } }
      : {
          container: {
            type: "message",
            message_ts: "1700000000.000100",
            channel_id: options.channelId ?? "C0TEST0001",
            is_ephemeral: options.ephemeral ?? true,
          },
          channel: { id: options.channelId ?? "C0TEST0001", name: "ops" },
          response_url: options.responseUrl,
        }),
    actions: [
      {
        type: "button",
        action_id: options.actionId,
        block_id: "b1",
        value: options.value,
        text: { type: "plain_text", text: "x" },
        action_ts: "1700000001.000200",
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API `app_home_opened` delivery. */
export function homeOpenedBody(options: { userId: string; eventId: string; extra?: string }): string {
  return JSON.stringify({
    token: "legacy-verification-token",
    team_id: "T0TEST0001",
    api_app_id: "A0TEST0001",
    type: "event_callback",
    event_id: options.eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T0TEST0001", user_id: "U0BOT00001", is_bot: true }],
    event: {
      type: "app_home_opened",
      user: options.userId,
      channel: "D0HOME0001",
      tab: "home",
      event_ts: "1700000000.000300",
      ...(options.extra ? { note: options.extra } : {}),
    },
  });
}

/** An Events API `member_joined_channel` delivery: `userId` joined `channel` at `eventTime` (epoch s). */
export function memberJoinedBody(options: {
  userId: string;
  channel: string;
  eventId: string;
  eventTime?: number;
}): string {
  return JSON.stringify({
    token: "legacy-verification-token",
    team_id: "T0TEST0001",
    api_app_id: "A0TEST0001",
    type: "event_callback",
    event_id: options.eventId,
    event_time: options.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T0TEST0001", user_id: "U0BOT00001", is_bot: true }],
    event: {
      type: "member_joined_channel",
      user: options.userId,
      channel: options.channel,
      channel_type: "C",
      team: "T0TEST0001",
      inviter: "U0ADMIN001",
      event_ts: "1700000000.000400",
    },
  });
}

/** One input's state in a `view_submission`, as Slack sends it for its element type. */
export type ViewInputState =
  | { type: "plain_text_input"; value: string | null }
  | { type: "conversations_select"; selected_conversation: string | null }
  | { type: "timepicker"; selected_time: string | null }
  | { type: "checkboxes" | "multi_static_select"; selected_options: Array<{ value: string }> }
  | { type: "multi_users_select"; selected_users: string[] };

/** A `view_submission` payload as a form body: the view's state by block id (one input each, `value`). */
export function viewSubmissionBody(options: {
  userId: string;
  callbackId: string;
  values: Record<string, ViewInputState>;
  privateMetadata?: string;
}): string {
  const payload = {
    type: "view_submission",
    team: { id: "T0TEST0001", domain: "test" },
    user: { id: options.userId, username: "someone", team_id: "T0TEST0001" },
    api_app_id: "A0TEST0001",
    token: "legacy-verification-token",
    trigger_id: "4.5.6",
    view: {
      id: "V0MODAL001",
      team_id: "T0TEST0001",
      type: "modal",
      callback_id: options.callbackId,
      private_metadata: options.privateMetadata ?? "",
      blocks: [],
      state: {
        values: Object.fromEntries(
          Object.entries(options.values).map(([block, input]) => [block, { value: input }]),
        ),
      },
      hash: "1700000000.abcdef",
      app_id: "A0TEST0001",
      bot_id: "B0TEST0001",
    },
    response_urls: [],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
