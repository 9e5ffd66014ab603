import type { KnownBlock } from "@slack/types";
import { ACTION_IDS } from "../blocks/action-ids";
import { actions, button, confirmDialog, context, section } from "../blocks/block-kit";
import type { LocationNames, SlackMessage } from "../blocks/models";
import { count, safeText, userMention } from "../blocks/untrusted-text";
import { SLACK_LIMITS } from "../slack/limits";
import { escapeMrkdwn } from "../text/escape-mrkdwn";
import { formatCount } from "../text/format-count";
import { describeSubscriptionOptions, describeSubscriptionQuery } from "./describe-subscription";
import { BOT_DISPLAY_NAME, inListOrder, type Subscription } from "./subscription";
import { encodeSubscriptionRef, type ListScope } from "./subscription-ops";

/** The channel as Slack draws it (`#ops`): a channel link pings nobody. */
export function channelLink(channel: string): string {
  return /^[CG][A-Z0-9]{2,40}$/.test(channel) ? `<#${channel}>` : "a channel";
}

/** `*failing webhooks at Downtown Hub*: alerts and a daily digest at 08:00 (UTC)` (mrkdwn, escaped). */
export function subscriptionLine(subscription: Subscription, locations?: LocationNames): string {
  const what = safeText(describeSubscriptionQuery(subscription, locations), 300);
  return `*${what}*: ${escapeMrkdwn(describeSubscriptionOptions(subscription))}`;
}

/** How many webhooks match now, in words; `undefined`: it could not be counted. */
export type MatchCount = { total: number } | { over: number } | undefined;

function matchWords(matches: MatchCount): string {
  if (!matches) return "How many webhooks match now could not be counted (Nexudus did not answer in time).";
  if ("over" in matches) return `More than ${formatCount(matches.over)} webhooks match now.`;
  return matches.total === 0
    ? "No webhook matches now; posts start when one does."
    : `${count(matches.total, "webhook")} ${matches.total === 1 ? "matches" : "match"} now.`;
}

const HOW_TO_LIST =
  "`/webhooks subscriptions` lists this channel's subscriptions; `/webhooks unsubscribe N` removes one.";

/** The answer to a subscribe that was written. */
export function subscribedMessage(
  subscription: Subscription,
  matches: MatchCount,
  options: { locations?: LocationNames; ignored?: readonly string[] },
): SlackMessage {
  const line = subscriptionLine(subscription, options.locations);
  const ignored =
    options.ignored && options.ignored.length > 0
      ? [
          context(
            `Left out: ${options.ignored.map((t) => `\`${safeText(t, 40)}\``).join(", ")} (a subscription takes every match, in no order).`,
          ),
        ]
      : [];
  const text = `${channelLink(subscription.channel)} is subscribed to ${line}. ${matchWords(matches)}`;
  return {
    text: `Subscribed: ${safeText(describeSubscriptionQuery(subscription, options.locations), 200)}`,
    blocks: [section(`:white_check_mark: ${text}`), ...ignored, context(HOW_TO_LIST)],
  };
}

/** The answer when the same subscription is there already (a repeat, or a double click). */
export function alreadySubscribedMessage(
  subscription: Subscription,
  locations?: LocationNames,
): SlackMessage {
  const text = `${channelLink(subscription.channel)} already has this subscription: ${subscriptionLine(subscription, locations)}.`;
  return {
    text: "Already subscribed.",
    blocks: [section(`:information_source: ${text}`), context(HOW_TO_LIST)],
  };
}

/** The channel's line about a change, naming who made it. */
export function subscriptionAudit(
  change: "subscribed" | "changed" | "removed",
  subscription: Subscription,
  actorUserId: string,
  locations?: LocationNames,
): SlackMessage {
  const who = userMention(actorUserId) ?? "An admin";
  const verb =
    change === "subscribed"
      ? "subscribed this channel to"
      : change === "changed"
        ? "changed this channel's subscription to"
        : "removed this channel's subscription to";
  const line = `${who} ${verb} ${subscriptionLine(subscription, locations)}.`;
  return { text: line, blocks: [section(line)] };
}

/** The answer after a removal (or a repeated one: then nothing was there to remove). */
export function removedNotice(subscription: Subscription | undefined, locations?: LocationNames): string {
  return subscription
    ? `:wastebasket: Removed ${channelLink(subscription.channel)}'s subscription to ${subscriptionLine(subscription, locations)}.`
    : ":information_source: That subscription was removed already.";
}

/** The answer when the bot is not in the channel: how to invite it. */
export function inviteFirstMessage(channel: string, name?: string): SlackMessage {
  const where = name ? `#${safeText(name, 80)}` : channelLink(channel);
  const text = `I am not in ${where}, so I could not post there. Invite me first: type \`/invite @${BOT_DISPLAY_NAME}\` in ${where}, then subscribe again.`;
  return { text: `Invite @${BOT_DISPLAY_NAME} to the channel first.`, blocks: [section(`:wave: ${text}`)] };
}

