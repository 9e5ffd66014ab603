import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import {
  CONFIG_KEYS,
  type Config,
  ConfigError,
  type ConfigIssue,
  isSecretArn,
  parseConfig,
} from "@nwh/core/config";
import { TIMING } from "@nwh/core/time";

/*
 * The configuration of a Lambda environment: the process environment first, then the JSON secret named
 * by APP_SECRET_ARN, read once per cold start. Every failure is a ConfigError that names the key or the
 * secret problem; no value (the secret holds credentials) ever reaches a message.
 */

/** Where the configuration comes from. */
export interface LoadConfigOptions {
  /** The process environment (the Lambda entry files pass `process.env`; tests and local mode their own). */
  env: Record<string, string | undefined>;
  /** Default: a client created for this load (see `createSecretsClient`). */
  client?: SecretsManagerClient;
}

/**
 * A Secrets Manager client with tight limits: the slack function must answer Slack within 3 s, cold start
 * included, and Secrets Manager answers in tens of milliseconds when healthy. The SDK picks up the region,
 * the credentials and `AWS_ENDPOINT_URL_SECRETS_MANAGER` from the environment itself.
 */
export async function createSecretsClient(
  options: { endpoint?: string } = {},
): Promise<SecretsManagerClient> {
  const { SecretsManagerClient } = await secretsSdk();
  return new SecretsManagerClient({
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: 2,
    requestHandler: {
      connectionTimeout: TIMING.secretsConnectionTimeoutMs,
      requestTimeout: TIMING.secretsRequestTimeoutMs,
    },
  });
}

/*
 * The SDK is imported on first use (its own chunk in the bundle): a process whose configuration is all in
 * the environment (local mode, the benchmarks) never loads it, and one with a secret loads it once.
 */
const secretsSdk = () => import("../lib/secrets-sdk");

/**
 * Loads and validates the configuration: the environment first, then the JSON secret named by
 * `APP_SECRET_ARN`. Called once per Lambda environment by the entry files (a failed load is not kept:
 * the next invocation tries again, e.g. after an operator wrote the secret).
 */
export async function loadConfig(options: LoadConfigOptions): Promise<Config> {
  return parseConfig(await loadConfigValues(options));
}

/**
 * The configuration as text, before validation: the environment's non-blank values over the secret's
 * (when `APP_SECRET_ARN` names one). `npm run doctor` starts from it to apply local mode's defaults.
 */
export async function loadConfigValues(options: LoadConfigOptions): Promise<Record<string, string>> {
  const fromEnv = nonBlankConfigValues(options.env);
  const secretId = fromEnv.APP_SECRET_ARN?.trim();
  if (secretId === undefined) return fromEnv;
  if (!isSecretArn(secretId)) {
    throw new ConfigError([{ key: "APP_SECRET_ARN", problem: "must be a Secrets Manager secret ARN" }]);
  }
  const fromSecret = await readSecret(options.client ?? (await createSecretsClient()), secretId);
  // The environment wins, key by key; a blank variable does not hide the secret's value.
  return { ...fromSecret, ...fromEnv };
}

function nonBlankConfigValues(source: Record<string, string | undefined>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    const value = source[key];
    if (value !== undefined && value.trim() !== "") values[key] = value;
  }
  return values;
}

async function readSecret(client: SecretsManagerClient, secretId: string): Promise<Record<string, string>> {
  let secretString: string | undefined;
  try {
    const { GetSecretValueCommand } = await secretsSdk();
    secretString = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  } catch (error) {
    throw secretReadError(error);
  }
  if (secretString === undefined) {
    throw secretProblem("names a secret without a SecretString; write a JSON object (docs/DEPLOY.md)");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    // No cause attached: JSON.parse's message quotes the text, which is the secret.
    throw secretProblem("names a secret that is not JSON; write a JSON object (docs/DEPLOY.md)");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw secretProblem("names a secret that is not a JSON object (docs/DEPLOY.md)");
  }
  return secretValues(parsed as Record<string, unknown>);
}

/**
 * Turns the secret's known keys into text. Numbers and booleans are accepted as written by hand
 * (`"DIGEST_MIN_ERRORS": 3`), lists of IDs as JSON arrays; null means unset. Unknown keys are ignored.
 */
function secretValues(json: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  const issues: ConfigIssue[] = [];
  for (const key of CONFIG_KEYS) {
    const value = json[key];
    if (value === undefined || value === null) continue;
    if (typeof value === "string") values[key] = value;
    else if (typeof value === "number" || typeof value === "boolean") values[key] = String(value);
    else if (Array.isArray(value) && value.every((item) => typeof item === "string"))
      values[key] = value.join(",");
    else issues.push({ key, problem: "in the secret must be a string" });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return values;
}

function secretProblem(problem: string, cause?: unknown): ConfigError {
  return new ConfigError([{ key: "APP_SECRET_ARN", problem }], cause === undefined ? undefined : { cause });
}

function secretReadError(error: unknown): ConfigError {
  const name = error instanceof Error ? error.name : "UnknownError";
  const details = error as { code?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = details.$metadata?.httpStatusCode;
  switch (name) {
    case "ResourceNotFoundException":
      return secretProblem(
        "names a secret that does not exist or has no value yet (ResourceNotFoundException)",
        error,
      );
    case "AccessDeniedException":
      return secretProblem("names a secret this function may not read (AccessDeniedException)", error);
    case "CredentialsProviderError":
      return secretProblem("could not be read: no AWS credentials were found", error);
  }
  if (status === undefined) {
    const code = typeof details.code === "string" ? details.code : name;
    return secretProblem(`could not be read: Secrets Manager did not answer (${code})`, error);
  }
  return secretProblem(`could not be read: Secrets Manager answered ${status} (${name})`, error);
}
