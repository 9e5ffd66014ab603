import type { LocationNames } from "../blocks/models";
import type { DigestTarget } from "../digest/run-digests";
import { escapeMrkdwn } from "../text/escape-mrkdwn";
import { wallTimeAt } from "../time/zoned-time";
import { compileSubscription, type MatchContext } from "./compile-subscription";
import { describeSubscriptionQuery } from "./describe-subscription";
import type { Subscription } from "./subscription";

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether a subscription's digest is due at `now`: its wall-clock time in its own zone has come today.
 * Checked every few minutes, it is due from its time until midnight there; the posted mark of the day
 * (`runDigest`) makes it go out once. A spring-forward gap skips no digest (03:00 is past 02:30), a
 * fall-back hour repeats none (the mark holds the date).
 */
export function isDigestDue(subscription: Subscription, now: number): boolean {
  if (!subscription.digest) return false;
  const wall = wallTimeAt(now, subscription.timeZone);
  return wall.hour * 60 + wall.minute >= minutesOf(subscription.at);
}

/** Options of `subscriptionDigestTargets`. */
export interface DigestTargetOptions extends MatchContext {
  /** Every digest subscription, whatever its time (a manual run). */
  all?: boolean;
  onUnreadable?(subscription: Subscription): void;
}

/**
 * The digests to send now, one per digest subscription that is due (or every one, with `all`), each with
 * its search compiled as a test of the records the run reads once for all of them.
 */
export function subscriptionDigestTargets(
  subscriptions: readonly Subscription[],
  options: DigestTargetOptions,
): DigestTarget[] {
  const targets: DigestTarget[] = [];
  for (const subscription of subscriptions) {
    if (!subscription.digest || !(options.all || isDigestDue(subscription, options.now))) continue;
    const test = compileSubscription(subscription, options);
    if (!test) {
      options.onUnreadable?.(subscription);
      continue;
    }
    targets.push({
      channel: subscription.channel,
      timeZone: subscription.timeZone,
      subscription: {
        id: subscription.id,
        test,
        describe: (locations: LocationNames) =>
          escapeMrkdwn(describeSubscriptionQuery(subscription, locations)),
      },
    });
  }
  return targets;
}
