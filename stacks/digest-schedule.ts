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

/** Runs `digest` on an EventBridge Scheduler schedule, evaluated in the configured time zone. */
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
