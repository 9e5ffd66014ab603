import type { AwsAnswer, AwsDoctorPort } from "@nwh/core/doctor";
import { TABLE_SCHEMA } from "@nwh/core/store";
import { TIMING } from "@nwh/core/time";
import type { TableClient } from "../store/dynamo-store";

/** Where each client sends its requests; unset: the SDK's own (`AWS_ENDPOINT_URL_*` included). */
export interface AwsDoctorEndpoints {
  secretsManager?: string;
  lambda?: string;
}

// Every SDK is imported on first use: a check that is not deployed loads nothing.
const clientOptions = (endpoint: string | undefined) => ({
  ...(endpoint ? { endpoint } : {}),
  maxAttempts: 1,
  requestHandler: {
    connectionTimeout: TIMING.secretsConnectionTimeoutMs,
    requestTimeout: TIMING.backgroundCallTimeoutMs,
  },
});

/** An SDK error as its name only (`AccessDeniedException`): messages can quote ARNs and account ids. */
function failureOf(error: unknown): { ok: false; error: string } {
  const name = error instanceof Error ? error.name : "UnknownError";
  return { ok: false, error: name === "Error" ? ((error as { code?: string }).code ?? name) : name };
}

async function answer<T>(call: () => Promise<T>): Promise<AwsAnswer<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return failureOf(error);
  }
}

/** Counts the configuration keys of the secret's JSON; never returns or logs a value. */
function keyCount(secretString: string | undefined): number {
  try {
    const parsed: unknown = JSON.parse(secretString ?? "");
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? Object.keys(parsed).length : 0;
  } catch {
    return 0;
  }
}

/**
 * The setup check's AWS calls, through the SDK (the region and credentials come from the environment, as
 * for the functions). The table is described through the bot's own table client (`tableLocationOf`), so
 * the check reaches the table the bot uses, local mode's embedded one included.
 */
export function awsDoctorPort(endpoints: AwsDoctorEndpoints = {}, table?: TableClient): AwsDoctorPort {
  return {
    readSecret: (secretArn) =>
      answer(async () => {
        const { SecretsManagerClient, GetSecretValueCommand } = await import("../lib/secrets-sdk");
        const client = new SecretsManagerClient(clientOptions(endpoints.secretsManager));
        const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
        return { keys: keyCount(out.SecretString) };
      }),
    invokeDryRun: (functionName) =>
      answer(async () => {
        const { LambdaClient, InvokeCommand } = await import("../lib/lambda-sdk");
        const client = new LambdaClient(clientOptions(endpoints.lambda));
        await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: "DryRun" }));
      }),
    describeTable: (tableName) =>
      answer(async () => {
        if (!table) throw Object.assign(new Error("no table client"), { name: "NotConfigured" });
        const { raw, sdk } = await table.get();
        const out = await raw.send(new sdk[0].DescribeTableCommand({ TableName: tableName }));
        return { status: out.Table?.TableStatus ?? "UNKNOWN" };
      }),
    probeRead: (tableName) =>
      answer(async () => {
        if (!table) throw Object.assign(new Error("no table client"), { name: "NotConfigured" });
        const { doc, sdk } = await table.get();
        // A key no item has: the read proves access and changes nothing.
        const key = { [TABLE_SCHEMA.partitionKey]: "doctor#probe", [TABLE_SCHEMA.sortKey]: "probe" };
        await doc.send(new sdk[1].GetCommand({ TableName: tableName, Key: key }));
      }),
  };
}
