import { afterEach, describe, expect, it } from "vitest";
import { actionBody, signedEvent } from "./support/api-gateway";
import { type Answer, type Bot, STRANGER, startBot, USER } from "./support/bot";
import { captureLines } from "./support/capture-lines";
import { expectAllSlackTrafficSafe, textOf } from "./support/slack-checks";

/*
 * A button whose action_id this version of the bot does not know: a message drawn by an earlier version,
 * or a forged payload. Bolt has no listener for it; the bot must still answer 200 and tell the clicker.
 */

const FORM = "application/x-www-form-urlencoded";
const OLD_ACTION = "webhooks_retry_now";
const VALUE = '{"id":42,"note":"value-marker-7f3a"}';

let bot: Bot | undefined;
afterEach(async () => {
  if (bot) expectAllSlackTrafficSafe(bot.stub);
  await bot?.close();
  bot = undefined;
});

async function clickUnknown(
  b: Bot,
  options: { userId?: string; actionId?: string; home?: boolean; arrivedAt?: number; body?: string } = {},
): Promise<{ answer: Answer; responseUrl: string; posts: Array<Record<string, unknown>> }> {
  const responseUrl = b.stub.newResponseUrl();
  const body =
    options.body ??
    actionBody({
      actionId: options.actionId ?? OLD_ACTION,
      value: VALUE,
      userId: options.userId ?? USER,
      ...(options.home ? { home: true } : { responseUrl }),
    });
  const answer = await b.send(
    signedEvent({
      body,
      contentType: FORM,
      ...(options.arrivedAt !== undefined ? { arrivedAt: options.arrivedAt } : {}),
    }),
  );
  const posts = b.stub.responses.filter((r) => responseUrl.endsWith(r.path)).map((r) => r.body);
  return { answer, responseUrl, posts };
}

describe("a click on a button the bot does not know", () => {
  it("is acknowledged with 200 and answered 'no longer works' to the clicker alone, without Nexudus", async () => {
    bot = await startBot();

    const { answer, posts } = await clickUnknown(bot);

    expect(answer.status).toBe(200);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(textOf(posts[0]!)).toContain("This button no longer works");
    expect(bot.emu.requests).toHaveLength(0);
    expect(bot.jobs).toHaveLength(0);
  });

  it("checks rights first: a user who may not use the bot is told so, not given a hint", async () => {
    bot = await startBot({ allowed: [USER] });

    const { answer, posts } = await clickUnknown(bot, { userId: STRANGER });

    expect(answer.status).toBe(200);
    expect(posts).toHaveLength(1);
    expect(textOf(posts[0]!)).toContain("not allowed");
    expect(textOf(posts[0]!)).not.toContain("no longer works");
    expect(bot.emu.requests).toHaveLength(0);
  });

  it("logs the click at info with the user and the action id, never the payload or the response_url", async () => {
    bot = await startBot({ logLevel: "INFO" });
    const b = bot;

    const { result, lines } = await captureLines(() => clickUnknown(b));

    expect(result.answer.status).toBe(200);
    const line = lines.find((l) => l.includes("unknown action"));
    expect(line).toBeDefined();
    const entry = JSON.parse(line!) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: "INFO", userId: USER, actionId: OLD_ACTION });
    const all = lines.join("\n");
    expect(all).not.toContain("value-marker-7f3a");
    expect(all).not.toContain(new URL(result.responseUrl).pathname);
    expect(all).not.toContain("legacy-verification-token");
  });

  it("does not log an action id that is not shaped like the bot's own", async () => {
    bot = await startBot({ logLevel: "INFO" });
    const b = bot;
    const forged = "https://hooks.slack.com/actions/T0/123/secretpart";

    const { result, lines } = await captureLines(() => clickUnknown(b, { actionId: forged }));

    expect(result.answer.status).toBe(200);
    expect(textOf(result.posts[0]!)).toContain("no longer works");
    expect(lines.some((l) => l.includes("unknown action"))).toBe(true);
    expect(lines.join("\n")).not.toContain("secretpart");
  });

  it("answers a payload without any action, or with a non-button element, the same way", async () => {
    bot = await startBot();
    const responseUrl = bot.stub.newResponseUrl();
    const base = JSON.parse(
      new URLSearchParams(actionBody({ actionId: OLD_ACTION, value: "{}", userId: USER, responseUrl })).get(
        "payload",
      )!,
    ) as Record<string, unknown>;
    const empty = { ...base, actions: [] };
    const select = {
      ...base,
      actions: [{ type: "static_select", action_id: "webhooks_pick", block_id: "b1", action_ts: "1.2" }],
    };

    const answers: Answer[] = [];
    for (const payload of [empty, select]) {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      answers.push(await bot.send(signedEvent({ body, contentType: FORM })));
    }

    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const posts = bot.stub.responses.filter((r) => responseUrl.endsWith(r.path));
    expect(posts.map((p) => textOf(p.body))).toEqual([
      expect.stringContaining("no longer works"),
      expect.stringContaining("no longer works"),
    ]);
    expect(bot.emu.requests).toHaveLength(0);
  });

  it("on the App Home tab (no response_url), shows the answer in the tab with a way back", async () => {
    bot = await startBot();

    const { answer } = await clickUnknown(bot, { home: true });

    expect(answer.status).toBe(200);
    const view = bot.stub.homeViews.get(USER) as { type: string; blocks: unknown[] };
    expect(view.type).toBe("home");
    expect(textOf(view)).toContain("This button no longer works");
    expect(textOf(view)).toContain("Back to overview");
  });

  it("respects the click's deadline: with the 3 s nearly gone, nothing is posted late and Slack still gets 200", async () => {
    bot = await startBot();

    // Arrived 2,650 ms ago: 50 ms are left before the 2.7 s deadline, less than a post is given.
    const { answer, posts } = await clickUnknown(bot, { arrivedAt: Date.now() - 2650 });

    expect(answer.status).toBe(200);
    expect(posts).toHaveLength(0);
  });
});
