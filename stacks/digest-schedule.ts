import * as iam from "aws-cdk-lib/aws-iam";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import type { Function as SstFunction, Stack } from "sst/constructs";
import type { DigestSettings } from "./digest-settings";

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
  expression: "rate(15 minutes)",
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
  const role = new iam.Role(stack, "DigestScheduleRole", {
    description: "Lets EventBridge Scheduler invoke the digest function, and nothing else",
    // Only schedules of this account may assume the role (confused-deputy guard).
    assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
      conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
    }),
    inlinePolicies: {
      "invoke-digest": new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [digest.functionArn] }),
        ],
      }),
    },
  });
  new scheduler.CfnSchedule(stack, "SubscriptionDigestSchedule", {
    description: "Posts the channel subscriptions' digests that are due",
    scheduleExpression: SUBSCRIPTION_DIGEST_SCHEDULE.expression,
    flexibleTimeWindow: { mode: "OFF" },
    state: "ENABLED",
    target: {
      arn: digest.functionArn,
      roleArn: role.roleArn,
      input: JSON.stringify({ source: "subscriptions" }),
      retryPolicy: SUBSCRIPTION_DIGEST_SCHEDULE.retry,
    },
  });
  return new scheduler.CfnSchedule(stack, "DigestSchedule", {
    description: "Posts the daily webhook digest to Slack",
    scheduleExpression: settings.schedule,
    scheduleExpressionTimezone: settings.timeZone,
    flexibleTimeWindow: { mode: "OFF" },
    state: "ENABLED",
    target: {
      arn: digest.functionArn,
      roleArn: role.roleArn,
      input: JSON.stringify({ source: "schedule" }),
      retryPolicy: DIGEST_SCHEDULE_RETRY,
    },
  });
}