/** The answer when a subscription is asked for outside a channel. */
export function notAChannelMessage(): SlackMessage {
  const text = "Subscriptions are for channels: type this in the channel that should get the posts.";
  return { text, blocks: [section(`:information_source: ${text}`)] };
}

/** The answer when Slack could not say whether the bot is in the channel. */
export function membershipUnknownMessage(): SlackMessage {
  const text =
    "Slack did not say whether I am in this channel, so nothing was changed. Please try again in a minute.";
  return { text, blocks: [section(`:warning: ${text}`)] };
}

/** The answer to a non-admin: who can help. */
export function subscriptionsNotAllowedMessage(): SlackMessage {
  const text =
    "Only webhook admins can subscribe channels or change subscriptions. Ask an admin of this bot if you need one; `/webhooks subscriptions` shows this channel's.";
  return { text, blocks: [section(`:lock: ${text}`)] };
}

/** The answer when the table is not set up for subscriptions (should not happen once deployed). */
export function subscriptionsUnavailableMessage(): SlackMessage {
  const text = "Subscriptions are not available here: the bot's table is not set up.";
  return { text, blocks: [section(`:warning: ${text}`)] };
}

/** `unsubscribe N` with no subscription numbered N. */
export function noSuchNumberMessage(n: number, total: number): SlackMessage {
  const text =
    total === 0
      ? "This channel has no subscriptions."
      : `This channel's subscriptions are numbered 1 to ${total}; there is no ${n}. \`/webhooks subscriptions\` lists them.`;
  return { text, blocks: [section(`:information_source: ${text}`)] };
}

/** Most subscriptions one list message shows (two blocks each, within Slack's 50). */
const MAX_LISTED = 20;

/**
 * The subscriptions, grouped by channel and numbered within each (as `unsubscribe N` counts them), each
 * with a Remove button for admins. `scope`: the channel's only, or every channel's.
 */
export function subscriptionListMessage(
  subscriptions: readonly Subscription[],
  options: {
    scope: ListScope;
    channel?: string;
    canRemove: boolean;
    notice?: string;
    locations?: LocationNames;
  },
): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (options.notice) blocks.push(section(options.notice));
  const byChannel = new Map<string, Subscription[]>();
  for (const s of inListOrder(subscriptions))
    byChannel.set(s.channel, [...(byChannel.get(s.channel) ?? []), s]);
  const channels = [...byChannel.keys()].sort((a, b) =>
    a === options.channel ? -1 : b === options.channel ? 1 : a.localeCompare(b),
  );
  let shown = 0;
  for (const channel of channels) {
    const list = byChannel.get(channel)!;
    if (shown >= MAX_LISTED) break;
    blocks.push(context(`*${channelLink(channel)}* · ${count(list.length, "subscription")}`));
    for (const [index, s] of list.entries()) {
      if (shown >= MAX_LISTED) break;
      shown += 1;
      const text = `*${index + 1}.* ${subscriptionLine(s, options.locations)}`;
      const remove = options.canRemove ? removeButton(s, options.scope) : undefined;
      blocks.push(section(text, remove));
    }
  }
  if (subscriptions.length === 0) {
    blocks.push(
      section(
        options.scope === "all"
          ? "No channel has a subscription. An admin types `/webhooks subscribe <search>` in a channel to add one."
          : "This channel has no subscriptions. An admin types `/webhooks subscribe <search>` here to add one.",
      ),
    );
  } else if (shown < subscriptions.length) {
    blocks.push(context(`…and ${subscriptions.length - shown} more.`));
  }
  blocks.push(
    context(
      options.scope === "all"
        ? "Every channel's subscriptions (you are an admin). In a channel, `/webhooks unsubscribe N` removes its Nth."
        : HOW_TO_LIST,
    ),
  );
  return {
    text: `${count(subscriptions.length, "subscription")}`,
    blocks: blocks.slice(0, SLACK_LIMITS.blocksPerMessage),
  };
}

/** A subscription's Remove button (admins), behind a confirm dialog; `scope`: the list it is on. */
export function removeButton(subscription: Subscription, scope: ListScope) {
  return button({
    text: "Remove",
    actionId: ACTION_IDS.subscriptionRemove,
    value: encodeSubscriptionRef(subscription, scope),
    style: "danger",
    confirm: confirmDialog({
      title: "Remove subscription?",
      text: "The channel stops getting these alerts and digests.",
      confirm: "Remove",
      style: "danger",
    }),
  });
}

/** Buttons on the Home tab's settings (Add). */
export function addSubscriptionButton() {
  return actions([
    button({ text: "Add subscription", actionId: ACTION_IDS.subscriptionAdd, value: "{}", style: "primary" }),
  ]);
}
