import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as sns from "aws-cdk-lib/aws-sns";
import type { Function as SstFunction, Stack } from "sst/constructs";

/**
 * Alarms when `fn` fails (an error or a timeout, retries included) in `periods` five-minute periods in a
 * row, and tells `topic`. Periods without data (the function did not run) are health, not a breach.
 */
export function alarmOnErrors(
  stack: Stack,
  id: string,
  fn: SstFunction,
  options: { topic: sns.Topic; description: string; periods: number },
): cloudwatch.Alarm {
  const errors = new cloudwatch.Metric({
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensionsMap: { FunctionName: fn.functionName },
    statistic: cloudwatch.Stats.SUM,
    period: Duration.minutes(5),
  });
  const alarm = new cloudwatch.Alarm(stack, id, {
    alarmDescription: options.description,
    metric: errors,
    threshold: 1,
    evaluationPeriods: options.periods,
    datapointsToAlarm: options.periods,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new actions.SnsAction(options.topic));
  return alarm;
}
