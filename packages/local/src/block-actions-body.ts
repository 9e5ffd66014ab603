import { LOCAL_APP_ID, LOCAL_CHANNEL, LOCAL_TEAM, LOCAL_USER } from "./local-identity";
import type { RenderedButton } from "./render-message";
import { triggerId } from "./slash-command-body";

/** Where a clicked button was: a message (in a channel or ephemeral) or the App Home view. */
export type ButtonSource =
  | {
      kind: "message";
      channelId: string;
      ts: string;
      ephemeral: boolean;
      message: { text?: unknown; blocks?: unknown };
    }
  | { kind: "home"; viewId: string; view: { blocks?: unknown } };

/**
 * The form body (`payload=` JSON) Slack sends when the local user clicks a button: a `block_actions`
 * interaction with the message (or view) it was on, a fresh `response_url` for messages, and the action
 * (for a menu's option, the menu with its `selected_option`; a select menu's also in `state.values`).
 */
export function blockActionsBody(
  button: RenderedButton,
  source: ButtonSource,
  responseUrl: string | undefined,
  nowMs: number = Date.now(),
): string {
  const actionTs = (nowMs / 1000).toFixed(6);
  const text = { type: "plain_text", text: button.text, emoji: true };
  // A menu's option is sent as Slack sends it: the menu's action with the chosen option (a select's with
  // its placeholder, and its choice in the state values too).
  const selected = { text, value: button.value ?? "" };
  const placeholder =
    button.placeholder !== undefined
      ? { type: "plain_text", text: button.placeholder, emoji: true }
      : undefined;
  const action: Record<string, unknown> = button.menu
    ? {
        action_id: button.actionId,
        block_id: button.blockId,
        type: button.menu,
        selected_option: selected,
        ...(placeholder ? { placeholder } : {}),
        action_ts: actionTs,
      }
    : { action_id: button.actionId, block_id: button.blockId, type: "button", text, action_ts: actionTs };
  if (button.value !== undefined && !button.menu) action.value = button.value;
  if (button.style !== undefined) action.style = button.style;
  if (button.url !== undefined) action.url = button.url;

  const payload: Record<string, unknown> = {
    type: "block_actions",
    user: { id: LOCAL_USER.id, username: LOCAL_USER.name, name: LOCAL_USER.name, team_id: LOCAL_TEAM.id },
    api_app_id: LOCAL_APP_ID,
    token: "local-verification-token",
    team: { id: LOCAL_TEAM.id, domain: LOCAL_TEAM.domain },
    enterprise: null,
    is_enterprise_install: false,
    trigger_id: triggerId(),
    actions: [action],
    state: {
      values:
        button.menu === "static_select"
          ? { [button.blockId]: { [button.actionId]: { type: "static_select", selected_option: selected } } }
          : {},
    },
  };
  if (source.kind === "message") {
    payload.container = {
      type: "message",
      message_ts: source.ts,
      channel_id: source.channelId,
      is_ephemeral: source.ephemeral,
    };
    payload.channel = {
      id: source.channelId,
      name: source.channelId === LOCAL_CHANNEL.id ? LOCAL_CHANNEL.name : "",
    };
    payload.message = { type: "message", ts: source.ts, ...source.message };
    if (responseUrl !== undefined) payload.response_url = responseUrl;
  } else {
    payload.container = { type: "view", view_id: source.viewId };
    payload.view = { id: source.viewId, type: "home", team_id: LOCAL_TEAM.id, ...source.view };
  }
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
