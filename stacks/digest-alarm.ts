import type * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as sns from "aws-cdk-lib/aws-sns";
import type { Function as SstFunction, Stack } from "sst/constructs";
import { alarmOnErrors } from "./errors-alarm";

/**
 * Alarms when a digest run fails (an error or a timeout, retries included), and tells the returned SNS topic so
 * someone can subscribe to it (docs/DEPLOY.md). A missing digest is otherwise silent, which is the very
 * problem the bot exists to fix. The watch's alarm (two failed polls in a row) tells the same topic.
 */
export function alarmOnDigestErrors(
  stack: Stack,
  digest: SstFunction,
): { alarm: cloudwatch.Alarm; topic: sns.Topic } {
  const topic = new sns.Topic(stack, "DigestAlarmTopic", { displayName: "Nexudus webhook digest failures" });
  const alarm = alarmOnErrors(stack, "DigestErrorsAlarm", digest, {
    topic,
    description: "The webhook digest function failed; the daily digest may be missing from Slack.",
    periods: 1,
  });
  return { alarm, topic };
}
