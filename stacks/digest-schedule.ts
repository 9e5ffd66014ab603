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

/** Runs `digest` on an EventBridge Scheduler schedule, evaluated in the configured time zone. */
export function scheduleDigest(
  stack: Stack,
  digest: SstFunction,
  settings: DigestSettings,
): scheduler.CfnSchedule {
  return scheduleFunction(stack, "DigestSchedule", digest, {
    ...settings,
    description: "Posts the daily webhook digest to Slack",
    retry: DIGEST_SCHEDULE_RETRY,
  });
}
