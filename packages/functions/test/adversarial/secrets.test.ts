import { ACTION_IDS, encodeActionValue } from "@nwh/core/blocks";
import { afterEach, describe, expect, it } from "vitest";
import { afterInterim, textOf } from "../support/slack-checks";
import { basicCredentialsOf, CANARY } from "./support/canaries";
import { ADMIN, type HostileBot, startHostileBot } from "./support/hostile-bot";
import { watchForLeaks } from "./support/leak-watch";

/*
 * Secrets under pressure: the Basic scheme (the base64 credentials on every request), refused credentials,
 * a Nexudus that echoes the request's Authorization header and body in its error messages, a revoked bot
 * token and invalid configuration values. The watch (leak-watch.ts) fails the file if any canary, any bearer
 * token the emulator issued, or the base64 credentials appear in a log line, a message, an answer or an error.
 */

const watch = watchForLeaks();
const WRONG_PASSWORD = "canary-wrong-password-6d2b8f0c4e";
const REVOKED_TOKEN = "xoxb-canary-revoked-token-1a7c3e9b";
const BAD_TOKEN = "xoxp-canary-user-token-0f9e8d7c6b";
watch.addSecrets(() => [
  WRONG_PASSWORD,
  basicCredentialsOf(CANARY.nexudusUsername, WRONG_PASSWORD),
  REVOKED_TOKEN,
  BAD_TOKEN,
]);

let bot: HostileBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    watch.scan("rejection", error);
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("canary secrets", () => {
  it("the watch sees the bot's DEBUG lines and the bearer tokens it must look for", async () => {
    bot = await startHostileBot(watch);

    const outcome = await bot.command("failing");

    expect(outcome.final.text).toContain("Failing webhooks");
    expect(bot.proxy.tokens.length).toBeGreaterThanOrEqual(2);
    expect(watch.lines().some((l) => l.includes('"level":"DEBUG"') && l.includes("Nexudus GET"))).toBe(true);
  });

  it("the Basic scheme: searches, a pause and the digest, with the credentials on every request", async () => {
    bot = await startHostileBot(watch, { auth: "basic" });
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;

    const search = await bot.command("failing");
    const pause = await bot.click(ACTION_IDS.pause, encodeActionValue({ id: hook.Id }), { userId: ADMIN });
    const digest = await bot.digest();

    expect(search.final.text).toContain("Failing webhooks");
    expect(afterInterim(pause.posts)).toHaveLength(2);
    expect(digest.status).toBe("posted");
    expect(bot.emu.requests.every((r) => r.authScheme === "basic")).toBe(true);
  });

  it.each(["bearer", "basic"] as const)(
    "refused %s credentials end in a readable message that names the keys, not the values",
    async (auth) => {
      bot = await startHostileBot(watch, { auth, env: { NEXUDUS_PASSWORD: WRONG_PASSWORD } });

      const outcome = await bot.command("failing");
      const digest = await rejectionOf(bot.digest());

      expect(textOf(outcome.final)).toContain("refused the bot's credentials");
      expect(textOf(outcome.final)).toContain("NEXUDUS_PASSWORD");
      expect(digest.name).toBe("DigestError");
    },
  );

  it.each(["bearer", "basic"] as const)(
    "a %s Nexudus that echoes the Authorization header and the body in its errors leaks nothing",
    async (auth) => {
      bot = await startHostileBot(watch, { auth });
      for (let i = 0; i < 4; i++) bot.proxy.echoNext("/api/sys/webhooks", 500);

      const search = await bot.command("failing");
      for (let i = 0; i < 4; i++) bot.proxy.echoNext("/api/sys/webhooks", 500);
      const digest = await rejectionOf(bot.digest());
      bot.proxy.echoNext("/api/sys/webhooks", 401);
      const unauthorized = await bot.command("failing");

      expect(textOf(search.final)).toMatch(/Nexudus answered 500 \d times/);
      expect(digest.message).toContain("Nexudus answered 500");
      // A bearer client renews its token once after a 401 and succeeds; for Basic a 401 is final.
      expect(textOf(unauthorized.final)).toContain(
        auth === "bearer" ? "Failing webhooks" : "refused the bot's credentials",
      );
    },
  );

  it("a token request answered with the echoed form (password included) leaks nothing", async () => {
    bot = await startHostileBot(watch);
    bot.proxy.echoNext("/api/token", 400);
    bot.proxy.echoNext("/api/token", 500);

    const first = await bot.command("failing");
    const second = await bot.command("failing");

    expect(textOf(first.final)).toContain("refused the bot's credentials");
    expect(second.final.text).toMatch(/Failing webhooks|Nexudus/);
  });

  it("Nexudus text quoting the bot's credentials in URL, key=value, Basic and Bearer form is redacted", async () => {
    bot = await startHostileBot(watch);
    const hook = bot.emu.account.webhooks.find((h) => h.Active && h.ErrorCount > 0)!;
    const basic = basicCredentialsOf(CANARY.nexudusUsername, CANARY.nexudusPassword);
    Object.assign(hook, {
      URL: `https://${encodeURIComponent(CANARY.nexudusUsername)}:${CANARY.nexudusPassword}@hooks.example.com/in?token=${CANARY.botToken}`,
      LastError: `401 from https://api.example.com/x?password=${CANARY.nexudusPassword} (Authorization: Basic ${basic})`,
      Description: `Signing: secret=${CANARY.signingSecret}\nAuthorization: Bearer ${CANARY.botToken}`,
    });

    const list = await bot.command("failing size:25", ADMIN);
    const details = await bot.command(`show ${hook.Id}`, ADMIN);
    const digest = await bot.digest();

    expect(textOf(details.final)).toContain("REDACTED");
    expect(list.final.text).toContain("Failing webhooks");
    expect(digest.status).toBe("posted");
  });

  it("a revoked bot token fails the digest readably, without the token", async () => {
    bot = await startHostileBot(watch, { env: { SLACK_BOT_TOKEN: REVOKED_TOKEN } });

    const error = await rejectionOf(bot.digest());

    expect(error.name).toBe("DigestError");
    expect(error.message).toContain("invalid_auth");
  });

  it("invalid configuration values are named by key, never shown", async () => {
    const { loadConfig } = await import("../../src/config/load-config");

    const error = await rejectionOf(
      loadConfig({
        env: {
          SLACK_SIGNING_SECRET: CANARY.signingSecret,
          SLACK_BOT_TOKEN: BAD_TOKEN,
          NEXUDUS_USERNAME: CANARY.nexudusUsername,
          NEXUDUS_PASSWORD: CANARY.nexudusPassword,
          NEXUDUS_BASE_URL: `https://${CANARY.nexudusUsername}:${CANARY.nexudusPassword}@spaces.nexudus.com/api`,
          DIGEST_TIMEZONE: `Mars/${CANARY.nexudusPassword}`,
        },
      }),
    );

    expect(error.message).toContain("SLACK_BOT_TOKEN");
    expect(error.message).toContain("NEXUDUS_BASE_URL");
    expect(error.message).toContain("DIGEST_TIMEZONE");
  });
});
