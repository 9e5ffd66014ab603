import { Api, type StackContext } from "sst/constructs";
import { allowSecretRead, createAppSecret } from "./app-secret";
import { botFunction } from "./bot-function";
import { alarmOnDigestErrors } from "./digest-alarm";
import { scheduleDigest } from "./digest-schedule";
import { readDigestSettings } from "./digest-settings";
import { alarmOnErrors } from "./errors-alarm";
import { allowTableAccess, createStateTable, type TableAction } from "./state-table";
import { readAlertSchedule, scheduleWatch } from "./watch-schedule";
import { allowWorkerInvoke } from "./worker-invoke";

/**
 * Memory and time limits, chosen per function (docs/DEPLOY.md explains them to operators).
 * - slack: Slack wants an answer within 3 s, cold start included; Lambda's CPU grows with memory, so
 *   1024 MB buys a fast Bolt start. 10 s bounds a stuck call; Slack has given up by then anyway.
 * - worker: waits on Nexudus and Slack, not CPU; 60 s covers paging up to the 5,000-record cap
 *   with throttling retries, well inside the 30 minutes a response_url stays valid.
 * - digest: reads every page of failing and disabled webhooks at Nexudus's rate limit (about two
 *   requests a second, Retry-After waits of up to 10 s) and posts thread replies one per second.
 * - watch: a poll reads failing and disabled webhooks (a few requests) and updates a handful of
 *   messages; a minute is far more than it needs and less than its five-minute interval.
 */
export const FUNCTION_LIMITS = {
  slack: { memorySize: 1024, timeout: 10 },
  worker: { memorySize: 512, timeout: 60 },
  digest: { memorySize: 512, timeout: 300 },
  watch: { memorySize: 512, timeout: 60 },
} as const;

/** What each function does on the state table (the stack tests assert exactly these). */
export const STATE_ACTIONS: Record<string, readonly TableAction[]> = {
  Slack: ["GetItem", "PutItem", "DeleteItem", "Query"],
  // The incident buttons run in the worker: a conditional update of the flags, the list of mutes.
  Worker: ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query"],
  // The digest also reads the open incidents (a query) for "failing since".
  Digest: ["GetItem", "PutItem", "DeleteItem", "Query"],
  Watch: ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query"],
};

/** The whole bot: the Slack endpoint, the worker, the scheduled digest, their one secret and one table. */
export function BotStack({ stack }: StackContext) {
  const digestSettings = readDigestSettings(process.env);
  const secret = createAppSecret(stack);
  const table = createStateTable(stack);
  // The schedule's zone is a deploy-time setting; every function gets it so that dates in searches and in
  // the digest agree with when the digest runs (the environment wins over the secret).
  const sharedEnv = {
    APP_SECRET_ARN: secret.secretArn,
    APP_TABLE_NAME: table.tableName,
    DIGEST_TIMEZONE: digestSettings.timeZone,
  };

  const worker = botFunction(stack, "Worker", {
    handler: "packages/functions/src/worker.handler",
    description: "Runs slow /webhooks searches and answers on the response_url",
    ...FUNCTION_LIMITS.worker,
    environment: sharedEnv,
    // A retry would answer the user twice; the worker reports its own failures on the response_url.
    retryAttempts: 0,
    // A response_url expires 30 minutes after the command; a job queued for longer could not answer.
    maxEventAgeSeconds: 1800,
  });

  const slack = botFunction(stack, "Slack", {
    handler: "packages/functions/src/slack.handler",
    description: "Slack events, slash commands and interactions (Bolt)",
    ...FUNCTION_LIMITS.slack,
    environment: { ...sharedEnv, WORKER_FUNCTION_NAME: worker.functionName },
  });
  allowWorkerInvoke(stack, slack, worker);

  const digest = botFunction(stack, "Digest", {
    handler: "packages/functions/src/digest.handler",
    description: "Posts the daily digest of failing and disabled webhooks",
    ...FUNCTION_LIMITS.digest,
    environment: sharedEnv,
    // Safe to retry and to run twice at once: a run takes the date's lease in the table before posting,
    // and a digest marked posted (or found in the channel) is not posted again. No reserved concurrency:
    // on a new account (a quota of 10) it would refuse the first deploy. Like the schedule's own retries,
    // give up after an hour: the next digest is due anyway.
    retryAttempts: 2,
    maxEventAgeSeconds: 3600,
  });

  const watch = botFunction(stack, "Watch", {
    handler: "packages/functions/src/watch.handler",
    description: "Polls Nexudus for failing webhooks and keeps one Slack message per incident",
    ...FUNCTION_LIMITS.watch,
    environment: sharedEnv,
    // No retry: the next poll, minutes later, reads everything anew; a poll is safe to repeat anyway.
    retryAttempts: 0,
    maxEventAgeSeconds: 300,
  });

  allowSecretRead(stack, secret, [slack, worker, digest, watch]);
  // Leases (a Pause/Resume, the token's renewal, the digest's date), marks (events seen, the digest
  // posted) and the shared Nexudus token: get, conditional put and delete, nothing else.
  for (const fn of [slack, worker, digest, watch])
    allowTableAccess(stack, fn, table, STATE_ACTIONS[fn.node.id]!);
  const schedule = scheduleDigest(stack, digest, digestSettings);
  const { alarm, topic } = alarmOnDigestErrors(stack, digest);
  const watchSchedule = scheduleWatch(stack, watch, readAlertSchedule(process.env), digestSettings.timeZone);
  const watchAlarm = alarmOnErrors(stack, "WatchErrorsAlarm", watch, {
    topic,
    description: "The webhook watch failed two polls in a row; incident messages in Slack are not updated.",
    periods: 2,
  });

  const api = new Api(stack, "SlackApi", {
    cors: false,
    accessLog: { retention: "one_month" },
    // Far above what one workspace sends, low enough to blunt a flood of unsigned requests.
    defaults: { throttle: { rate: 50, burst: 100 } },
    routes: { "POST /slack/events": slack },
  });

  stack.addOutputs({
    SlackEventsUrl: `${api.url}/slack/events`,
    AppSecretArn: secret.secretArn,
    StateTableName: table.tableName,
    DigestAlarmTopicArn: topic.topicArn,
    SlackFunctionName: slack.functionName,
    WorkerFunctionName: worker.functionName,
    DigestFunctionName: digest.functionName,
    WatchFunctionName: watch.functionName,
  });

  return {
    api,
    secret,
    table,
    slack,
    worker,
    digest,
    watch,
    schedule,
    watchSchedule,
    alarm,
    watchAlarm,
    topic,
  };
}
