import type { KnownBlock, PlainTextElement } from "@slack/types";
import { SUBSCRIPTION_VIEW_ID } from "../blocks/subscription-action-ids";
import type { MentionRef } from "../query/subscribe-terms";
import { truncate } from "../text/truncate";
import type { UserGroup } from "./slack-directory";
import { DEFAULT_DIGEST_AT, type Subscription } from "./subscription";
import {
  decodeSubscriptionRef,
  encodeSubscriptionRef,
  type SubscriptionForm,
  type SubscriptionRef,
} from "./subscription-ops";

/** The form's input blocks: their `block_id`s, which `response_action: "errors"` names too. */
export const FORM_BLOCKS = {
  channel: "subscription_channel",
  query: "subscription_query",
  kinds: "subscription_kinds",
  at: "subscription_at",
  timeZone: "subscription_timezone",
  groups: "subscription_groups",
  users: "subscription_users",
} as const;

/** Every input's `action_id` (one input per block). */
export const FORM_ACTION = "value";

/** Errors to show on the form's fields, by block. */
export type FormErrors = Partial<Record<keyof typeof FORM_BLOCKS, string>>;

/** A modal view (`views.open`). */
export interface ModalView {
  type: "modal";
  callback_id: string;
  title: PlainTextElement;
  submit: PlainTextElement;
  close: PlainTextElement;
  private_metadata: string;
  blocks: KnownBlock[];
}

const text = (t: string, max = 75): PlainTextElement => ({
  type: "plain_text",
  text: truncate(t, max),
  emoji: true,
});

/** Options of the form: what to show in it. */
export interface FormOptions {
  /** The subscription being edited; absent: a new one. */
  editing?: Subscription;
  /** `DIGEST_TIMEZONE`, the zone a new subscription starts with. */
  defaultTimeZone: string;
  /** The workspace's user groups; empty or absent: the form offers people only. */
  groups?: readonly UserGroup[];
}

const MAX_OPTIONS = 100;

/**
 * The subscription form: a channel select, the search (checked on submit, the parser's error shown on the
 * field), alerts/digest checkboxes, the digest's time and zone, and who escalations mention (user groups
 * and people). Edit fills in the subscription; its channel and id travel in `private_metadata`.
 */
export function subscriptionModal(options: FormOptions): ModalView {
  const s = options.editing;
  const kinds = [
    { text: text("Alerts: one message per incident, updated in place"), value: "alerts" },
    { text: text("A daily digest"), value: "digest" },
  ];
  const chosen = s ? kinds.filter((k) => (k.value === "alerts" ? s.alerts : s.digest)) : kinds;
  const groups = (options.groups ?? []).slice(0, MAX_OPTIONS).map((g) => ({
    text: text(`@${g.handle}${g.name && g.name !== g.handle ? ` (${g.name})` : ""}`),
    value: `${g.id}|${g.handle}`.slice(0, 150),
  }));
  const mentionedGroups = groups.filter((g) => s?.mention.some((m) => g.value.startsWith(`${m.id}|`)));
  const mentionedUsers = (s?.mention ?? []).filter((m) => !m.id.startsWith("S")).map((m) => m.id);
  const blocks: KnownBlock[] = [
    {
      type: "input",
      block_id: FORM_BLOCKS.channel,
      label: text("Channel"),
      hint: text("The bot must be in it: /invite @Nexudus Webhooks there first.", 150),
      element: {
        type: "conversations_select",
        action_id: FORM_ACTION,
        filter: {
          include: ["public", "private"],
          exclude_bot_users: true,
          exclude_external_shared_channels: true,
        },
        ...(s ? { initial_conversation: s.channel } : {}),
      },
    },
    {
      type: "input",
      block_id: FORM_BLOCKS.query,
      label: text("Webhooks (a /webhooks search)"),
      hint: text(
        'Exclusions and location names work, e.g. failing location:"Downtown Hub" -action:BookingCreate',
        150,
      ),
      element: {
        type: "plain_text_input",
        action_id: FORM_ACTION,
        max_length: 500,
        placeholder: text('failing location:"Downtown Hub"'),
        ...(s ? { initial_value: s.query } : {}),
      },
    },
    {
      type: "input",
      block_id: FORM_BLOCKS.kinds,
      label: text("Post"),
      element: {
        type: "checkboxes",
        action_id: FORM_ACTION,
        options: kinds,
        ...(chosen.length > 0 ? { initial_options: chosen } : {}),
      },
    },
    {
      type: "input",
      block_id: FORM_BLOCKS.at,
      label: text("Digest time"),
      optional: true,
      element: { type: "timepicker", action_id: FORM_ACTION, initial_time: s?.at ?? DEFAULT_DIGEST_AT },
    },
    {
      type: "input",
      block_id: FORM_BLOCKS.timeZone,
      label: text("Time zone"),
      hint: text("An IANA name such as Europe/Paris; the search's dates are read there too.", 150),
      element: {
        type: "plain_text_input",
        action_id: FORM_ACTION,
        max_length: 100,
        initial_value: s?.timeZone ?? options.defaultTimeZone,
      },
    },
    ...(groups.length > 0
      ? [
          {
            type: "input" as const,
            block_id: FORM_BLOCKS.groups,
            label: text("Mention user groups on escalations"),
            optional: true,
            element: {
              type: "multi_static_select" as const,
              action_id: FORM_ACTION,
              options: groups,
              ...(mentionedGroups.length > 0 ? { initial_options: mentionedGroups } : {}),
            },
          },
        ]
      : []),
    {
      type: "input",
      block_id: FORM_BLOCKS.users,
      label: text("Mention people on escalations"),
      optional: true,
      element: {
        type: "multi_users_select",
        action_id: FORM_ACTION,
        max_selected_items: 10,
        ...(mentionedUsers.length > 0 ? { initial_users: mentionedUsers } : {}),
      },
    },
  ];
  return {
    type: "modal",
    callback_id: SUBSCRIPTION_VIEW_ID,
    title: text(s ? "Edit subscription" : "Add subscription", 24),
    submit: text("Save", 24),
    close: text("Cancel", 24),
    private_metadata: s ? encodeSubscriptionRef(s) : "",
    blocks,
  };
}

