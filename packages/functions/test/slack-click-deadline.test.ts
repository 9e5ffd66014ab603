import { ACTION_IDS, encodeActionValue } from "@nwh/core/blocks";
import { afterEach, describe, expect, it } from "vitest";
import { type TestClock, testClock } from "../../core/test/support/test-clock";
import { until } from "../../core/test/support/until";
import { actionBody, signedEvent } from "./support/api-gateway";
import { ADMIN, type Bot, startBot, USER } from "./support/bot";
import { type SlowSlack, startSlowSlack } from "./support/slow-slack";

/*
 * Slack's 3 seconds start when the request reaches API Gateway (`requestContext.timeEpoch`), not when the
 * listener starts: a cold start or a slow Slack edge must not push the answer past them. These tests put
 * the arrival in the past and hold Slack's response_url posts, all on a clock that stands still until the
 * test moves it: the bot's deadlines and the slow edge share it, so what is cut and when the handler
 * answers is decided by the clock, never by a busy machine. A handler that waited past Slack's 3 s would
 * not answer while the clock stays short of them (the test then times out).
 */

/** Slack's limit for the answer, counted from the request's arrival. */
const SLACK_LIMIT_MS = 3000;

let bot: Bot | undefined;
let slow: SlowSlack | undefined;
let clock: TestClock;
afterEach(async () => {
  await bot?.close();
  await slow?.close();
  bot = undefined;
  slow = undefined;
});

/** A bot whose Slack (Web API and response_urls) sits behind a proxy holding response_url posts. */
async function slowBot(responseDelayMs: number, nexudusLatencyMs: number): Promise<Bot> {
  clock = testClock();
  slow = await startSlowSlack(responseDelayMs, clock);
  const b = await startBot({ clock, env: { SLACK_API_URL: slow.apiUrl, NEXUDUS_CLIENT_LIMITER: "off" } });
  slow.target = b.stub.url;
  b.emu.faults.setLatency(nexudusLatencyMs);
  return b;
}

/** A click sent to the handler, having reached API Gateway `agoMs` ago on the bot's clock. */
interface SentClick {
  arrivedAt: number;
  responseUrl: string;
  /** The handler's answer: its status, and the ms from the arrival to it on the bot's clock. */
  answer: Promise<{ status: number; answeredAfterMs: number }>;
}

function clickArrived(b: Bot, agoMs: number, actionId: string, value: string, userId = ADMIN): SentClick {
  const responseUrl = slow!.via(b.stub.newResponseUrl());
  const arrivedAt = clock.now() - agoMs;
  const body = actionBody({ actionId, value, userId, responseUrl });
  const answer = b
    .send(signedEvent({ body, contentType: "application/x-www-form-urlencoded", arrivedAt }))
    .then((a) => ({ status: a.status, answeredAfterMs: clock.now() - arrivedAt }));
  return { arrivedAt, responseUrl, answer };
}

/** Moves the bot's clock to 1 ms short of Slack's limit for `click`. */
function justBeforeSlacksLimit(click: SentClick): void {
  clock.advance(click.arrivedAt + SLACK_LIMIT_MS - 1 - clock.now());
}

const puts = (b: Bot) => b.emu.requests.filter((r) => r.method === "PUT");
const postsTo = (b: Bot, responseUrl: string) =>
  b.stub.responses.filter((r) => r.path === new URL(responseUrl).pathname).map((r) => r.body);

