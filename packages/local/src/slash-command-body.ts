import { randomBytes } from "node:crypto";
import { LOCAL_APP_ID, LOCAL_CHANNEL, LOCAL_TEAM, LOCAL_USER } from "./local-identity";

/** A short random id shaped like Slack's trigger ids. */
export function triggerId(): string {
  return `${Date.now()}.${randomBytes(6).toString("hex")}`;
}

/**
 * The form body Slack sends for `/webhooks <text>` typed by the local user in a local channel (default the
 * local channel). `token` is Slack's deprecated verification token: apps verify the signature instead, so
 * any value does.
 */
export function slashCommandBody(
  text: string,
  responseUrl: string,
  channel: { id: string; name: string } = LOCAL_CHANNEL,
): string {
  return new URLSearchParams({
    token: "local-verification-token",
    team_id: LOCAL_TEAM.id,
    team_domain: LOCAL_TEAM.domain,
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: LOCAL_USER.id,
    user_name: LOCAL_USER.name,
    command: "/webhooks",
    text,
    api_app_id: LOCAL_APP_ID,
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: triggerId(),
  }).toString();
}