const GROUP_OPTION = /^(S[A-Z0-9]{2,40})\|([\p{L}\p{N}._-]{1,80})$/u;
const USER_ID = /^[UW][A-Z0-9]{2,40}$/;

function one(
  values: Readonly<Record<string, string | readonly string[]>>,
  block: string,
): string | undefined {
  const v = values[block];
  return typeof v === "string" ? v : undefined;
}

function many(
  values: Readonly<Record<string, string | readonly string[]>>,
  block: string,
): readonly string[] {
  const v = values[block];
  return Array.isArray(v) ? v : typeof v === "string" && v !== "" ? [v] : [];
}

/** The submitted form (its flattened state values and `private_metadata`), as an op's input. Never throws. */
export function readSubscriptionForm(
  values: Readonly<Record<string, string | readonly string[]>>,
  privateMetadata: string,
): { form: SubscriptionForm; editing?: SubscriptionRef } {
  const kinds = many(values, FORM_BLOCKS.kinds);
  const mention: MentionRef[] = [];
  for (const option of many(values, FORM_BLOCKS.groups)) {
    const m = GROUP_OPTION.exec(option);
    if (m) mention.push({ id: m[1]!, label: m[2]! });
  }
  for (const user of many(values, FORM_BLOCKS.users)) if (USER_ID.test(user)) mention.push({ id: user });
  const channel = one(values, FORM_BLOCKS.channel);
  const at = one(values, FORM_BLOCKS.at);
  const timeZone = one(values, FORM_BLOCKS.timeZone);
  const ref = decodeSubscriptionRef(privateMetadata);
  return {
    form: {
      ...(channel ? { channel } : {}),
      query: one(values, FORM_BLOCKS.query) ?? "",
      alerts: kinds.includes("alerts"),
      digest: kinds.includes("digest"),
      ...(at ? { at } : {}),
      ...(timeZone ? { timeZone } : {}),
      mention: mention.slice(0, 10),
    },
    ...(ref ? { editing: { channel: ref.channel, id: ref.id } } : {}),
  };
}

/**
 * The form errors as Slack's `response_action: "errors"` wants them: by `block_id`, plain text (the
 * parser's backticks dropped), cut to a few lines.
 */
export function formErrorsByBlock(errors: FormErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    if (message)
      out[FORM_BLOCKS[field as keyof typeof FORM_BLOCKS]] = truncate(message.replace(/`/g, ""), 250);
  }
  return out;
}
