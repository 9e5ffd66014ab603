import { CONFIG_KEYS, ConfigError, DEFAULT_SLACK_API_URL, parseConfig } from "@nwh/core/config";
import { describe, expect, it } from "vitest";
import { DEFAULT_NEXUDUS_BASE_URL } from "../../src/config/config-schema";
import { listSetKeys, redactConfig } from "../../src/config/redact-config";
import { requireDigestChannel } from "../../src/config/require-digest-channel";

const REQUIRED = {
  SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5",
  SLACK_BOT_TOKEN: "xoxb-1234-5678-abcdefSECRET",
  NEXUDUS_USERNAME: "bot@example.com",
  NEXUDUS_PASSWORD: "hunter2-SECRET",
};

function configError(source: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(source);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("parseConfig accepted the source");
}

describe("parseConfig", () => {
  it("applies the documented defaults when only the required keys are set", () => {
    const config = parseConfig(REQUIRED);
    expect(config).toEqual({
      ...REQUIRED,
      SLACK_API_URL: DEFAULT_SLACK_API_URL,
      NEXUDUS_BASE_URL: DEFAULT_NEXUDUS_BASE_URL,
      NEXUDUS_AUTH: "bearer",
      NEXUDUS_TOTP_SECRET: undefined,
      NEXUDUS_DATES: "utc",
      NEXUDUS_TIMEZONE: undefined,
      SLACK_ALLOWED_USER_IDS: [],
      SLACK_ADMIN_USER_IDS: [],
      DIGEST_CHANNEL: undefined,
      DIGEST_TIMEZONE: "UTC",
      DIGEST_MIN_ERRORS: 1,
      DIGEST_ALL_CLEAR: true,
      DEFAULT_SUBSCRIPTION: true,
      PORT: 3000,
      APP_SECRET_ARN: undefined,
      WORKER_FUNCTION_NAME: undefined,
      DIGEST_SCHEDULE: "cron(0 8 * * ? *)",
      ALERT_SCHEDULE: "rate(5 minutes)",
      ALERT_MIN_ERRORS: 3,
      ALERT_AT_RISK: 7,
      ALERT_MENTION: [],
      ALERT_MAX_PER_RUN: 10,
    });
    expect(DEFAULT_NEXUDUS_BASE_URL).toBe("https://spaces.nexudus.com/api");
  });

  it("parses every key when all are given", () => {
    const config = parseConfig({
      ...REQUIRED,
      SLACK_API_URL: "http://127.0.0.1:9000/api",
      NEXUDUS_BASE_URL: "http://127.0.0.1:8080/api/",
      NEXUDUS_AUTH: " Basic ",
      SLACK_ALLOWED_USER_IDS: " U012ABCDEF, W0987ZYX ,,",
      SLACK_ADMIN_USER_IDS: "U012ABCDEF",
      DIGEST_CHANNEL: "C0123456789",
      DIGEST_TIMEZONE: "Europe/London",
      DIGEST_MIN_ERRORS: "3",
      DIGEST_ALL_CLEAR: "FALSE",
      DEFAULT_SUBSCRIPTION: " OFF ",
      PORT: "8080",
      APP_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod-bot-AbCdEf",
      WORKER_FUNCTION_NAME: "prod-nexudus-webhook-health-Worker-XYZ",
      DIGEST_SCHEDULE: "cron(30 6 ? * MON-FRI *)",
    });
    expect(config).toMatchObject({
      // A trailing slash is what Slack's WebClient expects; Nexudus paths are appended after a slash.
      SLACK_API_URL: "http://127.0.0.1:9000/api/",
      NEXUDUS_BASE_URL: "http://127.0.0.1:8080/api",
      NEXUDUS_AUTH: "basic",
      SLACK_ALLOWED_USER_IDS: ["U012ABCDEF", "W0987ZYX"],
      SLACK_ADMIN_USER_IDS: ["U012ABCDEF"],
      DIGEST_CHANNEL: "C0123456789",
      DIGEST_TIMEZONE: "Europe/London",
      DIGEST_MIN_ERRORS: 3,
      DIGEST_ALL_CLEAR: false,
      DEFAULT_SUBSCRIPTION: false,
      PORT: 8080,
      APP_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod-bot-AbCdEf",
      WORKER_FUNCTION_NAME: "prod-nexudus-webhook-health-Worker-XYZ",
      DIGEST_SCHEDULE: "cron(30 6 ? * MON-FRI *)",
    });
  });

  it("reads the two-factor key, the date reading and the fallback zone of Nexudus", () => {
    const config = parseConfig({
      ...REQUIRED,
      NEXUDUS_TOTP_SECRET: " jbsw y3dp ehpk 3pxp ",
      NEXUDUS_DATES: " Local ",
      NEXUDUS_TIMEZONE: "Europe/Lisbon",
    });
    expect(config).toMatchObject({
      NEXUDUS_TOTP_SECRET: "jbsw y3dp ehpk 3pxp",
      NEXUDUS_DATES: "local",
      NEXUDUS_TIMEZONE: "Europe/Lisbon",
    });
    expect(redactConfig(config).NEXUDUS_TOTP_SECRET).toBe("set");
  });

  it("treats blank values as unset and ignores keys outside the contract", () => {
    const config = parseConfig({
      ...REQUIRED,
      PORT: "  ",
      DIGEST_ALL_CLEAR: "",
      HOME: "/root",
      PATH: "/bin",
    });
    expect(config.PORT).toBe(3000);
    expect(config.DIGEST_ALL_CLEAR).toBe(true);
    expect(config).not.toHaveProperty("HOME");
  });

  it("names every missing required key", () => {
    const error = configError({ SLACK_BOT_TOKEN: "xoxb-1", NEXUDUS_PASSWORD: "   " });
    expect(error.keys).toEqual(["SLACK_SIGNING_SECRET", "NEXUDUS_USERNAME", "NEXUDUS_PASSWORD"]);
    expect(error.message).toContain("SLACK_SIGNING_SECRET is missing");
    expect(error.name).toBe("ConfigError");
  });

  it.each([
    ["SLACK_BOT_TOKEN", "xoxp-user-token-SECRET", "bot token"],
    ["SLACK_API_URL", "slack.com/api", "http(s) URL"],
    ["SLACK_API_URL", "https://user:pa55-SECRET@slack.example/api/", "credentials"],
    ["NEXUDUS_BASE_URL", "ftp://spaces.nexudus.com/api", "http(s) URL"],
    ["NEXUDUS_BASE_URL", "ftp://bob:pa55-SECRET@spaces.nexudus.com/api", "credentials"],
    ["NEXUDUS_AUTH", "oauth-SECRET", "bearer or basic"],
    ["NEXUDUS_TOTP_SECRET", "JBSWY3DPEHPK3PX1-SECRET", "base32 key"],
    ["NEXUDUS_TOTP_SECRET", "JBSWY3DP", "at least 16"],
    ["NEXUDUS_DATES", "wallclock-SECRET", "utc or local"],
    ["NEXUDUS_TIMEZONE", "CET+1-SECRET", "IANA time zone"],
    ["SLACK_ALLOWED_USER_IDS", "U0123ABC,bob-SECRET", "(item 2)"],
    ["SLACK_ADMIN_USER_IDS", "C0123ABC", "Slack user IDs"],
    ["DIGEST_CHANNEL", "#general-SECRET", "channel ID"],
    ["DIGEST_TIMEZONE", "Mars/Olympus-SECRET", "IANA time zone"],
    ["DIGEST_MIN_ERRORS", "0000", "from 1 to 10"],
    ["DIGEST_MIN_ERRORS", "11", "from 1 to 10"],
    ["DIGEST_MIN_ERRORS", "2.5", "whole number"],
    ["DIGEST_ALL_CLEAR", "yes-SECRET", "true or false"],
    ["DEFAULT_SUBSCRIPTION", "true-SECRET", "on or off"],
    ["PORT", "70000", "from 0 to 65535"],
    ["APP_SECRET_ARN", "my-secret-SECRET", "secret ARN"],
    ["WORKER_FUNCTION_NAME", "two words SECRET", "function name"],
    ["DIGEST_SCHEDULE", "daily-SECRET", "schedule expression"],
    ["ALERT_CHANNEL", "#ops-SECRET", "channel ID"],
    ["ALERT_SCHEDULE", "every 5 minutes SECRET", "schedule expression"],
    ["ALERT_MIN_ERRORS", "10", "from 1 to 9"],
    ["ALERT_AT_RISK", "1", "from 2 to 9"],
    ["ALERT_MENTION", "S0OPS,@channel-SECRET", "user-group IDs"],
    ["ALERT_MAX_PER_RUN", "51", "from 1 to 50"],
  ])("rejects a malformed %s, naming the key and the rule but never the value", (key, value, rule) => {
    const error = configError({ ...REQUIRED, [key]: value });
    expect(error.keys).toEqual([key]);
    expect(error.message).toContain(key);
    expect(error.message).toContain(rule);
    const problems = error.message.replaceAll(key, "");
    expect(problems).not.toContain(value.trim());
    expect(problems).not.toContain("SECRET");
  });

  it("parses the alert names, and refuses an escalation that does not come after the opening", () => {
    const config = parseConfig({
      ...REQUIRED,
      ALERT_CHANNEL: " C0ALERTS ",
      ALERT_SCHEDULE: "rate(2 minutes)",
      ALERT_MIN_ERRORS: "2",
      ALERT_AT_RISK: "5",
      ALERT_MENTION: "S0OPS, U0LEAD ,",
      ALERT_MAX_PER_RUN: "20",
    });
    expect(config).toMatchObject({
      ALERT_CHANNEL: "C0ALERTS",
      ALERT_SCHEDULE: "rate(2 minutes)",
      ALERT_MIN_ERRORS: 2,
      ALERT_AT_RISK: 5,
      ALERT_MENTION: ["S0OPS", "U0LEAD"],
      ALERT_MAX_PER_RUN: 20,
    });
    const error = configError({ ...REQUIRED, ALERT_MIN_ERRORS: "6", ALERT_AT_RISK: "6" });
    expect(error.keys).toEqual(["ALERT_AT_RISK"]);
    expect(error.message).toContain("must be above ALERT_MIN_ERRORS");
  });

  it("never echoes a required credential's value, even when every other key is wrong", () => {
    const error = configError({
      ...REQUIRED,
      SLACK_BOT_TOKEN: "xoxe-SECRET",
      PORT: "SECRET",
      DIGEST_MIN_ERRORS: "SECRET",
    });
    expect(error.keys).toEqual(["SLACK_BOT_TOKEN", "DIGEST_MIN_ERRORS", "PORT"]);
    expect(error.message).not.toMatch(/SECRET|hunter2|8f742231/);
    expect(JSON.stringify(error.issues)).not.toMatch(/SECRET|hunter2|8f742231/);
  });
});

