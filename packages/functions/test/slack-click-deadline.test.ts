import { ACTION_IDS, encodeActionValue } from "@nwh/core/blocks";
import { afterEach, describe, expect, it } from "vitest";
import { actionBody, signedEvent } from "./support/api-gateway";
import { ADMIN, type Bot, startBot, USER } from "./support/bot";
import { type SlowSlack, startSlowSlack } from "./support/slow-slack";

/*
 * Slack's 3 seconds start when the request reaches API Gateway (`requestContext.timeEpoch`), not when the
 * listener starts: a cold start or a slow Slack edge must not push the answer past them. These tests put
 * the arrival in the past, slow Nexudus a little and Slack's response_url a lot, and check the handler's
 * answer against the budget computed from `timeEpoch`. (The budget logic itself is checked with a
 * controllable clock in core's answer-times test; here the only wall-clock bound is the generous < 3000 ms.)
 */

let bot: Bot | undefined;
let slow: SlowSlack | undefined;
afterEach(async () => {
  await bot?.close();
  await slow?.close();
  bot = undefined;
  slow = undefined;
});

/** A bot whose Slack (Web API and response_urls) sits behind a proxy holding response_url posts. */
async function slowBot(responseDelayMs: number, nexudusLatencyMs: number): Promise<Bot> {
  slow = await startSlowSlack(responseDelayMs);
  const b = await startBot({ env: { SLACK_API_URL: slow.apiUrl } });
  slow.target = b.stub.url;
  b.emu.faults.setLatency(nexudusLatencyMs);
  return b;
}

/** Sends a click that reached API Gateway `agoMs` ago; returns the ms from that arrival to the answer. */
async function clickArrived(
  b: Bot,
  agoMs: number,
  actionId: string,
  value: string,
  userId = ADMIN,
): Promise<{ elapsedMs: number; responseUrl: string; status: number }> {
  const responseUrl = slow!.via(b.stub.newResponseUrl());
  const arrivedAt = Date.now() - agoMs;
  const body = actionBody({ actionId, value, userId, responseUrl });
  const answer = await b.send(
    signedEvent({ body, contentType: "application/x-www-form-urlencoded", arrivedAt }),
  );
  return { elapsedMs: Date.now() - arrivedAt, responseUrl, status: answer.status };
}

const puts = (b: Bot) => b.emu.requests.filter((r) => r.method === "PUT");
const postsTo = (b: Bot, responseUrl: string) =>
  b.stub.responses.filter((r) => r.path === new URL(responseUrl).pathname).map((r) => r.body);

describe("a click answers within Slack's 3 s counted from the request's arrival", () => {
  it("Pause with a slow response_url: the posts get only what is left; the webhook is paused once", async () => {
    // Prepare: Nexudus 50 ms per exchange, Slack holds each response_url post for 1 s.
    bot = await slowBot(1000, 50);
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;

    // Act
    const click = await clickArrived(
      bot,
      300,
      ACTION_IDS.pause,
      encodeActionValue({ id: hook.Id, q: "all size:5", p: 1 }),
    );
    slow!.delayMs = 0;
    bot.emu.faults.setLatency(0);
    await bot.settle();

    // Assess: answered in time; one write whichever path made it; never a second audit line.
    expect(click.status).toBe(200);
    expect(click.elapsedMs).toBeLessThan(3000);
    expect(hook.Active).toBe(false);
    expect(puts(bot)).toHaveLength(1);
    const audits = () => postsTo(bot!, click.responseUrl).filter((p) => p.response_type === "in_channel");
    expect(audits().length).toBeLessThanOrEqual(1);
  });

  it("Pause after most of the 3 s went before the handler: handed to the worker at once, which pauses once", async () => {
    bot = await slowBot(800, 50);
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;

    const click = await clickArrived(bot, 2200, ACTION_IDS.pause, encodeActionValue({ id: hook.Id }));
    const writesBeforeWorker = puts(bot).length;
    slow!.delayMs = 0;
    bot.emu.faults.setLatency(0);
    await bot.settle();

    expect(click.elapsedMs).toBeLessThan(3000);
    expect(writesBeforeWorker).toBe(0);
    expect(bot.jobs).toMatchObject([{ kind: "click", actionId: ACTION_IDS.pause, userId: ADMIN }]);
    expect(puts(bot)).toHaveLength(1);
    // The "Pausing…" answer may or may not have made it before the deadline; the worker's answers did.
    const posts = postsTo(bot, click.responseUrl).filter((p) => !String(p.text).includes("Pausing webhook"));
    expect(posts.map((p) => p.response_type)).toEqual(["ephemeral", "in_channel"]);
  });

  it("Next page with a response_url slower than the time left: the post is cut at the deadline", async () => {
    bot = await slowBot(2000, 0);

    const click = await clickArrived(
      bot,
      1200,
      ACTION_IDS.pageNext,
      encodeActionValue({ q: "all size:5", p: 2 }),
      USER,
    );

    expect(click.status).toBe(200);
    expect(click.elapsedMs).toBeLessThan(3000);
    expect(bot.jobs).toHaveLength(0);
  });

  it("a Pause job delivered twice (Lambda's async invoke is at least once): one write, one audit line", async () => {
    // Prepare: the Pause handed over and carried out by the worker.
    bot = await slowBot(0, 0);
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const value = encodeActionValue({ id: hook.Id, q: "all size:5", p: 1 });
    const click = await clickArrived(bot, 0, ACTION_IDS.pause, value);
    await bot.settle();

    // Act: the same job run again by the worker.
    await bot.worker(bot.jobs[0]);

    // Assess
    expect(puts(bot)).toHaveLength(1);
    const posts = postsTo(bot, click.responseUrl);
    expect(posts.map((p) => p.response_type)).toEqual(["ephemeral", "ephemeral", "in_channel", "ephemeral"]);
    expect(String(posts[0]!.text)).toContain("Pausing webhook");
    expect(JSON.stringify(posts[3])).toContain("is already paused.");
  });
});
