import { afterEach, describe, expect, it } from "vitest";
import { commandBody, signedEvent } from "./support/api-gateway";
import { ADMIN, type Bot, STRANGER, startBot, USER } from "./support/bot";
import { expectSafeMessage, textOf } from "./support/slack-checks";

let bot: Bot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

function command(b: Bot, text: string, userId = USER) {
  const responseUrl = b.stub.newResponseUrl();
  return {
    responseUrl,
    event: signedEvent({
      body: commandBody({ text, userId, responseUrl }),
      contentType: "application/x-www-form-urlencoded",
    }),
  };
}

describe("/webhooks through the Lambda handler (signed API Gateway v2 events)", () => {
  it("answers every command form inline, ephemerally, within Slack's limits", async () => {
    bot = await startBot();
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const cases: Array<[string, string]> = [
      ["", "Nexudus webhooks"],
      ["help", "/webhooks"],
      ["failing", "Failing webhooks"],
      ["disabled", "found"],
      ["active", "found"],
      ["healthy", "found"],
      ["stale:30d", "found"],
      ["all size:3 page:2", "page 2 of"],
      ['name:zapier action:"invoice paid"', "found"],
      ['location:"Downtown Hub" errors:>=3 sort:-errors', "found"],
      ["triggered:<7d created:2020-01-01..", "found"],
      ["-action:BookingCreate failing", "left out by your exclusions"],
      [`show ${hook.Id}`, hook.Description!],
      [String(hook.Id), hook.Description!],
      ["actoin:BookingCreate", "action:"],
      ["active disabled", ":warning:"],
    ];

    for (const [text, expected] of cases) {
      const { event } = command(bot, text);
      const answer = await bot.send(event);

      expect(answer.status, text).toBe(200);
      expect(answer.body.response_type, text).toBe("ephemeral");
      expectSafeMessage(answer.body);
      expect(textOf(answer.body), text).toContain(expected);
    }
    // Every answer was the ack itself: nothing handed to the worker, nothing posted to a response_url.
    expect(bot.jobs).toHaveLength(0);
    expect(bot.stub.responses).toHaveLength(0);
    // No auth.test, not at the cold start, not at the first request.
    expect(bot.stub.calls.filter((c) => c.method === "auth.test")).toHaveLength(0);
  });

  it("renders the demo webhook named with <!channel> and the one with credentials safely", async () => {
    bot = await startBot({ admins: [ADMIN] });
    const kisi = bot.emu.account.webhooks.find((h) => h.URL.includes("S3cr3t-pass"))!;

    const list = await bot.send(command(bot, "failing size:25", ADMIN).event);
    const details = await bot.send(command(bot, `show ${kisi.Id}`).event);

    expectSafeMessage(list.body);
    expectSafeMessage(details.body);
    expect(list.raw).toContain("&lt;!channel&gt;");
    expect(list.raw).not.toContain("<!channel>");
    expect(textOf(details.body)).toContain("REDACTED");
    expect(details.raw).not.toContain("S3cr3t-pass");
  });

  it("asks an admin to confirm `pause ID` and refuses it to others without asking Nexudus", async () => {
    bot = await startBot();
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;

    const refused = await bot.send(command(bot, `pause ${hook.Id}`, USER).event);
    const requestsAfterRefusal = bot.emu.requests.length;
    const confirm = await bot.send(command(bot, `pause ${hook.Id}`, ADMIN).event);

    expect(requestsAfterRefusal).toBe(0);
    expect(textOf(refused.body)).toContain("Only webhook admins");
    expectSafeMessage(confirm.body);
    expect(confirm.raw).toContain("webhooks_pause");
    expect(bot.emu.account.webhooks.find((h) => h.Id === hook.Id)!.Active).toBe(true);
    const paused = bot.emu.account.webhooks.find((h) => !h.Active)!;
    const resume = await bot.send(command(bot, `resume ${paused.Id}`, ADMIN).event);
    expectSafeMessage(resume.body);
    expect(resume.raw).toContain("webhooks_resume");
    expect(bot.emu.requests.filter((r) => r.method === "PUT")).toHaveLength(0);
  });

  it("refuses a user who is not allowed, before any Nexudus request", async () => {
    bot = await startBot({ allowed: [USER] });

    const answer = await bot.send(command(bot, "failing", STRANGER).event);

    expect(answer.status).toBe(200);
    expect(answer.body.response_type).toBe("ephemeral");
    expect(textOf(answer.body)).toContain("not allowed");
    expect(bot.emu.requests).toHaveLength(0);
  });

  it("lets everyone search when SLACK_ALLOWED_USER_IDS is empty", async () => {
    bot = await startBot({ allowed: [] });

    const answer = await bot.send(command(bot, "failing", STRANGER).event);

    expect(textOf(answer.body)).toContain("Failing webhooks");
  });

  it.each([
    ["a bad signature", { headers: { "x-slack-signature": `v0=${"0".repeat(64)}` } }],
    ["a signature made with another secret", { secret: "not-the-secret" }],
    ["a stale timestamp", { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
    ["a timestamp from the future", { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 }],
    ["no signature header", { headers: { "x-slack-signature": undefined } }],
    ["no timestamp header", { headers: { "x-slack-request-timestamp": undefined } }],
  ])("answers 401 to %s and never calls Nexudus", async (_name, tamper) => {
    bot = await startBot();
    const body = commandBody({ text: "failing", userId: USER, responseUrl: bot.stub.newResponseUrl() });

    const answer = await bot.send(
      signedEvent({ body, contentType: "application/x-www-form-urlencoded", ...tamper }),
    );

    expect(answer.status).toBe(401);
    expect(answer.raw).toBe("");
    expect(bot.emu.requests).toHaveLength(0);
    expect(bot.stub.calls).toHaveLength(0);
  });

  it("answers 401 to a body changed after signing (the signature covers the decoded raw body)", async () => {
    bot = await startBot();
    const body = commandBody({ text: "failing", userId: USER, responseUrl: bot.stub.newResponseUrl() });
    const event = signedEvent({ body, contentType: "application/x-www-form-urlencoded" });
    event.body = Buffer.from(body.replace("failing", "all"), "utf8").toString("base64");

    const answer = await bot.send(event);

    expect(answer.status).toBe(401);
    expect(bot.emu.requests).toHaveLength(0);
  });

  it("turns Nexudus 500s into a readable ephemeral message", async () => {
    bot = await startBot();
    bot.emu.faults.fraction(1, 500);

    const answer = await bot.send(command(bot, "failing").event);

    expect(answer.status).toBe(200);
    expect(answer.body.response_type).toBe("ephemeral");
    expectSafeMessage(answer.body);
    expect(textOf(answer.body)).toContain("Nexudus answered 500");
  });

  it("turns refused credentials into a readable ephemeral message naming what to check", async () => {
    bot = await startBot({ env: { NEXUDUS_PASSWORD: "wrong-password-123" } });

    const answer = await bot.send(command(bot, "failing").event);

    expectSafeMessage(answer.body);
    expect(textOf(answer.body)).toContain("refused the bot's credentials");
    expect(answer.raw).not.toContain("wrong-password-123");
  });

  it("with NEXUDUS_DATES=local, a search by date fetches the wider range and checks it here; utc pages at Nexudus", async () => {
    for (const dates of ["utc", "local"] as const) {
      // Prepare
      bot = await startBot({ env: { NEXUDUS_DATES: dates } });
      if (dates === "local") bot.emu.faults.quirks({ dates: "local" });

      // Act
      const answer = await bot.send(command(bot, "triggered:within:7d").event);

      // Assess
      expect(textOf(answer.body), dates).toContain("found");
      // One request: utc sends 7 days back and pages there; local sends 12 h more and fetches every match.
      const [search, ...more] = bot.emu.requests.filter((r) => r.path === "/api/sys/webhooks");
      const from = Date.parse(`${search!.query.from_WebHook_LastTrigger}Z`);
      const sevenDaysBefore = search!.at - 7 * 24 * 60 * 60_000 - (dates === "local" ? 12 * 60 * 60_000 : 0);
      expect(more).toEqual([]);
      expect(from).toBeLessThanOrEqual(sevenDaysBefore);
      expect(from).toBeGreaterThan(sevenDaysBefore - 10 * 60_000);
      expect(search!.query.size).toBe(dates === "utc" ? "10" : "1000");
      await bot.close();
      bot = undefined;
    }
  });
});
