// The namespace import lets the bundler drop what is unused.
import * as z from "../zod-mini";

/*
 * Every input from Slack becomes one `Interaction`: a slash command, a click (button, overflow menu or
 * select), the App Home tab being opened, the bot joining a channel. It is plain data, so the same value
 * goes to the worker when the fast path runs out of time: there is no second model of a request.
 */

/** Where the answer to an interaction goes. */
export type ReplyTo =
  /**
   * The interaction's `response_url`. `ephemeral`: the message the interaction came from is an ephemeral
   * one (a command's "Searching…", an ephemeral answer), which an answer may replace in place.
   */
  | { kind: "response_url"; url: string; ephemeral: boolean }
  /** The user's App Home tab (clicks there have no `response_url`): the answer becomes the tab. */
  | { kind: "home" };

interface InteractionBase {
  /** The acting user, read from the one field Slack defines for the payload type. */
  userId: string;
  channelId?: string;
  /** When the request reached us (API Gateway's `timeEpoch`, else its receipt), epoch ms. */
  arrivedAt: number;
}

/** `/webhooks …`. */
export interface CommandInteraction extends InteractionBase {
  kind: "command";
  text: string;
  replyTo: Extract<ReplyTo, { kind: "response_url" }>;
}

/** A click on a button, an overflow menu option or a select option. */
export interface ClickInteraction extends InteractionBase {
  kind: "click";
  actionId: string;
  /** The button's value or the selected option's value (untrusted). */
  value: string;
  /**
   * Further actions in the same payload. Slack sends one; a forged payload can carry more. Only the first
   * runs, but the rights check takes every one into account.
   */
  moreActionIds?: string[];
  /** Slack's `trigger_id` of the click: opens a modal (the subscription form) within 3 s. */
  triggerId?: string;
  replyTo: ReplyTo;
}

/** `app_home_opened` on the Home tab. */
export interface HomeInteraction extends InteractionBase {
  kind: "home";
  /** The Events API delivery, to drop repeats. */
  eventId?: string;
  /** Set when Slack retried the delivery (`X-Slack-Retry-Reason`, e.g. `http_timeout`). */
  retryReason?: string;
  replyTo: { kind: "home" };
}

/** A modal submitted (`view_submission`): the subscription form. Its answer goes to the App Home tab. */
export interface ViewInteraction extends InteractionBase {
  kind: "view";
  /** The view's `callback_id`. */
  callbackId: string;
  /** The form's state values by `block_id`: a text or a picked value, or the options picked (untrusted). */
  values: Record<string, string | string[]>;
  /** The view's `private_metadata` (untrusted). */
  privateMetadata: string;
  replyTo: { kind: "home" };
}

/**
 * The bot itself joined a channel (`member_joined_channel` with the bot as `user`): someone invited it.
 * Not a user's action: it asks nothing, is answered nothing, and needs no right (Slack signed it, and the
 * listener let through only the bot's own joins). `userId` is the bot.
 */
export interface JoinInteraction extends InteractionBase {
  kind: "join";
  channelId: string;
  /** When the bot joined, as Slack says (the delivery's `event_time`, the same on a retry), epoch ms. */
  joinedAt: number;
  /** The Events API delivery (logged only: recording a join twice changes nothing). */
  eventId?: string;
}

/** An input from Slack that a person sent: it is answered, and it needs a right. */
export type UserInteraction = CommandInteraction | ClickInteraction | HomeInteraction | ViewInteraction;

/** One input from Slack. */
export type Interaction = UserInteraction | JoinInteraction;

const USER_ID = /^[UW][A-Z0-9]{2,40}$/;
const CHANNEL_ID = /^[CDG][A-Z0-9]{2,40}$/;

const text = (max: number) => z.string().check(z.maxLength(max));
const optionalText = (max: number) => z.optional(text(max));

/** Builds on the first call and keeps the result. */
function built<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}

// What every kind shares, built once, when the first interaction of any kind is checked.
const common = built(() => {
  const url = text(2000).check(z.refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)));
  const userId = z.string().check(z.regex(USER_ID));
  const channelId = z.optional(z.string().check(z.regex(CHANNEL_ID)));
  const arrivedAt = z.number().check(z.int(), z.gte(0));
  return {
    /** The fields of every kind. */
    base: <K extends Interaction["kind"]>(kind: K) => ({
      kind: z.literal(kind),
      userId,
      channelId,
      arrivedAt,
    }),
    responseUrl: z.object({ kind: z.literal("response_url"), url, ephemeral: z.boolean() }),
    home: z.object({ kind: z.literal("home") }),
  };
});

/*
 * The shape a worker job must have, by kind: checked on arrival, since the worker trusts nothing (unknown
 * fields are dropped). Each kind's schema is built when the first interaction of that kind arrives, not at
 * import: the slack function's cold start does not pay for the kinds its first request is not.
 */
const SCHEMAS = {
  command: built(() => {
    const { base, responseUrl } = common();
    return z.object({ ...base("command"), text: text(4000), replyTo: responseUrl });
  }),
  click: built(() => {
    const { base, responseUrl, home } = common();
    return z.object({
      ...base("click"),
      actionId: text(255),
      // Slack's limit for a value is 2,000 characters: a longer one is not ours, so it counts as none (the
      // click is then answered as a button that no longer works).
      value: z.pipe(
        z.string(),
        z.transform((v: string) => (v.length > 2000 ? "" : v)),
      ),
      moreActionIds: z.optional(z.array(text(255)).check(z.maxLength(25))),
      triggerId: optionalText(100),
      replyTo: z.discriminatedUnion("kind", [responseUrl, home]),
    });
  }),
  home: built(() => {
    const { base, home } = common();
    return z.object({
      ...base("home"),
      eventId: optionalText(100),
      retryReason: optionalText(100),
      replyTo: home,
    });
  }),
  view: built(() => {
    const { base, home } = common();
    return z.object({
      ...base("view"),
      callbackId: text(255),
      values: z
        .record(text(255), z.union([text(3000), z.array(text(255)).check(z.maxLength(100))]))
        .check(z.refine((v) => Object.keys(v).length <= 50)),
      privateMetadata: text(3000),
      replyTo: home,
    });
  }),
  join: built(() => {
    const { base } = common();
    return z.object({
      ...base("join"),
      channelId: z.string().check(z.regex(CHANNEL_ID)),
      joinedAt: z.number().check(z.int(), z.gte(0)),
      eventId: optionalText(100),
    });
  }),
} satisfies Record<Interaction["kind"], () => z.ZodMiniType>;

/** A worker job as an `Interaction`, or `undefined` when anything about it is off. */
export function parseInteraction(input: unknown): Interaction | undefined {
  // The discriminator picks the one schema to check with (an unknown kind matches none, as in a union).
  const kind = typeof input === "object" && input !== null ? (input as { kind?: unknown }).kind : undefined;
  if (typeof kind !== "string" || !Object.hasOwn(SCHEMAS, kind)) return undefined;
  const parsed = SCHEMAS[kind as Interaction["kind"]]().safeParse(input);
  return parsed.success ? (parsed.data as Interaction) : undefined;
}
