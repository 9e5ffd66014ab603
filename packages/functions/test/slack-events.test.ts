import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { localTableClient } from "@nwh/dynamo-local";
import { STUB_BOT_USER_ID } from "@nwh/slack-stub";
import { afterEach, describe, expect, it } from "vitest";
import { homeOpenedBody, memberJoinedBody, signedEvent } from "./support/api-gateway";
import { type Bot, STRANGER, startBot, USER } from "./support/bot";
import { expectAllSlackTrafficSafe } from "./support/slack-checks";

let bot: Bot | undefined;
afterEach(async () => {
  if (bot) expectAllSlackTrafficSafe(bot.stub);
  await bot?.close();
  bot = undefined;
});

function homeEvent(
  eventId: string,
  userId = USER,
  options: { retry?: string; reason?: string; base64?: boolean; extra?: string } = {},
) {
  return signedEvent({
    body: homeOpenedBody({ userId, eventId, ...(options.extra ? { extra: options.extra } : {}) }),
    contentType: "application/json",
    ...(options.base64 ? { base64: true } : {}),
    headers: {
      ...(options.retry ? { "x-slack-retry-num": options.retry } : {}),
      ...(options.reason ? { "x-slack-retry-reason": options.reason } : {}),
    },
  });
}

const publishes = (b: Bot) => b.stub.calls.filter((c) => c.method === "views.publish");

describe("App Home through the Lambda handler", () => {
  it("publishes the overview when the Home tab opens", async () => {
    bot = await startBot();

    const answer = await bot.send(homeEvent("Ev0001"));

    expect(answer.status).toBe(200);
    expect(publishes(bot)).toHaveLength(1);
    expect(publishes(bot)[0]!.args.user_id).toBe(USER);
    expect(JSON.stringify(bot.stub.homeViews.get(USER))).toContain("Nexudus webhooks");
    expect(bot.stub.calls.filter((c) => c.method === "auth.test")).toHaveLength(0);
  });

  it("verifies a base64 JSON body with non-ASCII text over its UTF-8 bytes", async () => {
    bot = await startBot();

    const answer = await bot.send(homeEvent("Ev0002", USER, { base64: true, extra: "Café → Zürich ✓" }));

    expect(answer.status).toBe(200);
    expect(publishes(bot)).toHaveLength(1);
  });

  it("deduplicates deliveries: the same event_id, and retries Slack sent because we were slow", async () => {
    bot = await startBot();

    await bot.send(homeEvent("Ev0003"));
    await bot.send(homeEvent("Ev0003", USER, { retry: "1", reason: "http_timeout" }));
    await bot.send(homeEvent("Ev0004", USER, { retry: "2", reason: "http_timeout" }));
    const afterTimeouts = publishes(bot).length;
    await bot.send(homeEvent("Ev0005", USER, { retry: "1", reason: "http_error" }));

    expect(afterTimeouts).toBe(1);
    // A retry after an error is served: the first delivery may have failed, and publishing is idempotent.
    expect(publishes(bot)).toHaveLength(2);
  });

  it("shows a user who is not allowed why, without asking Nexudus", async () => {
    bot = await startBot({ allowed: [USER] });

    await bot.send(homeEvent("Ev0006", STRANGER));

    expect(bot.emu.requests).toHaveLength(0);
    expect(JSON.stringify(bot.stub.homeViews.get(STRANGER))).toContain("not allowed");
  });

  it("hands a slow Home tab to the worker, which publishes it", async () => {
    bot = await startBot({ answerBudgetMs: 100 });
    bot.emu.faults.setLatency(250);

    await bot.send(homeEvent("Ev0007"));
    const beforeWorker = publishes(bot).length;
    bot.emu.faults.setLatency(0);
    await bot.settle();

    expect(beforeWorker).toBe(0);
    expect(bot.jobs).toMatchObject([
      { kind: "home", userId: USER, eventId: "Ev0007", replyTo: { kind: "home" } },
    ]);
    expect(publishes(bot)).toHaveLength(1);
    expect(JSON.stringify(bot.stub.homeViews.get(USER))).toContain("Nexudus webhooks");
  });

  it("answers Slack's url_verification challenge when signed", async () => {
    bot = await startBot();
    const body = JSON.stringify({ token: "t", challenge: "c-123", type: "url_verification" });

    const answer = await bot.send(signedEvent({ body, contentType: "application/json" }));
    const unsigned = await bot.send(signedEvent({ body, contentType: "application/json", secret: "wrong" }));

    expect(answer.body).toEqual({ challenge: "c-123" });
    expect(unsigned.status).toBe(401);
  });
});

