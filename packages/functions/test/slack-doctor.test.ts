import { afterEach, describe, expect, it } from "vitest";
import { commandBody, signedEvent } from "./support/api-gateway";
import { ADMIN, type Bot, STRANGER, startBot, USER } from "./support/bot";
import { expectAllSlackTrafficSafe, textOf } from "./support/slack-checks";

/* `/webhooks doctor` through the real slack handler, with signed requests, and the worker. */

let bot: Bot | undefined;
afterEach(async () => {
  if (bot) expectAllSlackTrafficSafe(bot.stub);
  await bot?.close();
  bot = undefined;
});

function doctorCommand(b: Bot, userId: string) {
  const responseUrl = b.stub.newResponseUrl();
  const event = signedEvent({
    body: commandBody({ text: "doctor", userId, responseUrl }),
    contentType: "application/x-www-form-urlencoded",
  });
  return { event, posts: () => b.stub.responses.filter((r) => responseUrl.endsWith(r.path)) };
}

describe("/webhooks doctor", () => {
  it("for an admin: says it is checking, hands over to the worker, which answers with the report", async () => {
    // Prepare
    bot = await startBot({ env: { DIGEST_CHANNEL: "C0DIGEST01" } });
    const { event, posts } = doctorCommand(bot, ADMIN);

    // Act
    const answer = await bot.send(event);
    const before = bot.emu.requests.length;
    await bot.settle();

    // Assess: the ack says it is working and nothing was checked yet; the worker's answer replaces it.
    expect(answer.body).toMatchObject({ response_type: "ephemeral", text: "Checking the bot's setup…" });
    expect(before).toBe(0);
    expect(bot.jobs).toHaveLength(1);
    expect(bot.jobs[0]).toMatchObject({ kind: "command", text: "doctor", userId: ADMIN });
    expect(posts()).toHaveLength(1);
    const report = posts()[0]!.body;
    expect(report).toMatchObject({ response_type: "ephemeral", replace_original: true });
    const text = textOf(report);
    expect(text).toContain("Setup check");
    expect(text).toContain("Slack bot token");
    expect(text).toContain("verified: this request was signed with it");
    // With the manifest's channels:read, membership is read through conversations.info.
    expect(text).toContain("the bot is a member of #channel-c0digest01 (C0DIGEST01)");
  });

  it("uses the token the environments share, so it never rotates it away with a sign-in of its own", async () => {
    // Prepare: a search signs the bot in and stores the token in the table.
    bot = await startBot({ env: { DIGEST_CHANNEL: "C0DIGEST01" } });
    const search = signedEvent({
      body: commandBody({ text: "failing", userId: ADMIN, responseUrl: bot.stub.newResponseUrl() }),
      contentType: "application/x-www-form-urlencoded",
    });
    await bot.send(search);
    await bot.settle();
    const { event, posts } = doctorCommand(bot, ADMIN);

    // Act
    await bot.send(event);
    await bot.settle();

    // Assess
    const text = textOf(posts()[0]!.body);
    expect(text).toContain("accepted: the bot's stored token was still valid (no sign-in needed)");
    expect(bot.emu.requests.filter((r) => r.path.endsWith("/token"))).toHaveLength(1);
    expect(posts()[0]!.body.text).toMatch(/^Setup check: \d+ passed/);
  });

  it("keeps the Nexudus checks within the worker's budget: a Nexudus too slow for it is reported as such", async () => {
    // Prepare
    bot = await startBot({ workerBudgetMs: 400, env: { DIGEST_CHANNEL: "C0DIGEST01" } });
    bot.emu.faults.setLatency(1500);
    const { event, posts } = doctorCommand(bot, ADMIN);

    // Act
    await bot.send(event);
    await bot.settle();

    // Assess
    const text = textOf(posts()[0]!.body);
    expect(text).toMatch(/Nexudus reachable\*: 127\.0\.0\.1:\d+ did not answer in time/);
    expect(posts()[0]!.body.text).toMatch(/^Setup check: 1 failed/);
  });

  it("reports a problem with its fix: the bot not invited to DIGEST_CHANNEL", async () => {
    // Prepare
    bot = await startBot({ env: { DIGEST_CHANNEL: "C0DIGEST01" } });
    bot.stub.workspace.notMemberOf.add("C0DIGEST01");
    const { event, posts } = doctorCommand(bot, ADMIN);

    // Act
    await bot.send(event);
    await bot.settle();

    // Assess
    const text = textOf(posts()[0]!.body);
    expect(posts()[0]!.body.text).toMatch(/^Setup check: 1 failed/);
    expect(text).toContain("the bot is not a member of #channel-c0digest01 (C0DIGEST01)");
    expect(text).toContain("/invite @");
  });

  it.each([
    ["a user allowed to search", USER],
    ["a stranger", STRANGER],
  ])("is refused for %s, before anything is checked", async (_who, userId) => {
    // Prepare
    bot = await startBot();
    const { event, posts } = doctorCommand(bot, userId);

    // Act
    const answer = await bot.send(event);
    await bot.settle();

    // Assess
    expect(answer.body.text).toMatch(
      userId === USER
        ? /^:lock: Only the bot's admins \(SLACK_ADMIN_USER_IDS\) can run the setup check/
        : /not allowed to search/,
    );
    expect(bot.jobs).toEqual([]);
    expect(posts()).toEqual([]);
    expect(bot.emu.requests).toEqual([]);
    expect(bot.stub.calls).toEqual([]);
  });

  it("takes nothing after it", async () => {
    // Prepare
    bot = await startBot();
    const responseUrl = bot.stub.newResponseUrl();
    const event = signedEvent({
      body: commandBody({ text: "doctor now", userId: ADMIN, responseUrl }),
      contentType: "application/x-www-form-urlencoded",
    });

    // Act
    const answer = await bot.send(event);

    // Assess
    expect(textOf(answer.body)).toContain("takes nothing after it; leave out `now`");
    expect(bot.jobs).toEqual([]);
  });
});
