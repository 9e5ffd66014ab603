import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as sns from "aws-cdk-lib/aws-sns";
import type { Function as SstFunction, Stack } from "sst/constructs";

/**
 * Alarms when a digest run fails (an error or a timeout, retries included), and tells the returned SNS topic so
 * someone can subscribe to it (docs/DEPLOY.md). A missing digest is otherwise silent, which is the very
 * problem the bot exists to fix.
 */
export function alarmOnDigestErrors(
  stack: Stack,
  digest: SstFunction,
): { alarm: cloudwatch.Alarm; topic: sns.Topic } {
  const topic = new sns.Topic(stack, "DigestAlarmTopic", { displayName: "Nexudus webhook digest failures" });
  const errors = new cloudwatch.Metric({
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensionsMap: { FunctionName: digest.functionName },
    statistic: cloudwatch.Stats.SUM,
    period: Duration.minutes(5),
  });
  const alarm = new cloudwatch.Alarm(stack, "DigestErrorsAlarm", {
    alarmDescription: "The webhook digest function failed; the daily digest may be missing from Slack.",
    metric: errors,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    // The digest runs once a day, so most periods have no data at all; that is health, not a breach.
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new actions.SnsAction(topic));
  return { alarm, topic };
}
