import * as iam from "aws-cdk-lib/aws-iam";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import type { Function as SstFunction, Stack } from "sst/constructs";

/** When a function runs: an EventBridge Scheduler expression in a time zone. */
export interface ScheduleSettings {
  /** e.g. `cron(0 8 * * ? *)`, `rate(5 minutes)`. */
  schedule: string;
  /** IANA time zone the expression is evaluated in. */
  timeZone: string;
}

/**
 * Runs `fn` on an EventBridge Scheduler schedule, through a role that may invoke `fn` and nothing else
 * (assumable by this account's schedules only). Scheduler's own retries cover failures to hand the event to
 * Lambda; failures inside the function are Lambda's retries. `retry.maximumEventAgeInSeconds` drops an event
 * too late to matter.
 */
export function scheduleFunction(
  stack: Stack,
  id: string,
  fn: SstFunction,
  options: ScheduleSettings & {
    description: string;
    retry: { maximumRetryAttempts: number; maximumEventAgeInSeconds: number };
    /** The event's `source`, which tells the function what the run is for (default `schedule`). */
    source?: string;
  },
): scheduler.CfnSchedule {
  const role = new iam.Role(stack, `${id}Role`, {
    description: `Lets EventBridge Scheduler invoke the ${fn.node.id} function, and nothing else`,
    // Only schedules of this account may assume the role (confused-deputy guard).
    assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
      conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
    }),
    inlinePolicies: {
      [`invoke-${fn.node.id.toLowerCase()}`]: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [fn.functionArn] }),
        ],
      }),
    },
  });
  return new scheduler.CfnSchedule(stack, id, {
    description: options.description,
    scheduleExpression: options.schedule,
    scheduleExpressionTimezone: options.timeZone,
    flexibleTimeWindow: { mode: "OFF" },
    state: "ENABLED",
    target: {
      arn: fn.functionArn,
      roleArn: role.roleArn,
      input: JSON.stringify({ source: options.source ?? "schedule" }),
      retryPolicy: options.retry,
    },
  });
}