describe("a click answers within Slack's 3 s counted from the request's arrival", () => {
  it("Pause with a slow response_url: the posts get only what is left; the webhook is paused once", async () => {
    // Prepare: Nexudus 50 ms per exchange, Slack holds each response_url post for 1 s.
    bot = await slowBot(1000, 50);
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;

    // Act: the click arrived 300 ms ago; Slack answers its "Pausing…" post a second after it is sent.
    const click = clickArrived(
      bot,
      300,
      ACTION_IDS.pause,
      encodeActionValue({ id: hook.Id, q: "all size:5", p: 1 }),
    );
    await until(() => slow!.held.length === 1);
    clock.advance(1000);
    const answered = await click.answer;
    slow!.delayMs = 0;
    bot.emu.faults.setLatency(0);
    await bot.settle();

    // Assess: answered in time, the post in full; one write, by the worker; one audit line.
    expect(answered.status).toBe(200);
    expect(answered.answeredAfterMs).toBeLessThan(SLACK_LIMIT_MS);
    expect(slow!.abandoned).toEqual([]);
    expect(hook.Active).toBe(false);
    expect(puts(bot)).toHaveLength(1);
    const posts = postsTo(bot, click.responseUrl);
    expect(posts.map((p) => p.response_type)).toEqual(["ephemeral", "ephemeral", "in_channel"]);
    expect(String(posts[0]!.text)).toContain("Pausing webhook");
  });

  it("Pause after most of the 3 s went before the handler: handed to the worker at once, which pauses once", async () => {
    // Prepare: Slack would answer a post 800 ms after it is sent: past the click's deadline.
    bot = await slowBot(800, 50);
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;

    // Act: the click arrived 2.2 s ago; the clock reaches Slack's limit while its post is held.
    const click = clickArrived(bot, 2200, ACTION_IDS.pause, encodeActionValue({ id: hook.Id }));
    await until(() => slow!.held.length === 1);
    justBeforeSlacksLimit(click);
    const answered = await click.answer;
    // The handler answers as the deadline passes; the proxy sees the post's connection close a moment later.
    await until(() => slow!.abandoned.length === 1);
    const writesBeforeWorker = puts(bot).length;
    slow!.delayMs = 0;
    bot.emu.faults.setLatency(0);
    await bot.settle();

    // Assess: the "Pausing…" post was cut at the deadline; the worker's answers made it.
    expect(answered.status).toBe(200);
    expect(slow!.abandoned).toEqual([slow!.held[0]]);
    expect(writesBeforeWorker).toBe(0);
    expect(bot.jobs).toMatchObject([{ kind: "click", actionId: ACTION_IDS.pause, userId: ADMIN }]);
    expect(puts(bot)).toHaveLength(1);
    const posts = postsTo(bot, click.responseUrl);
    expect(posts.map((p) => p.response_type)).toEqual(["ephemeral", "in_channel"]);
    expect(String(posts[1]!.text)).toContain(`<@${ADMIN}> paused webhook`);
  });

  it("Next page with a response_url slower than the time left: the post is cut at the deadline", async () => {
    // Prepare: Slack would answer a post 2 s after it is sent.
    bot = await slowBot(2000, 0);

    // Act: the click arrived 1.2 s ago; the clock reaches Slack's limit while the page's post is held.
    const click = clickArrived(
      bot,
      1200,
      ACTION_IDS.pageNext,
      encodeActionValue({ q: "all size:5", p: 2 }),
      USER,
    );
    await until(() => slow!.held.length === 1);
    justBeforeSlacksLimit(click);
    const answered = await click.answer;
    // The handler answers as the deadline passes; the proxy sees the post's connection close a moment later.
    await until(() => slow!.abandoned.length === 1);

    // Assess
    expect(answered.status).toBe(200);
    expect(slow!.abandoned).toEqual([slow!.held[0]]);
    expect(postsTo(bot, click.responseUrl)).toEqual([]);
    expect(bot.jobs).toHaveLength(0);
  });

  it("a Pause job delivered twice (Lambda's async invoke is at least once): one write, one audit line", async () => {
    // Prepare: the Pause handed over and carried out by the worker.
    bot = await slowBot(0, 0);
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const value = encodeActionValue({ id: hook.Id, q: "all size:5", p: 1 });
    const click = clickArrived(bot, 0, ACTION_IDS.pause, value);
    await click.answer;
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
