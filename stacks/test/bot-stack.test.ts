import { beforeAll, describe, expect, it } from "vitest";
import { type SynthesizedBot, synthBotStack, TEST_ACCOUNT } from "./synth-bot-stack";

/* The templates are synthesized offline (see synth-bot-stack.ts); nothing here talks to AWS. */

// biome-ignore lint/suspicious/noExplicitAny: template JSON is untyped; the assertions below are its checks.
type Json = Record<string, any>;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Json;
}

function resources(bot: SynthesizedBot, type: string): Record<string, Json> {
  return bot.template.findResources(type) as Record<string, Json>;
}

function logicalId(bot: SynthesizedBot, functionId: string): string {
  const fn = bot.functions.get(functionId);
  if (!fn) throw new Error(`no function ${functionId}`);
  return bot.stack.getLogicalId(fn.node.defaultChild as Parameters<typeof bot.stack.getLogicalId>[0]);
}

function onlyId(map: Record<string, Json>): string {
  const ids = Object.keys(map);
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

function actions(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** Every identity-policy statement attached to `roleId`: inline, AWS::IAM::Policy, and managed policy ARNs. */
function grantsOf(bot: SynthesizedBot, roleId: string): { statements: Statement[]; managed: unknown[] } {
  const role = resources(bot, "AWS::IAM::Role")[roleId];
  if (!role) throw new Error(`no role ${roleId}`);
  const statements: Statement[] = (role.Properties.Policies ?? []).flatMap(
    (p: Json) => p.PolicyDocument.Statement as Statement[],
  );
  for (const policy of Object.values(resources(bot, "AWS::IAM::Policy"))) {
    if (policy.Properties.Roles.some((r: Json) => r.Ref === roleId)) {
      statements.push(...(policy.Properties.PolicyDocument.Statement as Statement[]));
    }
  }
  return { statements, managed: role.Properties.ManagedPolicyArns ?? [] };
}

function roleOf(bot: SynthesizedBot, functionId: string): string {
  const fn = resources(bot, "AWS::Lambda::Function")[logicalId(bot, functionId)]!;
  return fn.Properties.Role["Fn::GetAtt"][0];
}

const arnOf = (id: string) => ({ "Fn::GetAtt": [id, "Arn"] });

/** The one schedule whose target is `functionId`. */
function scheduleOf(bot: SynthesizedBot, functionId: string, source = "schedule"): Json {
  const target = arnOf(logicalId(bot, functionId));
  const found = Object.values(resources(bot, "AWS::Scheduler::Schedule")).filter(
    (s) =>
      JSON.stringify(s.Properties.Target.Arn) === JSON.stringify(target) &&
      JSON.parse(s.Properties.Target.Input).source === source,
  );
  expect(found).toHaveLength(1);
  return found[0]!.Properties;
}

/** The one alarm on `functionId`'s errors. */
function alarmOf(bot: SynthesizedBot, functionId: string): Json {
  const found = Object.values(resources(bot, "AWS::CloudWatch::Alarm")).filter(
    (a) => a.Properties.Dimensions[0].Value.Ref === logicalId(bot, functionId),
  );
  expect(found).toHaveLength(1);
  return found[0]!.Properties;
}

const FUNCTIONS = ["Slack", "Worker", "Digest", "Watch"] as const;

describe("the bot stack with the default schedule", () => {
  let bot: SynthesizedBot;
  let secretId: string;

  beforeAll(async () => {
    // Prepare / Act: synthesize with no schedule settings in the environment.
    bot = await synthBotStack({
      DIGEST_SCHEDULE: undefined,
      DIGEST_TIMEZONE: undefined,
      ALERT_SCHEDULE: undefined,
    });
    secretId = onlyId(resources(bot, "AWS::SecretsManager::Secret"));
  });

  it("routes POST /slack/events, and only that, to the slack function with the v2 payload", () => {
    const routes = Object.values(resources(bot, "AWS::ApiGatewayV2::Route"));
    expect(routes.map((r) => r.Properties.RouteKey)).toEqual(["POST /slack/events"]);
    const integrationId = routes[0]!.Properties.Target["Fn::Join"][1][1].Ref;
    const integration = resources(bot, "AWS::ApiGatewayV2::Integration")[integrationId]!;
    expect(integration.Properties).toMatchObject({
      IntegrationType: "AWS_PROXY",
      IntegrationUri: arnOf(logicalId(bot, "Slack")),
      PayloadFormatVersion: "2.0",
    });
    const url = bot.template.toJSON().Outputs.SlackEventsUrl.Value["Fn::Join"][1];
    expect(url[1]).toBe("/slack/events");
  });

  it.each([
    ["Slack", "packages/functions/src/slack.handler", 10],
    ["Worker", "packages/functions/src/worker.handler", 60],
    ["Digest", "packages/functions/src/digest.handler", 300],
    ["Watch", "packages/functions/src/watch.handler", 60],
  ])(
    "builds the %s function from %s on nodejs22.x+ arm64, within %i s, as a minified ESM bundle",
    (id, handler, maxTimeout) => {
      const bundling = bot.bundling.get(id)!;
      const props = resources(bot, "AWS::Lambda::Function")[logicalId(bot, id)]!.Properties;
      // Assess the CloudFormation resource…
      expect(Number(/^nodejs(\d+)\.x$/.exec(props.Runtime)?.[1])).toBeGreaterThanOrEqual(22);
      expect(props.Architectures).toEqual(["arm64"]);
      expect(props.Timeout).toBeLessThanOrEqual(maxTimeout);
      expect(props.MemorySize).toBeGreaterThanOrEqual(256);
      // …and the props SST's bundling step turns into code and runtime at deploy time.
      expect(bundling.handler).toBe(handler);
      expect(bundling.runtime).toBe("nodejs22.x");
      expect(bundling.nodejs).toMatchObject({
        format: "esm",
        minify: true,
        sourcemap: true,
        splitting: true,
      });
      expect(bundling.nodejs?.esbuild?.plugins?.map((p: { name: string }) => p.name)).toEqual([
        "trim-bolt-receivers",
      ]);
      expect(props.Environment.Variables.NODE_OPTIONS).toBeUndefined();
    },
  );

  it("gives each function its own log group with a retention", () => {
    const logGroups = resources(bot, "AWS::Logs::LogGroup");
    for (const id of FUNCTIONS) {
      const props = resources(bot, "AWS::Lambda::Function")[logicalId(bot, id)]!.Properties;
      const groupId = props.LoggingConfig.LogGroup.Ref;
      expect(logGroups[groupId]?.Properties.RetentionInDays).toBe(30);
    }
    // The API's access log too: no log group of the stack keeps logs forever.
    for (const group of Object.values(logGroups)) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it("runs the digest at 08:00 UTC every day through EventBridge Scheduler, with a deliberate retry policy", () => {
    expect(Object.keys(resources(bot, "AWS::Scheduler::Schedule"))).toHaveLength(3);
    const schedule = scheduleOf(bot, "Digest");
    expect(schedule).toMatchObject({
      ScheduleExpression: "cron(0 8 * * ? *)",
      ScheduleExpressionTimezone: "UTC",
      FlexibleTimeWindow: { Mode: "OFF" },
      State: "ENABLED",
      Target: {
        Arn: arnOf(logicalId(bot, "Digest")),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      },
    });
    // The subscriptions' digests: looked at every 15 minutes, each at its own time in its own zone.
    expect(scheduleOf(bot, "Digest", "subscriptions")).toMatchObject({
      ScheduleExpression: "rate(15 minutes)",
      FlexibleTimeWindow: { Mode: "OFF" },
      State: "ENABLED",
      Target: {
        Arn: arnOf(logicalId(bot, "Digest")),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900 },
      },
    });
    // Lambda's own async retries: the idempotent digest may retry, the worker must not answer twice.
    const configs = Object.values(resources(bot, "AWS::Lambda::EventInvokeConfig"));
    const retries = Object.fromEntries(
      configs.map((c) => [
        c.Properties.FunctionName.Ref,
        [c.Properties.MaximumRetryAttempts, c.Properties.MaximumEventAgeInSeconds],
      ]),
    );
    // The worker's job is useless once the response_url (30 minutes) has expired; a failed poll is
    // not retried, the next one reads everything again.
    expect(retries).toEqual({
      [logicalId(bot, "Digest")]: [2, 3600],
      [logicalId(bot, "Worker")]: [0, 1800],
      [logicalId(bot, "Watch")]: [0, 300],
    });
  });

  it("polls for failing webhooks every five minutes, dropping a poll that the next one overtakes", () => {
    expect(scheduleOf(bot, "Watch")).toMatchObject({
      ScheduleExpression: "rate(5 minutes)",
      ScheduleExpressionTimezone: "UTC",
      FlexibleTimeWindow: { Mode: "OFF" },
      State: "ENABLED",
      Target: { RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 } },
    });
  });

  it("reserves no concurrency for any function (a new account's quota of 10 would refuse the deploy)", () => {
    const functions = Object.values(resources(bot, "AWS::Lambda::Function"));
    expect(functions.length).toBeGreaterThanOrEqual(4);
    for (const fn of functions) expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it("keeps state in one on-demand table with point-in-time recovery and a TTL, destroyed with a test stage", () => {
    const tables = resources(bot, "AWS::DynamoDB::Table");
    const id = onlyId(tables);
    const table = tables[id]!;
    expect(table.Properties).toMatchObject({
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    });
    expect(table.DeletionPolicy).toBe("Delete");
    const env = (fn: string) =>
      resources(bot, "AWS::Lambda::Function")[logicalId(bot, fn)]!.Properties.Environment.Variables as Json;
    for (const fn of FUNCTIONS) expect(env(fn).APP_TABLE_NAME).toEqual({ Ref: id });
    // Each function's log lines name it (Powertools' service), not "service_undefined".
    for (const fn of FUNCTIONS)
      expect(env(fn).POWERTOOLS_SERVICE_NAME).toBe(`nexudus-webhooks-${fn.toLowerCase()}`);
  });

  it.each(["Digest", "Watch"])(
    "lets the scheduler's role invoke the %s function and nothing else, for this account only",
    (fn) => {
      const roleId = scheduleOf(bot, fn).Target.RoleArn["Fn::GetAtt"][0];
      if (fn === "Digest")
        expect(grantsOf(bot, scheduleOf(bot, fn, "subscriptions").Target.RoleArn["Fn::GetAtt"][0])).toEqual(
          grantsOf(bot, roleId),
        );
      const role = resources(bot, "AWS::IAM::Role")[roleId]!.Properties;
      expect(role.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Action: "sts:AssumeRole",
          Effect: "Allow",
          Principal: { Service: "scheduler.amazonaws.com" },
          Condition: { StringEquals: { "aws:SourceAccount": TEST_ACCOUNT } },
        },
      ]);
      const { statements, managed } = grantsOf(bot, roleId);
      expect(managed).toEqual([]);
      expect(statements).toEqual([
        { Action: "lambda:InvokeFunction", Effect: "Allow", Resource: arnOf(logicalId(bot, fn)) },
      ]);
    },
  );

  it("grants each function exactly what it needs: the one secret, its table actions, and for slack the worker", () => {
    const basicExecution = {
      "Fn::Join": [
        "",
        ["arn:", { Ref: "AWS::Partition" }, ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
      ],
    };
    const readSecret = {
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: { Ref: secretId },
    };
    const invokeWorker = {
      Effect: "Allow",
      Action: "lambda:InvokeFunction",
      Resource: arnOf(logicalId(bot, "Worker")),
    };
    const tableId = onlyId(resources(bot, "AWS::DynamoDB::Table"));
    const state = (...names: string[]) => ({
      Effect: "Allow",
      Action: names.map((name) => `dynamodb:${name}`),
      Resource: arnOf(tableId),
    });
    const expected: Record<string, Statement[]> = {
      Slack: [readSecret, invokeWorker, state("GetItem", "PutItem", "DeleteItem", "Query")],
      Worker: [readSecret, state("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query")],
      Digest: [readSecret, state("GetItem", "PutItem", "DeleteItem", "Query")],
      Watch: [readSecret, state("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query")],
    };
    for (const [id, statements] of Object.entries(expected)) {
      const grants = grantsOf(bot, roleOf(bot, id));
      expect(grants.managed).toEqual([basicExecution]);
      expect(grants.statements).toHaveLength(statements.length);
      expect(grants.statements).toEqual(expect.arrayContaining(statements));
    }
  });

  it("grants no role anything on the secret or on a Lambda function beyond those grants", () => {
    const botRoles = new Set(FUNCTIONS.map((id) => roleOf(bot, id)));
    let secretReads = 0;
    let invokes = 0;
    for (const roleId of Object.keys(resources(bot, "AWS::IAM::Role"))) {
      for (const statement of grantsOf(bot, roleId).statements) {
        expect(statement.Resource).not.toBe("*");
        for (const action of actions(statement)) {
          expect(action).not.toContain("*");
          if (action.startsWith("secretsmanager:")) {
            expect(botRoles.has(roleId)).toBe(true);
            expect(statement.Resource).toEqual({ Ref: secretId });
            secretReads++;
          }
          if (action.startsWith("lambda:")) invokes++;
        }
      }
    }
    expect(secretReads).toBe(4);
    // slack → worker, scheduler → digest (the configured one, the subscriptions'), scheduler → watch
    expect(invokes).toBe(4);
  });

  it("makes the secret unreadable to every principal but the four function roles", () => {
    const policies = resources(bot, "AWS::SecretsManager::ResourcePolicy");
    const policy = policies[onlyId(policies)]!.Properties;
    expect(policy.SecretId).toEqual({ Ref: secretId });
    const roleArns = FUNCTIONS.map((id) => arnOf(roleOf(bot, id)));
    expect(policy.ResourcePolicy.Statement).toEqual([
      {
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "secretsmanager:GetSecretValue",
        Resource: "*",
        Condition: { ArnNotEquals: { "aws:PrincipalArn": roleArns } },
      },
    ]);
  });

  it("passes the secret's ARN to every function and the worker's name to slack, and no credential at all", () => {
    const env = (id: string) =>
      resources(bot, "AWS::Lambda::Function")[logicalId(bot, id)]!.Properties.Environment.Variables as Json;
    expect(env("Slack")).toMatchObject({
      APP_SECRET_ARN: { Ref: secretId },
      WORKER_FUNCTION_NAME: { Ref: logicalId(bot, "Worker") },
    });
    expect(env("Worker")).not.toHaveProperty("WORKER_FUNCTION_NAME");
    expect(env("Digest")).not.toHaveProperty("WORKER_FUNCTION_NAME");
    expect(env("Watch")).not.toHaveProperty("WORKER_FUNCTION_NAME");
    for (const id of FUNCTIONS) {
      expect(env(id)).toMatchObject({ APP_SECRET_ARN: { Ref: secretId }, DIGEST_TIMEZONE: "UTC" });
      for (const key of ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "NEXUDUS_USERNAME", "NEXUDUS_PASSWORD"]) {
        expect(env(id)).not.toHaveProperty(key);
      }
    }
    // The secret starts as an empty JSON object: the template carries no credential.
    expect(resources(bot, "AWS::SecretsManager::Secret")[secretId]!.Properties.SecretString).toBe("{}");
  });

  it("alarms on any digest error and notifies a topic whose ARN is printed", () => {
    const alarm = alarmOf(bot, "Digest");
    const topicId = onlyId(resources(bot, "AWS::SNS::Topic"));
    expect(alarm).toMatchObject({
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Dimensions: [{ Name: "FunctionName", Value: { Ref: logicalId(bot, "Digest") } }],
      Statistic: "Sum",
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "notBreaching",
      AlarmActions: [{ Ref: topicId }],
    });
    const outputs = bot.template.toJSON().Outputs;
    expect(outputs.DigestAlarmTopicArn.Value).toEqual({ Ref: topicId });
    expect(outputs.AppSecretArn.Value).toEqual({ Ref: secretId });
    expect(outputs.DigestFunctionName.Value).toEqual({ Ref: logicalId(bot, "Digest") });
  });

  it("alarms on the same topic when the watch fails two polls in a row (not on one Nexudus blip)", () => {
    const topicId = onlyId(resources(bot, "AWS::SNS::Topic"));
    expect(alarmOf(bot, "Watch")).toMatchObject({
      MetricName: "Errors",
      Statistic: "Sum",
      Threshold: 1,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      AlarmActions: [{ Ref: topicId }],
    });
    expect(bot.template.toJSON().Outputs.WatchFunctionName.Value).toEqual({ Ref: logicalId(bot, "Watch") });
  });
});

describe("the digest schedule from the deploying environment", () => {
  it("uses DIGEST_SCHEDULE and DIGEST_TIMEZONE, and gives every function the same time zone", async () => {
    // Prepare / Act
    const bot = await synthBotStack({
      DIGEST_SCHEDULE: "cron(30 6 ? * MON-FRI *)",
      DIGEST_TIMEZONE: "Europe/Paris",
    });
    // Assess
    const schedule = scheduleOf(bot, "Digest");
    expect(schedule.ScheduleExpression).toBe("cron(30 6 ? * MON-FRI *)");
    expect(schedule.ScheduleExpressionTimezone).toBe("Europe/Paris");
    for (const id of FUNCTIONS) {
      const fn = resources(bot, "AWS::Lambda::Function")[logicalId(bot, id)]!.Properties;
      expect(fn.Environment.Variables.DIGEST_TIMEZONE).toBe("Europe/Paris");
    }
  });

  it("stops the synth on a malformed setting, naming the variable but not its value", async () => {
    const error = await synthBotStack({
      DIGEST_SCHEDULE: "every-morning-x1",
      DIGEST_TIMEZONE: "Mars/Olympus",
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe("ConfigError");
    expect(error?.message).toContain("DIGEST_SCHEDULE");
    expect(error?.message).toContain("DIGEST_TIMEZONE");
    expect(error?.message).not.toContain("every-morning-x1");
    expect(error?.message).not.toContain("Mars/Olympus");
  });
});

describe("the alert schedule from the deploying environment", () => {
  it("uses ALERT_SCHEDULE, and stops the synth on a malformed one without echoing it", async () => {
    const bot = await synthBotStack({ ALERT_SCHEDULE: "rate(2 minutes)" });
    expect(scheduleOf(bot, "Watch").ScheduleExpression).toBe("rate(2 minutes)");

    const error = await synthBotStack({ ALERT_SCHEDULE: "every-2-minutes-x9" }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe("ConfigError");
    expect(error?.message).toContain("ALERT_SCHEDULE");
    expect(error?.message).not.toContain("every-2-minutes-x9");
  });
});

describe("the bot stack on the prod stage", () => {
  it("keeps the state table (and the logs) when the stack is removed", async () => {
    const bot = await synthBotStack({}, "prod");

    const tables = resources(bot, "AWS::DynamoDB::Table");
    expect(tables[onlyId(tables)]!.DeletionPolicy).toBe("Retain");
    for (const group of Object.values(resources(bot, "AWS::Logs::LogGroup")))
      expect(group.DeletionPolicy).toBe("Retain");
  });
});
