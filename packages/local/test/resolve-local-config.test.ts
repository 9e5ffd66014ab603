import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "@nwh/core/config";
import { LOCAL_TABLE_NAME } from "@nwh/core/store";
import { startLocalTable } from "@nwh/dynamo-local";
import { DEMO_CREDENTIALS } from "@nwh/emulator";
import { dynamoStore, tableClient, tableLocationOf } from "@nwh/functions";
import { afterEach, describe, expect, it } from "vitest";
import { DEV_BOT_TOKEN, LOCAL_CHANNEL, LOCAL_USER } from "../src/local-identity";
import { type LocalConfig, resolveLocalConfig } from "../src/resolve-local-config";

const started: LocalConfig[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((c) => c.close()));
});
async function resolve(env: NodeJS.ProcessEnv): Promise<LocalConfig> {
  const config = await resolveLocalConfig(env);
  started.push(config);
  return config;
}

describe("resolveLocalConfig", () => {
  it("embeds the emulator, the Slack stub and local defaults when nothing is set", async () => {
    // Act
    const config = await resolve({});

    // Assess
    expect(config.emulator).toBeDefined();
    expect(config.slackStub).toBeDefined();
    expect(config.env).toEqual({
      SLACK_SIGNING_SECRET: expect.stringMatching(/^[0-9a-f]{64}$/),
      SLACK_BOT_TOKEN: DEV_BOT_TOKEN,
      SLACK_API_URL: config.slackStub!.apiUrl,
      NEXUDUS_BASE_URL: config.emulator!.url,
      NEXUDUS_USERNAME: DEMO_CREDENTIALS.username,
      NEXUDUS_PASSWORD: DEMO_CREDENTIALS.password,
      SLACK_ADMIN_USER_IDS: LOCAL_USER.id,
      DIGEST_CHANNEL: LOCAL_CHANNEL.id,
      APP_TABLE_NAME: LOCAL_TABLE_NAME,
      PORT: "3000",
      AWS_ENDPOINT_URL_DYNAMODB: config.table!.endpoint,
    });
    expect(config.table?.storage).toBe("memory");
    expect(config.port).toBe(3000);
    expect(config.origins.NEXUDUS_BASE_URL).toBe("embedded");
    expect(config.origins.NEXUDUS_AUTH).toBe("default");
    expect(config.emulator!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    expect(config.slackStub!.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it("generates a new signing secret on every start", async () => {
    const a = await resolve({});
    const b = await resolve({});

    expect(a.env.SLACK_SIGNING_SECRET).not.toBe(b.env.SLACK_SIGNING_SECRET);
  });

  it("the embedded stub accepts the resolved bot token and refuses another", async () => {
    const config = await resolve({ SLACK_BOT_TOKEN: "xoxb-mine" });
    const call = (token: string) =>
      fetch(`${config.slackStub!.apiUrl}auth.test`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
      }).then((r) => r.json());

    expect(await call("xoxb-mine")).toMatchObject({ ok: true });
    expect(await call(DEV_BOT_TOKEN)).toMatchObject({ ok: false, error: "invalid_auth" });
  });

  it("lets every name set in the environment replace its default, and starts no stand-in it replaced", async () => {
    const env = {
      SLACK_SIGNING_SECRET: "user-secret",
      SLACK_BOT_TOKEN: "xoxb-user",
      SLACK_API_URL: "http://127.0.0.1:9/api/",
      SLACK_APP_TOKEN: "xapp-1-user",
      NEXUDUS_BASE_URL: "http://127.0.0.1:9/api",
      NEXUDUS_USERNAME: "someone@example.com",
      NEXUDUS_PASSWORD: "pw",
      NEXUDUS_AUTH: "basic",
      SLACK_ALLOWED_USER_IDS: "U1,U2",
      SLACK_ADMIN_USER_IDS: "U1",
      DIGEST_CHANNEL: "C999",
      DIGEST_TIMEZONE: "Europe/London",
      DIGEST_MIN_ERRORS: "3",
      DIGEST_ALL_CLEAR: "false",
      ALERT_CHANNEL: "C998",
      ALERT_SCHEDULE: "rate(10 minutes)",
      ALERT_MIN_ERRORS: "4",
      ALERT_AT_RISK: "8",
      ALERT_MENTION: "S0OPS",
      ALERT_MAX_PER_RUN: "5",
      DEFAULT_SUBSCRIPTION: "off",
      NEXUDUS_TOTP_SECRET: "JBSWY3DPEHPK3PXP",
      NEXUDUS_DATES: "local",
      NEXUDUS_TIMEZONE: "Europe/London",
      APP_TABLE_NAME: "user-table",
      PORT: "0",
      LOCAL_STATE_DIR: "/tmp/nwh-never-used",
      AWS_ENDPOINT_URL_DYNAMODB: "https://dynamodb.eu-west-1.amazonaws.com",
    };

    const config = await resolve({ ...env, UNRELATED: "x" });

    expect(config.env).toEqual(env);
    expect(Object.values(config.origins).every((o) => o === "environment")).toBe(true);
    expect(config.emulator).toBeUndefined();
    expect(config.slackStub).toBeUndefined();
    expect(config.table).toBeUndefined();
    expect(config.port).toBe(0);
  });

  it("keeps the embedded table in LOCAL_STATE_DIR between runs", async () => {
    // Prepare: a first run leaves a mark in the table.
    const dir = mkdtempSync(join(tmpdir(), "nwh-state-"));
    const first = await resolveLocalConfig({ LOCAL_STATE_DIR: dir });
    const store = dynamoStore(tableClient(tableLocationOf(parseConfig(first.env))), { now: () => 1_000 });
    await store.marks.mark("kept", 60_000, "note");
    await first.close();

    // Act: a second run on the same directory.
    const second = await resolve({ LOCAL_STATE_DIR: dir });
    const again = dynamoStore(tableClient(tableLocationOf(parseConfig(second.env))), { now: () => 2_000 });

    // Assess
    expect(second.table?.storage).toBe(dir);
    expect(await again.marks.read("kept")).toEqual({ note: "note" });
  });

  it("uses APP_TABLE_NAME on a loopback AWS_ENDPOINT_URL_DYNAMODB, creating the table when it is missing", async () => {
    // Prepare: a DynamoDB-compatible server of the user's, without the table.
    const server = await startLocalTable({ tableName: "placeholder-table" });
    try {
      // Act
      const config = await resolve({
        APP_TABLE_NAME: "shared-state",
        AWS_ENDPOINT_URL_DYNAMODB: server.endpoint,
      });

      // Assess: nothing embedded; the table now exists there and can be written.
      expect(config.table).toBeUndefined();
      expect(config.origins.APP_TABLE_NAME).toBe("environment");
      const store = dynamoStore(tableClient(tableLocationOf(parseConfig(config.env))), { now: () => 1 });
      expect(await store.marks.mark("first", 1000)).toBe(true);
      expect(await store.marks.mark("first", 1000)).toBe(false);
    } finally {
      await server.close();
    }
  });

  it("never sends the demo credentials to a Nexudus the user named", async () => {
    const config = await resolve({ NEXUDUS_BASE_URL: "https://spaces.nexudus.com/api" });

    expect(config.emulator).toBeUndefined();
    expect(config.env.NEXUDUS_USERNAME).toBeUndefined();
    expect(config.env.NEXUDUS_PASSWORD).toBeUndefined();
    expect(config.slackStub).toBeDefined();
  });

  it("treats an empty variable as unset", async () => {
    const config = await resolve({
      SLACK_SIGNING_SECRET: " ",
      NEXUDUS_BASE_URL: "",
      SLACK_ADMIN_USER_IDS: "",
    });

    expect(config.origins.SLACK_SIGNING_SECRET).toBe("embedded");
    expect(config.emulator).toBeDefined();
    expect(config.env.SLACK_ADMIN_USER_IDS).toBe(LOCAL_USER.id);
  });
});

describe("resolveLocalConfig with SLACK_APP_TOKEN (Socket Mode)", () => {
  it("alone means a real workspace: Slack's own API, no stub, and no stand-in channel or admin", async () => {
    // Act
    const config = await resolve({ SLACK_APP_TOKEN: "xapp-1-real", SLACK_BOT_TOKEN: "xoxb-real" });

    // Assess
    expect(config.slackStub).toBeUndefined();
    expect(config.env.SLACK_API_URL).toBeUndefined();
    expect(config.env.DIGEST_CHANNEL).toBeUndefined();
    expect(config.env.SLACK_ADMIN_USER_IDS).toBeUndefined();
    expect(config.emulator).toBeDefined();
  });

  it("with SLACK_API_URL set, talks to that API (a stub in tests) as before", async () => {
    // Act
    const config = await resolve({
      SLACK_APP_TOKEN: "xapp-1-real",
      SLACK_API_URL: "http://127.0.0.1:9/api/",
    });

    // Assess
    expect(config.env.SLACK_BOT_TOKEN).toBe(DEV_BOT_TOKEN);
    expect(config.env.DIGEST_CHANNEL).toBe(LOCAL_CHANNEL.id);
  });

  it("without SLACK_BOT_TOKEN, names the missing key and starts nothing", async () => {
    // Act / Assess
    await expect(resolveLocalConfig({ SLACK_APP_TOKEN: "xapp-1-real" })).rejects.toThrow(
      /^Invalid configuration: SLACK_BOT_TOKEN is missing: with SLACK_APP_TOKEN set/,
    );
  });
});