function joinEvent(
  userId: string,
  options: { eventId: string; eventTime: number; channel?: string; retry?: string; reason?: string },
) {
  return signedEvent({
    body: memberJoinedBody({
      userId,
      channel: options.channel ?? "C0ALERTS01",
      eventId: options.eventId,
      eventTime: options.eventTime,
    }),
    contentType: "application/json",
    headers: {
      ...(options.retry ? { "x-slack-retry-num": options.retry } : {}),
      ...(options.reason ? { "x-slack-retry-reason": options.reason } : {}),
    },
  });
}

/** Every item of the bot's table, as DynamoDB holds it. */
async function tableItems(b: Bot): Promise<unknown[]> {
  const client = localTableClient(b.table.endpoint);
  try {
    const answer = await client.send(new ScanCommand({ TableName: b.table.tableName, ConsistentRead: true }));
    return answer.Items ?? [];
  } finally {
    client.destroy();
  }
}

describe("the bot invited to a channel (member_joined_channel) through the Lambda handler", () => {
  it("records the bot's own join at Slack's time, once across retries, and answers nothing", async () => {
    bot = await startBot();
    const joined = Math.floor(Date.now() / 1000) - 60;

    const answers = [
      await bot.send(joinEvent(STUB_BOT_USER_ID, { eventId: "Ev0101", eventTime: joined })),
      // Slack's retry of the same delivery, and a late delivery of an older join of the same channel.
      await bot.send(
        joinEvent(STUB_BOT_USER_ID, {
          eventId: "Ev0101",
          eventTime: joined,
          retry: "1",
          reason: "http_timeout",
        }),
      ),
      await bot.send(joinEvent(STUB_BOT_USER_ID, { eventId: "Ev0100", eventTime: joined - 3600 })),
    ];
    const afterThree = await tableItems(bot);
    await bot.send(
      joinEvent(STUB_BOT_USER_ID, { eventId: "Ev0102", eventTime: joined + 30, channel: "G0PRIVATE1" }),
    );

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.raw)).toEqual(["", "", ""]);
    const { joins, subscriptions } = await bot.deps.subscriptions.listWithJoins();
    expect(joins).toEqual({ C0ALERTS01: joined * 1000, G0PRIVATE1: (joined + 30) * 1000 });
    expect(subscriptions).toEqual([]);
    // The join is no subscription: the lists of subscriptions stay empty.
    expect(await bot.deps.subscriptions.list()).toEqual([]);
    expect(await bot.deps.subscriptions.listChannel("C0ALERTS01")).toEqual([]);
    expect(afterThree).toHaveLength(1);
    // The bot's id was asked once for the environment; nothing was said anywhere, nothing handed over.
    expect(bot.stub.calls.map((c) => c.method)).toEqual(["auth.test"]);
    expect(bot.stub.responses).toHaveLength(0);
    expect(bot.jobs).toHaveLength(0);
  });

  it("ignores another member joining a channel the bot is in: no table write, no job, nothing said", async () => {
    bot = await startBot();
    const before = await tableItems(bot);

    const answer = await bot.send(
      joinEvent(USER, { eventId: "Ev0201", eventTime: Math.floor(Date.now() / 1000) }),
    );

    expect(answer.status).toBe(200);
    expect(await tableItems(bot)).toEqual(before);
    expect((await bot.deps.subscriptions.listWithJoins()).joins).toEqual({});
    expect(bot.stub.calls.filter((c) => c.method !== "auth.test")).toHaveLength(0);
    expect(bot.stub.responses).toHaveLength(0);
    expect(bot.jobs).toHaveLength(0);
  });

  it("refuses an unsigned join: nothing recorded", async () => {
    bot = await startBot();
    const body = memberJoinedBody({ userId: STUB_BOT_USER_ID, channel: "C0ALERTS01", eventId: "Ev0301" });

    const answer = await bot.send(signedEvent({ body, contentType: "application/json", secret: "wrong" }));

    expect(answer.status).toBe(401);
    expect((await bot.deps.subscriptions.listWithJoins()).joins).toEqual({});
    expect(bot.stub.calls).toHaveLength(0);
  });
});
