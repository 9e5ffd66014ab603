import { ConfigError } from "@nwh/core/config";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TEST_AWS_ENV } from "../support/aws-env";
import { type SecretsManagerStub, startSecretsManagerStub, unreachableUrl } from "./secrets-manager-stub";

type LoaderModule = typeof import("../../src/config/load-config");

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:test-nexudus-bot-AbCdEf";

// Values that must never show up in an error message.
const SECRET_JSON = {
  SLACK_SIGNING_SECRET: "signing-SECRET-8f74",
  SLACK_BOT_TOKEN: "xoxb-SECRET-token",
  NEXUDUS_USERNAME: "secret-user@example.com",
  NEXUDUS_PASSWORD: "hunter2-SECRET",
  DIGEST_CHANNEL: "C0123456789",
};

// The SDK reads these itself; dummy values only, so nothing could ever reach a real account.
const AWS_ENV = TEST_AWS_ENV;

let stub: SecretsManagerStub;
let loader: LoaderModule;
const savedEnv: Record<string, string | undefined> = {};

function setEnv(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

async function rejection(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

function expectNoSecretValue(error: ConfigError): void {
  const text = `${error.message} ${JSON.stringify(error.issues)}`;
  for (const value of Object.values(SECRET_JSON)) expect(text).not.toContain(value);
  expect(text).not.toContain("SECRET-");
}

beforeAll(async () => {
  stub = await startSecretsManagerStub();
  const env = { ...AWS_ENV, AWS_ENDPOINT_URL_SECRETS_MANAGER: stub.url };
  for (const key of Object.keys(env)) savedEnv[key] = process.env[key];
  setEnv(env);
  loader = await import("../../src/config/load-config");
});

afterEach(() => {
  stub.secrets.clear();
  stub.calls.length = 0;
});

afterAll(async () => {
  setEnv(savedEnv);
  await stub.close();
});

describe("loadConfig", () => {
  it("reads the secret through the endpoint the SDK finds in AWS_ENDPOINT_URL_SECRETS_MANAGER, signed", async () => {
    // Prepare
    stub.secrets.set(ARN, JSON.stringify(SECRET_JSON));
    // Act
    const config = await loader.loadConfig({ env: { APP_SECRET_ARN: ARN } });
    // Assess
    expect(config).toMatchObject({ ...SECRET_JSON, APP_SECRET_ARN: ARN, NEXUDUS_AUTH: "bearer" });
    expect(stub.calls).toHaveLength(1);
    expect(stub.calls[0]).toMatchObject({ target: "secretsmanager.GetSecretValue", secretId: ARN });
    expect(stub.calls[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTESTONLY\//);
  });

  it("lets the environment win key by key, and ignores blank variables", async () => {
    stub.secrets.set(ARN, JSON.stringify({ ...SECRET_JSON, DIGEST_TIMEZONE: "Asia/Tokyo" }));
    const config = await loader.loadConfig({
      env: {
        APP_SECRET_ARN: ARN,
        NEXUDUS_USERNAME: "env-user@example.com",
        DIGEST_TIMEZONE: "Europe/Paris",
        SLACK_BOT_TOKEN: " ",
      },
    });
    expect(config.NEXUDUS_USERNAME).toBe("env-user@example.com");
    expect(config.DIGEST_TIMEZONE).toBe("Europe/Paris");
    expect(config.SLACK_BOT_TOKEN).toBe(SECRET_JSON.SLACK_BOT_TOKEN);
    expect(config.NEXUDUS_PASSWORD).toBe(SECRET_JSON.NEXUDUS_PASSWORD);
  });

  it("fetches the secret once per environment, even for concurrent first invocations", async () => {
    // Prepare: a worker handler built as src/worker.ts builds it, from an environment naming the secret.
    stub.secrets.set(ARN, JSON.stringify(SECRET_JSON));
    const env = { APP_SECRET_ARN: ARN, APP_TABLE_NAME: "nwh-test-state" };
    const { createWorkerHandler } = await import("../../src");
    const { loadAppDeps } = await import("../../src/app/app-deps");
    const handler = createWorkerHandler(() => loadAppDeps(env));

    // Act: two concurrent first jobs, then a third (each invalid, so only the configuration is at work).
    await Promise.all([handler({}), handler({})]);
    await handler({});
    const afterOne = stub.calls.length;
    // A new cold start (here: a second handler) reads the secret again.
    await createWorkerHandler(() => loadAppDeps(env))({});

    // Assess
    expect(afterOne).toBe(1);
    expect(stub.calls).toHaveLength(2);
  });

  it("uses the environment alone when no APP_SECRET_ARN is set", async () => {
    const config = await loader.loadConfig({ env: { ...SECRET_JSON, PORT: "4000" } });
    expect(config.PORT).toBe(4000);
    expect(stub.calls).toHaveLength(0);
  });

  it("accepts numbers, booleans and ID arrays written by hand in the secret", async () => {
    stub.secrets.set(
      ARN,
      JSON.stringify({
        ...SECRET_JSON,
        DIGEST_MIN_ERRORS: 3,
        DIGEST_ALL_CLEAR: false,
        SLACK_ADMIN_USER_IDS: ["U012ABCDEF", "W0987ZYX"],
        DIGEST_CHANNEL: null,
        SOMETHING_ELSE: { nested: true },
      }),
    );
    const config = await loader.loadConfig({ env: { APP_SECRET_ARN: ARN } });
    expect(config).toMatchObject({
      DIGEST_MIN_ERRORS: 3,
      DIGEST_ALL_CLEAR: false,
      SLACK_ADMIN_USER_IDS: ["U012ABCDEF", "W0987ZYX"],
      DIGEST_CHANNEL: undefined,
    });
  });

  it("names a key missing from both the environment and the secret, without any value", async () => {
    const { NEXUDUS_PASSWORD: _dropped, ...withoutPassword } = SECRET_JSON;
    stub.secrets.set(ARN, JSON.stringify(withoutPassword));
    const error = await rejection(loader.loadConfig({ env: { APP_SECRET_ARN: ARN } }));
    expect(error.keys).toEqual(["NEXUDUS_PASSWORD"]);
    expect(error.message).toContain("NEXUDUS_PASSWORD is missing");
    expectNoSecretValue(error);
  });

  it("names a malformed key from the secret, without its value", async () => {
    stub.secrets.set(
      ARN,
      JSON.stringify({ ...SECRET_JSON, SLACK_BOT_TOKEN: "xoxp-SECRET-user", PORT: { n: 1 } }),
    );
    const error = await rejection(loader.loadConfig({ env: { APP_SECRET_ARN: ARN } }));
    expect(error.keys).toEqual(["PORT"]);
    expect(error.message).toContain("PORT in the secret must be a string");
    stub.secrets.set(ARN, JSON.stringify({ ...SECRET_JSON, SLACK_BOT_TOKEN: "xoxp-SECRET-user" }));
    const second = await rejection(loader.loadConfig({ env: { APP_SECRET_ARN: ARN } }));
    expect(second.keys).toEqual(["SLACK_BOT_TOKEN"]);
    expect(second.message).not.toContain("xoxp-SECRET-user");
    expectNoSecretValue(second);
  });

  it.each([
    ["not JSON", 'SLACK_BOT_TOKEN=xoxb-SECRET-token {"', "is not JSON"],
    ["a JSON array", JSON.stringify([SECRET_JSON.NEXUDUS_PASSWORD]), "not a JSON object"],
    ["a JSON string", JSON.stringify(SECRET_JSON.SLACK_SIGNING_SECRET), "not a JSON object"],
  ])("rejects a secret that is %s, naming APP_SECRET_ARN and not the text", async (_what, text, problem) => {
    stub.secrets.set(ARN, text);
    const error = await rejection(loader.loadConfig({ env: { APP_SECRET_ARN: ARN } }));
    expect(error.keys).toEqual(["APP_SECRET_ARN"]);
    expect(error.message).toContain(problem);
    expect(error.cause).toBeUndefined();
    expectNoSecretValue(error);
  });

  it("reports a secret that does not exist, and retries on the next call instead of caching the failure", async () => {
    // Act: the secret is not there yet.
    const error = await rejection(loader.loadConfig({ env: { APP_SECRET_ARN: ARN } }));
    expect(error.keys).toEqual(["APP_SECRET_ARN"]);
    expect(error.message).toContain("ResourceNotFoundException");
    // Prepare: an operator writes it. Act again: the next invocation succeeds.
    stub.secrets.set(ARN, JSON.stringify(SECRET_JSON));
    const config = await loader.loadConfig({ env: { APP_SECRET_ARN: ARN } });
    expect(config.SLACK_BOT_TOKEN).toBe(SECRET_JSON.SLACK_BOT_TOKEN);
    expect(stub.calls).toHaveLength(2);
  });

  it("rejects a malformed APP_SECRET_ARN without calling Secrets Manager", async () => {
    const error = await rejection(
      loader.loadConfig({ env: { ...SECRET_JSON, APP_SECRET_ARN: "my-SECRET-name" } }),
    );
    expect(error.keys).toEqual(["APP_SECRET_ARN"]);
    expect(error.message).not.toContain("my-SECRET-name");
    expect(stub.calls).toHaveLength(0);
  });

  it("reports an unreachable endpoint as a ConfigError naming APP_SECRET_ARN", async () => {
    // Prepare: the module's client factory, pointed where nothing listens.
    const client = await loader.createSecretsClient({ endpoint: await unreachableUrl() });
    // Act
    const error = await rejection(loader.loadConfig({ env: { APP_SECRET_ARN: ARN }, client }));
    // Assess
    expect(error.keys).toEqual(["APP_SECRET_ARN"]);
    expect(error.message).toContain("Secrets Manager did not answer (ECONNREFUSED)");
    expect(stub.calls).toHaveLength(0);
  });
});
