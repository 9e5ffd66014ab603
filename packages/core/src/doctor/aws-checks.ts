import { type CheckResult, fail, ok, skip, warn } from "./check-result";

/** An AWS call as the checks see it: done, or the SDK error's name (`AccessDeniedException`). */
export type AwsAnswer<T> = { ok: true; value: T } | { ok: false; error: string };

/** The AWS calls the checks make, each read-only or a dry run. */
export interface AwsDoctorPort {
  /** `GetSecretValue`; says how many configuration keys the JSON holds, never a value. */
  readSecret(secretArn: string): Promise<AwsAnswer<{ keys: number }>>;
  /** `Invoke` with `InvocationType: DryRun`: checks the function exists and may be invoked, runs nothing. */
  invokeDryRun(functionName: string): Promise<AwsAnswer<void>>;
  /** `DescribeTable`. */
  describeTable(tableName: string): Promise<AwsAnswer<{ status: string }>>;
  /**
   * A `GetItem` of a key no item has, with the caller's own grants: what the functions may do when their
   * role does not include `DescribeTable` (the stack grants item access only).
   */
  probeRead(tableName: string): Promise<AwsAnswer<void>>;
}

/** What the AWS checks look at. */
export interface AwsDoctorInputs {
  /** `APP_SECRET_ARN`. */
  secretArn?: string;
  /** `WORKER_FUNCTION_NAME` (set on the slack function by the stack). */
  workerFunctionName?: string;
  /** `APP_TABLE_NAME`. */
  tableName?: string;
  /**
   * `worker` when the check runs in the deployed worker (`/webhooks doctor`): the slack function has just
   * invoked it, and its role is one the secret's policy names. `outside` on an operator's machine.
   */
  runningIn: "worker" | "outside";
}

const head = (id: string, title: string) => ({ id, area: "aws" as const, title });
const SECRET = head("aws.secret", "Secret readable");
const TABLE = head("aws.table", "State table reachable");
const WORKER = head("aws.worker", "Worker invocable");

const NO_CREDENTIALS = /Credentials|ExpiredToken|UnrecognizedClient|InvalidSignature/;

const noCredentials = (h: typeof SECRET, error: string): CheckResult =>
  fail(
    h,
    `no usable AWS credentials here (${error})`,
    "Set AWS_PROFILE (or the AWS_* credentials) and AWS_REGION of the account the bot is deployed to.",
  );

async function checkSecret(port: AwsDoctorPort, inputs: AwsDoctorInputs): Promise<CheckResult> {
  if (!inputs.secretArn) return skip(SECRET, "not deployed here (APP_SECRET_ARN is not set)");
  const answer = await port.readSecret(inputs.secretArn);
  if (answer.ok)
    return answer.value.keys > 0
      ? ok(SECRET, `readable; it holds ${answer.value.keys} configuration keys`)
      : fail(SECRET, "readable, but it holds no configuration yet", "Write the secret (DEPLOY.md, step 3).");
  if (answer.error === "AccessDeniedException" && inputs.runningIn === "outside")
    return warn(
      SECRET,
      "access denied from here, as designed: the secret's policy lets only the bot's functions read it",
      "Run /webhooks doctor in Slack: the worker checks the secret with its own role.",
    );
  if (answer.error === "ResourceNotFoundException")
    return fail(
      SECRET,
      "APP_SECRET_ARN names no secret with a value (ResourceNotFoundException)",
      "Use the AppSecretArn output of the deploy, and write the secret (DEPLOY.md, step 3).",
    );
  if (NO_CREDENTIALS.test(answer.error)) return noCredentials(SECRET, answer.error);
  return fail(
    SECRET,
    `could not be read (${answer.error})`,
    "See DEPLOY.md, step 3, and the function's logs.",
  );
}

async function checkWorker(port: AwsDoctorPort, inputs: AwsDoctorInputs): Promise<CheckResult> {
  if (inputs.runningIn === "worker")
    return ok(WORKER, "this check runs in the worker: the slack function has just invoked it");
  if (!inputs.workerFunctionName) return skip(WORKER, "not deployed here (WORKER_FUNCTION_NAME is not set)");
  const answer = await port.invokeDryRun(inputs.workerFunctionName);
  if (answer.ok) return ok(WORKER, "a dry-run invocation was accepted");
  if (answer.error === "ResourceNotFoundException")
    return fail(
      WORKER,
      "WORKER_FUNCTION_NAME names no function (ResourceNotFoundException)",
      "Use the WorkerFunctionName output of the deploy (in .sst/outputs.json).",
    );
  if (answer.error === "AccessDeniedException")
    return warn(
      WORKER,
      "these credentials may not invoke the worker (AccessDeniedException); the slack function's role may",
      "Run /webhooks doctor in Slack, or use credentials allowed lambda:InvokeFunction.",
    );
  if (NO_CREDENTIALS.test(answer.error)) return noCredentials(WORKER, answer.error);
  return fail(WORKER, `the dry run failed (${answer.error})`, "Deploy again: npx sst deploy --stage prod.");
}

async function checkTable(port: AwsDoctorPort, inputs: AwsDoctorInputs): Promise<CheckResult> {
  if (!inputs.tableName) return skip(TABLE, "not configured (APP_TABLE_NAME is not set)");
  const answer = await port.describeTable(inputs.tableName);
  if (!answer.ok && answer.error === "AccessDeniedException") {
    const read = await port.probeRead(inputs.tableName);
    if (read.ok)
      return ok(
        TABLE,
        "reachable: a read with these credentials works (DescribeTable is not granted, by design)",
      );
    return fail(
      TABLE,
      `neither described nor read (${read.error})`,
      "Check that the role may dynamodb:GetItem on the table, and AWS_REGION.",
    );
  }
  if (answer.ok)
    return answer.value.status === "ACTIVE"
      ? ok(TABLE, "reachable and ACTIVE")
      : warn(TABLE, `reachable, status ${answer.value.status}`, "Wait for the table to become ACTIVE.");
  if (answer.error === "ResourceNotFoundException")
    return fail(
      TABLE,
      "APP_TABLE_NAME names no table in this account and region (ResourceNotFoundException)",
      "Use the table the deploy created, in the region it was deployed to.",
    );
  return fail(
    TABLE,
    `could not be described (${answer.error})`,
    "Check the credentials, AWS_REGION, and that the role may dynamodb:DescribeTable.",
  );
}

/** The AWS checks: the secret readable, the table reachable, the worker invocable. Each one says when it is not deployed. */
export async function checkAws(port: AwsDoctorPort, inputs: AwsDoctorInputs): Promise<CheckResult[]> {
  return Promise.all([checkSecret(port, inputs), checkTable(port, inputs), checkWorker(port, inputs)]);
}
