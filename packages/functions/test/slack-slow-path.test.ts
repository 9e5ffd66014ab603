import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ACTION_IDS, encodeActionValue } from "@nwh/core/blocks";
import { afterEach, describe, expect, it } from "vitest";
import { actionBody, commandBody, signedEvent } from "./support/api-gateway";
import { ADMIN, type Bot, STRANGER, startBot, USER } from "./support/bot";
import { commandJob, homeJob } from "./support/jobs";
import { afterInterim, expectAllSlackTrafficSafe, textOf } from "./support/slack-checks";

let bot: Bot | undefined;
afterEach(async () => {
  if (bot) expectAllSlackTrafficSafe(bot.stub);
  await bot?.close();
  bot = undefined;
});

function commandEvent(b: Bot, text: string, userId = USER) {
  const responseUrl = b.stub.newResponseUrl();
  const event = signedEvent({
    body: commandBody({ text, userId, responseUrl }),
    contentType: "application/x-www-form-urlencoded",
  });
  return { event, responseUrl, posts: () => b.stub.responses.filter((r) => responseUrl.endsWith(r.path)) };
}

describe("the slow path: Nexudus slower than the answer budget", () => {
  it("with the default 2 s budget, acks 'Searching…' and the worker posts the answer to response_url", async () => {
    bot = await startBot();
    bot.emu.faults.setLatency(2300);
    const { event, posts } = commandEvent(bot, "failing");

    const answer = await bot.send(event);
    bot.emu.faults.setLatency(0);
    await bot.settle();

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ response_type: "ephemeral", text: "Searching Nexudus…" });
    expect(bot.jobs).toEqual([
      {
        kind: "command",
        text: "failing",
        userId: USER,
        channelId: "C0TEST0001",
        arrivedAt: expect.any(Number),
        replyTo: { kind: "response_url", url: expect.any(String), ephemeral: true },
      },
    ]);
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.body).toMatchObject({ response_type: "ephemeral", replace_original: true });
    expect(textOf(posts()[0]!.body)).toContain("Failing webhooks");
  });

  it("runs the same code path in the worker: the hostile records are escaped there too", async () => {
    bot = await startBot({ answerBudgetMs: 100 });
    bot.emu.faults.setLatency(250);
    const { event, posts } = commandEvent(bot, "failing size:25", ADMIN);

    await bot.send(event);
    await bot.settle();

    const body = posts()[0]!.body;
    expect(JSON.stringify(body)).toContain("&lt;!channel&gt;");
    expect(JSON.stringify(body)).toContain("webhooks_pause");
  });

  it("tells the user why when the worker's Nexudus call times out too", async () => {
    bot = await startBot({ answerBudgetMs: 100, workerBudgetMs: 400 });
    bot.emu.faults.fraction(1, "timeout");
    const { event, posts } = commandEvent(bot, "failing");

    const answer = await bot.send(event);
    await bot.settle();

    expect(answer.body.text).toBe("Searching Nexudus…");
    expect(posts()).toHaveLength(1);
    expect(textOf(posts()[0]!.body)).toContain("Nexudus did not answer in time");
  });

  it("says so at once when the worker cannot be invoked (no dispatcher, no WORKER_FUNCTION_NAME)", async () => {
    bot = await startBot({ answerBudgetMs: 100, dispatcher: "lambda" });
    bot.emu.faults.setLatency(250);
    const { event, posts } = commandEvent(bot, "failing");

    const answer = await bot.send(event);

    expect(answer.status).toBe(200);
    expect(textOf(answer.body)).toContain("could not finish this request");
    expect(posts()).toHaveLength(0);
  });

  it("hands a slow Pause to the worker, which changes Nexudus and posts the update and the audit line", async () => {
    bot = await startBot({ answerBudgetMs: 100 });
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    bot.emu.faults.setLatency(250);
    const responseUrl = bot.stub.newResponseUrl();
    const body = actionBody({
      actionId: ACTION_IDS.pause,
      value: encodeActionValue({ id: hook.Id }),
      userId: ADMIN,
      responseUrl,
    });

    const answer = await bot.send(signedEvent({ body, contentType: "application/x-www-form-urlencoded" }));
    bot.emu.faults.setLatency(0);
    await bot.settle();

    expect(answer.status).toBe(200);
    expect(bot.jobs[0]).toMatchObject({ kind: "click", actionId: ACTION_IDS.pause, userId: ADMIN });
    expect(bot.emu.account.webhooks.find((h) => h.Id === hook.Id)!.Active).toBe(false);
    const posts = afterInterim(
      bot.stub.responses.filter((r) => responseUrl.endsWith(r.path)).map((r) => r.body),
    );
    expect(posts.map((p) => p.response_type)).toEqual(["ephemeral", "in_channel"]);
    expect(String(posts[1]!.text)).toContain(`<@${ADMIN}> paused webhook`);
  });
});

describe("the worker handler", () => {
  it("refuses to post anywhere but Slack: a forged job naming another host reaches nobody", async () => {
    bot = await startBot();
    let hits = 0;
    const evil = createServer((_req, res) => {
      hits += 1;
      res.end("ok");
    });
    await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
    const port = (evil.address() as AddressInfo).port;
    try {
      await bot.worker(commandJob("failing", USER, `http://127.0.0.1:${port}/x`));
      await bot.worker(commandJob("failing", USER, "https://evil.example/hook"));

      expect(hits).toBe(0);
      expect(bot.emu.requests).toHaveLength(0);
    } finally {
      await new Promise((resolve) => evil.close(resolve));
    }
  });

  it("drops a malformed job without throwing", async () => {
    bot = await startBot();

    await expect(bot.worker({ kind: "command" } as never)).resolves.toBeUndefined();
    await expect(bot.worker({ ...homeJob(USER), userId: "<!channel>" })).resolves.toBeUndefined();

    expect(bot.emu.requests).toHaveLength(0);
    expect(bot.stub.calls).toHaveLength(0);
  });

  it("re-checks the user's rights", async () => {
    bot = await startBot({ allowed: [USER] });
    const responseUrl = bot.stub.newResponseUrl();

    await bot.worker(commandJob("failing", STRANGER, responseUrl));

    expect(bot.emu.requests).toHaveLength(0);
    expect(textOf(bot.stub.responses[0]!.body)).toContain("not allowed");
  });

  it("posts a readable message when Nexudus fails, and does not throw (no Lambda retry, no duplicate)", async () => {
    bot = await startBot();
    bot.emu.faults.fraction(1, 503);
    const responseUrl = bot.stub.newResponseUrl();

    await expect(bot.worker(commandJob("failing", USER, responseUrl))).resolves.toBeUndefined();

    expect(textOf(bot.stub.responses[0]!.body)).toContain("Nexudus answered 503");
  });
});
