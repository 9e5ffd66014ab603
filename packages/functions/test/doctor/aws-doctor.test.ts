import { checkAws } from "@nwh/core/doctor";
import { LOOPBACK_CREDENTIALS, LOOPBACK_REGION } from "@nwh/core/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableClient } from "../../src";
import { awsDoctorPort } from "../../src/doctor/aws-doctor-port";
import { type SecretsManagerStub, startSecretsManagerStub } from "../config/secrets-manager-stub";
import { TEST_AWS_ENV } from "../support/aws-env";
import { type AwsStandIn, startDynamoStandIn, startLambdaStandIn } from "./aws-stand-ins";

/* The AWS checks through the real SDK clients, against loopback stand-ins of each service. */

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:bot-AbCdEf";
const DENIED = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:locked-AbCdEf";
const CANARY = "xoxb-canary-value-that-must-never-show";
const AWS_ENV = TEST_AWS_ENV;

let secrets: SecretsManagerStub;
let lambda: AwsStandIn;
let dynamo: AwsStandIn;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  for (const [key, value] of Object.entries(AWS_ENV)) {
    saved[key] = process.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  secrets = await startSecretsManagerStub();
  secrets.secrets.set(
    ARN,
    JSON.stringify({ SLACK_BOT_TOKEN: CANARY, NEXUDUS_PASSWORD: CANARY, DIGEST_CHANNEL: "C1" }),
  );
  secrets.denied.add(DENIED);
  lambda = await startLambdaStandIn(new Set(["bot-Worker"]), new Set(["bot-Locked"]));
  dynamo = await startDynamoStandIn(
    new Map([
      ["bot-table", "ACTIVE"],
      ["new-table", "CREATING"],
      ["grants-only", "DENY_DESCRIBE"],
    ]),
  );
});

afterAll(async () => {
  await Promise.all([secrets.close(), lambda.close(), dynamo.close()]);
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

// The table through the bot's own client, as the runner builds it (a loopback endpoint: stand-in credentials).
const port = () =>
  awsDoctorPort(
    { secretsManager: secrets.url, lambda: lambda.url },
    tableClient({
      tableName: "unused",
      endpoint: dynamo.url,
      credentials: LOOPBACK_CREDENTIALS,
      region: LOOPBACK_REGION,
    }),
  );
const byId = async (inputs: Parameters<typeof checkAws>[1]) =>
  Object.fromEntries((await checkAws(port(), inputs)).map((r) => [r.id, r]));

describe("the AWS checks", () => {
  it("passes a deployed setup: secret readable, table ACTIVE, worker accepting a dry run", async () => {
    // Act
    const results = await byId({
      runningIn: "outside",
      secretArn: ARN,
      workerFunctionName: "bot-Worker",
      tableName: "bot-table",
    });

    // Assess
    expect(results["aws.secret"]).toMatchObject({
      status: "ok",
      finding: "readable; it holds 3 configuration keys",
    });
    expect(results["aws.table"]).toMatchObject({ status: "ok", finding: "reachable and ACTIVE" });
    expect(results["aws.worker"]).toMatchObject({
      status: "ok",
      finding: "a dry-run invocation was accepted",
    });
    expect(lambda.calls.at(-1)).toMatchObject({ invocationType: "DryRun" });
    expect(dynamo.calls.at(-1)?.target).toBe("DynamoDB_20120810.DescribeTable");
    // Never a value of the secret.
    expect(JSON.stringify(results)).not.toContain(CANARY);
  });

  it("says what is not deployed here, and calls nothing for it", async () => {
    // Prepare
    const before = lambda.calls.length + dynamo.calls.length + secrets.calls.length;

    // Act
    const results = await byId({ runningIn: "outside" });

    // Assess
    expect(Object.values(results).map((r) => [r.id, r.status, r.finding])).toEqual([
      ["aws.secret", "skip", "not deployed here (APP_SECRET_ARN is not set)"],
      ["aws.table", "skip", "not configured (APP_TABLE_NAME is not set)"],
      ["aws.worker", "skip", "not deployed here (WORKER_FUNCTION_NAME is not set)"],
    ]);
    expect(lambda.calls.length + dynamo.calls.length + secrets.calls.length).toBe(before);
  });

  it("fails what is misnamed, each with its fix", async () => {
    // Act
    const results = await byId({
      runningIn: "outside",
      secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:none-AbCdEf",
      workerFunctionName: "bot-Nothing",
      tableName: "no-table",
    });

    // Assess
    expect(results["aws.secret"]).toMatchObject({
      status: "fail",
      finding: "APP_SECRET_ARN names no secret with a value (ResourceNotFoundException)",
    });
    expect(results["aws.worker"]).toMatchObject({
      status: "fail",
      finding: "WORKER_FUNCTION_NAME names no function (ResourceNotFoundException)",
    });
    expect(results["aws.table"]).toMatchObject({ status: "fail", fix: expect.stringMatching(/region/) });
    expect(results["aws.table"]!.finding).toContain("ResourceNotFoundException");
  });

  it("reads an access denial by where it runs: expected outside the functions, a failure in the worker", async () => {
    // Act
    const outside = await byId({ runningIn: "outside", secretArn: DENIED, workerFunctionName: "bot-Locked" });
    const inWorker = await byId({ runningIn: "worker", secretArn: DENIED });

    // Assess
    expect(outside["aws.secret"]).toMatchObject({
      status: "warn",
      fix: expect.stringContaining("/webhooks doctor"),
    });
    expect(outside["aws.worker"]).toMatchObject({ status: "warn" });
    expect(inWorker["aws.secret"]).toMatchObject({ status: "fail" });
    expect(inWorker["aws.worker"]).toMatchObject({
      status: "ok",
      finding: "this check runs in the worker: the slack function has just invoked it",
    });
  });

  it("warns while the table is not ACTIVE yet", async () => {
    // Act
    const results = await byId({ runningIn: "outside", tableName: "new-table" });

    // Assess
    expect(results["aws.table"]).toMatchObject({ status: "warn", finding: "reachable, status CREATING" });
  });

  it("reaches a table it may not describe through a read with its own grants (the functions' case)", async () => {
    // Act
    const results = await byId({ runningIn: "worker", tableName: "grants-only" });

    // Assess
    expect(results["aws.table"]).toMatchObject({
      status: "ok",
      finding: "reachable: a read with these credentials works (DescribeTable is not granted, by design)",
    });
    expect(dynamo.calls.slice(-2).map((c) => c.target)).toEqual([
      "DynamoDB_20120810.DescribeTable",
      "DynamoDB_20120810.GetItem",
    ]);
  });
});
