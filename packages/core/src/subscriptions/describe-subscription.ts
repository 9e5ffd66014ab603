import type { LocationNames } from "../blocks/models";
import { describeQuery } from "../query/describe-query";
import type { MentionRef } from "../query/subscribe-terms";
import { subscriptionQuery } from "./compile-subscription";
import type { Subscription } from "./subscription";

/** The subscription's search in words (`failing webhooks at Downtown Hub`): plain text, escape it for mrkdwn. */
export function describeSubscriptionQuery(
  subscription: Pick<Subscription, "query">,
  locations?: LocationNames,
): string {
  const query = subscriptionQuery(subscription);
  return query ? describeQuery(query, locations) : subscription.query;
}

/** A mention as plain text that pings nobody: `@oncall`, or the id when Slack sent no handle. */
export function mentionText(ref: MentionRef): string {
  return ref.label ? `@${ref.label}` : ref.id;
}

/**
 * What the subscription takes, in words: `alerts and a daily digest at 08:30 (Europe/Paris), mentioning
 * @oncall`. Plain text (the handles are Slack's, never pinged): escape it for mrkdwn.
 */
export function describeSubscriptionOptions(
  subscription: Pick<Subscription, "alerts" | "digest" | "at" | "timeZone" | "mention">,
): string {
  const digest = `a daily digest at ${subscription.at} (${subscription.timeZone})`;
  const takes =
    subscription.alerts && subscription.digest
      ? `alerts and ${digest}`
      : subscription.alerts
        ? "alerts only"
        : `${digest} only`;
  const mention =
    subscription.alerts && subscription.mention.length > 0
      ? `, mentioning ${subscription.mention.map(mentionText).join(", ")} on escalations`
      : "";
  return `${takes}${mention}`;
}
