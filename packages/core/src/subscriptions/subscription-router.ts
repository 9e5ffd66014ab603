import type { AlertRouter, AlertTarget } from "../alerts/alert-router";
import type { RecordTest } from "../query/row-types";
import { compileSubscription, type MatchContext } from "./compile-subscription";
import { inListOrder, type Subscription } from "./subscription";

/** The configured channel, which takes every alert like a subscription to everything. */
export interface DefaultRoute {
  /** `ALERT_CHANNEL`, else `DIGEST_CHANNEL`; none: no default route. */
  channel?: string;
  /** `ALERT_MENTION`: who its escalations mention. */
  mention: readonly string[];
  /** `DEFAULT_SUBSCRIPTION=off` turns it off. */
  enabled: boolean;
}

/** Options of the router: the matching context, and where to report a subscription that cannot be read. */
export interface RouterContext extends MatchContext {
  onUnreadable?(subscription: Subscription): void;
}

/**
 * The alert router of the channel subscriptions: for each webhook, every channel whose alert subscription's
 * search matches it (checked locally on the record already read: no Nexudus request per subscription),
 * plus the configured channel unless `DEFAULT_SUBSCRIPTION=off`. One target per channel: two matching
 * subscriptions in one channel give one message there, mentioning everyone either names; the first
 * subscription (oldest) is the one named. Each search is compiled once, when the router is built.
 */
export function subscriptionRouter(
  subscriptions: readonly Subscription[],
  defaults: DefaultRoute,
  ctx: RouterContext,
): AlertRouter {
  const routes: Array<{ subscription: Subscription; test: RecordTest }> = [];
  for (const subscription of inListOrder(subscriptions)) {
    if (!subscription.alerts) continue;
    const test = compileSubscription(subscription, ctx);
    if (test) routes.push({ subscription, test });
    else ctx.onUnreadable?.(subscription);
  }
  const fallback: AlertTarget | undefined =
    defaults.enabled && defaults.channel
      ? { channel: defaults.channel, mention: [...defaults.mention] }
      : undefined;
  return (record) => {
    const byChannel = new Map<string, AlertTarget>();
    if (fallback) byChannel.set(fallback.channel, fallback);
    for (const { subscription, test } of routes) {
      if (!test(record)) continue;
      const ids = subscription.mention.map((m) => m.id);
      const known = byChannel.get(subscription.channel);
      if (!known) {
        byChannel.set(subscription.channel, {
          channel: subscription.channel,
          mention: ids,
          subscriptionId: subscription.id,
        });
      } else if (ids.some((id) => !known.mention.includes(id))) {
        byChannel.set(subscription.channel, {
          ...known,
          mention: [...known.mention, ...ids.filter((id) => !known.mention.includes(id))],
        });
      }
    }
    return [...byChannel.values()];
  };
}

/** Where one watch poll sends alerts: the router, and every channel that takes alerts. */
export interface AlertRoutes {
  route: AlertRouter;
  /** The configured channel (unless off) and every channel with an alert subscription. */
  channels: string[];
}

/**
 * The routes of one poll, from the subscriptions read for it: the router (see `subscriptionRouter`) and
 * the channels that take alerts (each gets the "cannot reach Nexudus" notice).
 */
export function alertRoutesOf(
  subscriptions: readonly Subscription[],
  defaults: DefaultRoute,
  ctx: RouterContext,
): AlertRoutes {
  const channels = new Set<string>();
  if (defaults.enabled && defaults.channel) channels.add(defaults.channel);
  for (const s of inListOrder(subscriptions)) if (s.alerts) channels.add(s.channel);
  return { route: subscriptionRouter(subscriptions, defaults, ctx), channels: [...channels] };
}
