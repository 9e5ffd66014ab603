import { ACTION_IDS, encodeActionValue } from "@nwh/core/blocks";
import { afterEach, describe, expect, it } from "vitest";
import { actionBody, signedEvent } from "./support/api-gateway";
import { ADMIN, type Bot, STRANGER, startBot, USER } from "./support/bot";
import { clickJob } from "./support/jobs";
import { expectAllSlackTrafficSafe, textOf } from "./support/slack-checks";

/*
 * A click on the App Home tab has no response_url. When Nexudus is slower than the click's time, the
 * click itself must reach the worker, which answers in the tab (and, for a change, in DIGEST_CHANNEL).
 */

const CHANNEL = "C0AUDIT0001";
const FORM = "application/x-www-form-urlencoded";

let bot: Bot | undefined;
afterEach(async () => {
  if (bot) expectAllSlackTrafficSafe(bot.stub);
  await bot?.close();
  bot = undefined;
});

/** The first block's text of a view or message. */
function firstText(message: unknown): string | undefined {
  return (message as { blocks?: Array<{ text?: { text?: string } }> }).blocks?.[0]?.text?.text;
}

/** A click on the Home tab through the real handler (no settle: the caller decides when the worker runs). */
async function homeClick(b: Bot, actionId: string, value: string, userId: string) {
  const body = actionBody({ actionId, value, userId, home: true });
  return b.send(signedEvent({ body, contentType: FORM }));
}

const puts = (b: Bot) => b.emu.requests.filter((r) => r.method === "PUT");
const audits = (b: Bot) => b.stub.calls.filter((c) => c.method === "chat.postMessage");

describe("a Home tab click that runs out of the click's time", () => {
  it("Pause: the worker gets the click, pauses, redraws the tab and posts the audit line to DIGEST_CHANNEL", async () => {
    // Prepare: every Nexudus exchange slower than the whole answer budget.
    bot = await startBot({ answerBudgetMs: 100, env: { DIGEST_CHANNEL: CHANNEL } });
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const value = encodeActionValue({ id: hook.Id, q: "all size:5", p: 1 });
    bot.emu.faults.setLatency(250);

    // Act
    const answer = await homeClick(bot, ACTION_IDS.pause, value, ADMIN);
    const writesBeforeWorker = puts(bot).length;
    bot.emu.faults.setLatency(0);
    await bot.settle();

    // Assess: handed over as the click; the worker made the change and said so, once, in both places.
    expect(answer.status).toBe(200);
    expect(writesBeforeWorker).toBe(0);
    expect(bot.jobs).toMatchObject([
      { kind: "click", actionId: ACTION_IDS.pause, value, userId: ADMIN, replyTo: { kind: "home" } },
    ]);
    expect(hook.Active).toBe(false);
    expect(puts(bot)).toHaveLength(1);
    const view = bot.stub.homeViews.get(ADMIN) as { type: string; blocks: unknown[] };
    expect(view.type).toBe("home");
    expect(firstText(view)).toBe(`Paused “${hook.Name}” (#${hook.Id}).`);
    expect(textOf(view)).toContain("Back to overview");
    expect(audits(bot)).toHaveLength(1);
    expect(audits(bot)[0]!.args.channel).toBe(CHANNEL);
    expect(String(audits(bot)[0]!.args.text)).toContain(`<@${ADMIN}> paused webhook`);
  });

  it("Resume works the same way", async () => {
    bot = await startBot({ answerBudgetMs: 100, env: { DIGEST_CHANNEL: CHANNEL } });
    const hook = bot.emu.account.webhooks.find((h) => !h.Active)!;
    bot.emu.faults.setLatency(250);

    await homeClick(bot, ACTION_IDS.resume, encodeActionValue({ id: hook.Id }), ADMIN);
    bot.emu.faults.setLatency(0);
    await bot.settle();

    expect(hook.Active).toBe(true);
    expect(String(audits(bot)[0]!.args.text)).toContain(`<@${ADMIN}> resumed webhook`);
    expect(audits(bot)).toHaveLength(1);
  });

  it("a search: the tab shows the results the click asked for, not the overview", async () => {
    bot = await startBot({ answerBudgetMs: 100 });
    bot.emu.faults.setLatency(250);

    await homeClick(bot, ACTION_IDS.runSearch, encodeActionValue({ q: "disabled" }), USER);
    bot.emu.faults.setLatency(0);
    await bot.settle();

    expect(bot.jobs).toMatchObject([
      { kind: "click", actionId: ACTION_IDS.runSearch, replyTo: { kind: "home" } },
    ]);
    const view = bot.stub.homeViews.get(USER);
    expect(textOf(view as object)).toContain("Disabled webhooks");
    expect(audits(bot)).toHaveLength(0);
  });
});

describe("the worker's Home tab click job", () => {
  it("re-checks the admin right: a Pause job for a user who is not an admin writes nothing", async () => {
    bot = await startBot({ env: { DIGEST_CHANNEL: CHANNEL } });
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;

    await bot.worker(clickJob(ACTION_IDS.pause, encodeActionValue({ id: hook.Id }), USER));

    expect(hook.Active).toBe(true);
    expect(bot.emu.requests).toHaveLength(0);
    expect(textOf(bot.stub.homeViews.get(USER) as object)).toContain("Only webhook admins");
    expect(audits(bot)).toHaveLength(0);
  });

  it("re-checks the right to use the bot: a stranger's job reaches no Nexudus", async () => {
    bot = await startBot({ allowed: [USER] });

    await bot.worker(clickJob(ACTION_IDS.runSearch, encodeActionValue({ q: "failing" }), STRANGER));

    expect(bot.emu.requests).toHaveLength(0);
    expect(textOf(bot.stub.homeViews.get(STRANGER) as object)).toContain("not allowed");
  });

  it("a Pause on a webhook that is already paused writes nothing and posts no audit line", async () => {
    bot = await startBot({ env: { DIGEST_CHANNEL: CHANNEL } });
    const hook = bot.emu.account.webhooks.find((h) => !h.Active)!;

    await bot.worker(
      clickJob(ACTION_IDS.pause, encodeActionValue({ id: hook.Id, q: "all size:5", p: 1 }), ADMIN),
    );

    expect(puts(bot)).toHaveLength(0);
    expect(textOf(bot.stub.homeViews.get(ADMIN) as object)).toContain("is already paused.");
    expect(audits(bot)).toHaveLength(0);
  });

  it("drops a malformed Home click job (or one of an earlier version's shape)", async () => {
    bot = await startBot();

    await bot.worker({ kind: "click", actionId: ACTION_IDS.pause, userId: ADMIN, replyTo: { kind: "home" } });
    await bot.worker({ ...clickJob(ACTION_IDS.pause, "{}", ADMIN), actionId: 5 });
    await bot.worker({ ...clickJob(ACTION_IDS.pause, "{}", ADMIN), kind: "home-action" });

    expect(bot.emu.requests).toHaveLength(0);
    expect(bot.stub.calls).toHaveLength(0);
  });
});
