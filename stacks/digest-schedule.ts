import type * as scheduler from "aws-cdk-lib/aws-scheduler";
import type { Function as SstFunction, Stack } from "sst/constructs";
import type { DigestSettings } from "./digest-settings";
import { scheduleFunction } from "./schedule-function";

/**
 * Scheduler's own retries cover failures to hand the event to Lambda (throttling, a service hiccup).
 * The invocation is asynchronous, so failures inside the digest are retried by Lambda instead (see the
 * digest function's `retryAttempts`). Both are safe because the digest posts at most once per date; an
 * event older than an hour is dropped, since a digest that late is noise and the next one is due anyway.
 */
export const DIGEST_SCHEDULE_RETRY = { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 } as const;

/**
 * How often the channel subscriptions' digests are looked at: each goes out at the first run past its own
 * time in its own zone, so this is how late one can be. Their retries stop at the next run, which does
 * the same work (the table's posted mark keeps each to once a day).
 */
export const SUBSCRIPTION_DIGEST_SCHEDULE = {
  schedule: "rate(15 minutes)",
  retry: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 900 },
} as const;

/**
 * Runs `digest` on two EventBridge Scheduler schedules: the configured digest at its time, evaluated in
 * the configured zone (event `{ source: "schedule" }`), and the subscriptions' digests every 15 minutes
 * (`{ source: "subscriptions" }`). Returns the first.
 */
export function scheduleDigest(
  stack: Stack,
  digest: SstFunction,
  settings: DigestSettings,
): scheduler.CfnSchedule {
  scheduleFunction(stack, "SubscriptionDigestSchedule", digest, {
    schedule: SUBSCRIPTION_DIGEST_SCHEDULE.schedule,
    timeZone: "UTC",
    description: "Posts the channel subscriptions' digests that are due",
    retry: SUBSCRIPTION_DIGEST_SCHEDULE.retry,
    source: "subscriptions",
  });
  return scheduleFunction(stack, "DigestSchedule", digest, {
    ...settings,
    description: "Posts the daily webhook digest to Slack",
    retry: DIGEST_SCHEDULE_RETRY,
  });
}
