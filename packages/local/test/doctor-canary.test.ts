import { startEmulator } from "@nwh/emulator";
import { startSlackStub } from "@nwh/slack-stub";
import { afterEach, describe, expect, it } from "vitest";
import { type LocalChild, spawnLocal } from "./support/spawn-local";

/*
 * `npm run doctor` run as a user runs it, configured with canary credentials: none of them may appear in
 * what it prints, whether the checks pass or fail.
 */

const CANARY = {
  password: "canary-doctor-password-7f3a1c9e",
  totp: "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU",
  botToken: "xoxb-canary-doctor-bot-2b8d6f0a",
  appToken: "xapp-1-canary-doctor-app-4e1c9a7b",
  signingSecret: "canary-doctor-signing-secret-9d2f",
  wrongPassword: "canary-doctor-wrong-password-5a0e",
  wrongToken: "xoxb-canary-doctor-wrong-token-1f7c",
};

const children: LocalChild[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.child.exitCode === null) c.child.kill("SIGKILL");
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function setup() {
  const emu = await startEmulator({
    rateLimit: false,
    credentials: { username: "bot@example.com", password: CANARY.password, totpSecret: CANARY.totp },
  });
  const stub = await startSlackStub({ token: CANARY.botToken, appToken: CANARY.appToken });
  closers.push(
    () => emu.close(),
    () => stub.close(),
  );
  return {
    PORT: "0",
    NEXUDUS_BASE_URL: emu.url,
    NEXUDUS_USERNAME: "bot@example.com",
    NEXUDUS_PASSWORD: CANARY.password,
    NEXUDUS_TOTP_SECRET: CANARY.totp,
    SLACK_API_URL: stub.apiUrl,
    SLACK_BOT_TOKEN: CANARY.botToken,
    SLACK_APP_TOKEN: CANARY.appToken,
    SLACK_SIGNING_SECRET: CANARY.signingSecret,
    SLACK_ADMIN_USER_IDS: "U0ADMIN001",
    DIGEST_CHANNEL: "C0DIGEST01",
  };
}

async function doctor(env: Record<string, string>, args: string[] = []) {
  const child = spawnLocal({ npm: "doctor" }, env, args);
  children.push(child);
  const { code } = await child.exited;
  return { code, printed: child.stdout() + child.stderr(), stdout: child.stdout() };
}

const leaked = (printed: string) => Object.values(CANARY).filter((canary) => printed.includes(canary));

describe("npm run doctor never prints a secret", () => {
  it("when every check passes, --write included", async () => {
    // Act
    const run = await doctor(await setup(), ["--write"]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "✓ Two-factor authentication: Nexudus accepted the code computed from NEXUDUS_TOTP_SECRET",
    );
    expect(run.stdout).toContain("✓ Socket Mode app token: SLACK_APP_TOKEN opens a Socket Mode connection");
    expect(leaked(run.printed)).toEqual([]);
  });

  it("when the credentials are wrong, and exits 1", async () => {
    // Act
    const env = await setup();
    const run = await doctor({
      ...env,
      NEXUDUS_PASSWORD: CANARY.wrongPassword,
      SLACK_BOT_TOKEN: CANARY.wrongToken,
    });

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ Nexudus credentials");
    expect(run.stdout).toContain("✗ Slack bot token: Slack refused SLACK_BOT_TOKEN (invalid_auth)");
    expect(leaked(run.printed)).toEqual([]);
  });
});
