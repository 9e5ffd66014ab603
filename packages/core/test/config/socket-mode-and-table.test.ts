import { ConfigError, parseConfig, SECRET_CONFIG_KEYS } from "@nwh/core/config";
import { describe, expect, it } from "vitest";

const REQUIRED = {
  SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5",
  SLACK_BOT_TOKEN: "xoxb-1234-5678-abcdef",
  NEXUDUS_USERNAME: "bot@example.com",
  NEXUDUS_PASSWORD: "hunter2",
};

function problem(source: Record<string, string>): string {
  try {
    parseConfig({ ...REQUIRED, ...source });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return "accepted";
}

describe("SLACK_APP_TOKEN and APP_TABLE_NAME", () => {
  it("takes an app-level token, and refuses a bot token there without quoting it", () => {
    expect(parseConfig({ ...REQUIRED, SLACK_APP_TOKEN: " xapp-1-A0-123-abc " }).SLACK_APP_TOKEN).toBe(
      "xapp-1-A0-123-abc",
    );
    expect(parseConfig(REQUIRED).SLACK_APP_TOKEN).toBeUndefined();
    const message = problem({ SLACK_APP_TOKEN: "xoxb-pasted-in-the-wrong-place" });
    expect(message).toBe(
      "Invalid configuration: SLACK_APP_TOKEN must be an app-level token starting with xapp-",
    );
    expect(SECRET_CONFIG_KEYS).toContain("SLACK_APP_TOKEN");
  });

  it("takes a DynamoDB table name, and refuses anything else", () => {
    expect(parseConfig({ ...REQUIRED, APP_TABLE_NAME: "prod-bot-table" }).APP_TABLE_NAME).toBe(
      "prod-bot-table",
    );
    expect(problem({ APP_TABLE_NAME: "no spaces allowed" })).toBe(
      "Invalid configuration: APP_TABLE_NAME must be a DynamoDB table name (3–255 of A–Z, a–z, 0–9, _ . -)",
    );
  });
});
