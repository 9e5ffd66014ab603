import { createHash } from "node:crypto";
import type { MentionRef } from "../query/subscribe-terms";
// zod's functional build, configured for cold starts (../zod-mini.ts); the namespace import lets the bundler drop what is unused.
import * as z from "../zod-mini";

/** The digest time of a subscription that names none. */
export const DEFAULT_DIGEST_AT = "08:00";

/** The Slack app's display name (`slack-app-manifest.yaml`): what `/invite @…` names. */
export const BOT_DISPLAY_NAME = "Nexudus Webhooks";

/**
 * A channel's subscription: which webhooks it takes (a search in its canonical text, locations as ids),
 * whether it takes their alerts and a daily digest, when and in which zone, and who escalations mention.
 */
export interface Subscription {
  /** Stable for its life; unique within its channel. */
  id: string;
  /** Channel id (`C…` or `G…`). */
  channel: string;
  /** Canonical search text (`formatQuery`), without order or paging, locations resolved to ids. */
  query: string;
  alerts: boolean;
  digest: boolean;
  /** `HH:mm`: the digest's wall-clock time in `timeZone`. */
  at: string;
  /** IANA zone of the digest's time and date, and of the search's dates. */
  timeZone: string;
  mention: MentionRef[];
  /** Slack user id of the admin who made it. */
  createdBy: string;
  /** Epoch ms. */
  createdAt: number;
}

const CHANNEL = /^[CG][A-Z0-9]{2,40}$/;

/**
 * A stored subscription as the table gives it back; anything off and the item is skipped. Built on its
 * first parse: only requests that read the subscriptions pay for it at a cold start.
 */
export const SubscriptionSchema = z.lazy(() =>
  z.object({
    id: z.string().check(z.regex(/^[a-f0-9]{8,32}$/)),
    channel: z.string().check(z.regex(CHANNEL)),
    query: z.string().check(z.minLength(1), z.maxLength(2000)),
    alerts: z.boolean(),
    digest: z.boolean(),
    at: z.string().check(z.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/)),
    timeZone: z.string().check(z.minLength(1), z.maxLength(100)),
    mention: z
      .array(
        z.object({
          id: z.string().check(z.regex(/^[SUW][A-Z0-9]{2,40}$/)),
          label: z.optional(z.string().check(z.maxLength(80))),
        }),
      )
      .check(z.maxLength(10)),
    createdBy: z.string().check(z.regex(/^[UW][A-Z0-9]{2,40}$/)),
    createdAt: z.number().check(z.int(), z.gte(0)),
  }),
);

/** Whether a text is a channel id a subscription can be for (a public or private channel, not a DM). */
export function isSubscribableChannel(channel: string | undefined): channel is string {
  return channel !== undefined && CHANNEL.test(channel);
}

/** What makes two subscriptions the same: the channel, the search and every option. */
export type SubscriptionSpec = Pick<
  Subscription,
  "channel" | "query" | "alerts" | "digest" | "at" | "timeZone" | "mention"
>;

/**
 * The id of a new subscription: a hash of what it is, so that subscribing twice to the same thing (a
 * double click, a retried job) names the same item, which a conditional write then refuses to add again.
 */
export function subscriptionIdOf(spec: SubscriptionSpec): string {
  const mention = spec.mention.map((m) => m.id).sort();
  const text = JSON.stringify([
    spec.channel,
    spec.query,
    spec.alerts,
    spec.digest,
    spec.at,
    spec.timeZone,
    mention,
  ]);
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/** A channel's subscriptions in the order they are numbered: oldest first. */
export function inListOrder(subscriptions: readonly Subscription[]): Subscription[] {
  return [...subscriptions].sort(
    (a, b) => a.createdAt - b.createdAt || a.channel.localeCompare(b.channel) || a.id.localeCompare(b.id),
  );
}