describe("redactConfig and listSetKeys", () => {
  it("reports which keys are set and how many IDs a list holds, without any value", () => {
    const config = parseConfig({ ...REQUIRED, SLACK_ADMIN_USER_IDS: "U012ABCDEF,W0987ZYX" });
    const view = redactConfig(config);
    expect(Object.keys(view)).toEqual(CONFIG_KEYS);
    expect(view).toMatchObject({
      SLACK_BOT_TOKEN: "set",
      NEXUDUS_PASSWORD: "set",
      DIGEST_CHANNEL: "unset",
      SLACK_ADMIN_USER_IDS: "2 ids",
      SLACK_ALLOWED_USER_IDS: "0 ids",
    });
    expect(JSON.stringify(view)).not.toMatch(/hunter2|xoxb|bot@example|U012ABCDEF/);
  });

  it("lists the configuration names a source gives a value, ignoring blanks and other names", () => {
    expect(
      listSetKeys({ SLACK_BOT_TOKEN: "xoxb-1", PORT: " ", HOME: "/root", DIGEST_MIN_ERRORS: 3 }),
    ).toEqual(["SLACK_BOT_TOKEN", "DIGEST_MIN_ERRORS"]);
  });
});

describe("requireDigestChannel", () => {
  it("returns the channel, or names DIGEST_CHANNEL when it is missing", () => {
    expect(requireDigestChannel(parseConfig({ ...REQUIRED, DIGEST_CHANNEL: "C0123456789" }))).toBe(
      "C0123456789",
    );
    expect(() => requireDigestChannel(parseConfig(REQUIRED))).toThrow(/DIGEST_CHANNEL is missing/);
  });
});
