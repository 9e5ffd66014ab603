import { ConfigError, DEFAULT_ALERT_SCHEDULE, isScheduleExpression } from "@nwh/core/config";
import type * as scheduler from "aws-cdk-lib/aws-scheduler";
import type { Function as SstFunction, Stack } from "sst/constructs";
import { scheduleFunction } from "./schedule-function";

/**
 * A poll handed late to Lambda is dropped after its own interval: the next poll is due by then. Scheduler
 * retries handing it over twice; Lambda does not retry a failed poll (the next one reads everything anew).
 */
export const WATCH_SCHEDULE_RETRY = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 300 } as const;

/** `ALERT_SCHEDULE` from the deploying shell's environment (default every five minutes). */
export function readAlertSchedule(env: Record<string, string | undefined>): string {
  const schedule = env.ALERT_SCHEDULE?.trim() || DEFAULT_ALERT_SCHEDULE;
  if (!isScheduleExpression(schedule)) {
    throw new ConfigError([
      { key: "ALERT_SCHEDULE", problem: "must be a schedule expression such as rate(5 minutes)" },
    ]);
  }
  return schedule;
}

/** Runs the watch on its schedule, in the digest's time zone (a `cron(…)` schedule reads its hours there). */
export function scheduleWatch(
  stack: Stack,
  watch: SstFunction,
  schedule: string,
  timeZone: string,
): scheduler.CfnSchedule {
  return scheduleFunction(stack, "WatchSchedule", watch, {
    schedule,
    timeZone,
    description: "Polls Nexudus for failing webhooks and updates the incident messages in Slack",
    retry: WATCH_SCHEDULE_RETRY,
  });
}
