import { ACTION_IDS, encodeActionValue } from "@nwh/core/blocks";
import { afterEach, describe, expect, it } from "vitest";
import { actionBody, commandBody, signedEvent } from "./support/api-gateway";
import { ADMIN, type Bot, STRANGER, startBot, USER } from "./support/bot";
import { captureLines } from "./support/capture-lines";
import { afterInterim, buttonsOf, expectAllSlackTrafficSafe, textOf } from "./support/slack-checks";

let bot: Bot | undefined;
afterEach(async () => {
  if (bot) expectAllSlackTrafficSafe(bot.stub);
  await bot?.close();
  bot = undefined;
});

type ClickOptions = { userId?: string; ephemeral?: boolean; home?: boolean };

/** The first block's text of a posted message. */
function firstText(message: { blocks?: unknown }): string | undefined {
  return (message.blocks as Array<{ text?: { text?: string } }> | undefined)?.[0]?.text?.text;
}

/** Clicks a button: a signed block_actions payload; returns the handler's answer and the response_url. */
async function click(b: Bot, actionId: string, value: string, options: ClickOptions = {}) {
  const responseUrl = b.stub.newResponseUrl();
  const body = actionBody({
    actionId,
    value,
    userId: options.userId ?? USER,
    responseUrl,
    ...(options.ephemeral !== undefined ? { ephemeral: options.ephemeral } : {}),
    ...(options.home ? { home: true } : {}),
  });
  const answer = await b.send(signedEvent({ body, contentType: "application/x-www-form-urlencoded" }));
  await b.settle();
  const posts = b.stub.responses.filter((r) => r.path === new URL(responseUrl).pathname).map((r) => r.body);
  return { answer, posts };
}

/** Runs `/webhooks text` as `userId` and returns the ephemeral answer (the ack's body). */
// biome-ignore lint/suspicious/noExplicitAny: Slack message JSON
async function command(b: Bot, text: string, userId = ADMIN): Promise<any> {
  const body = commandBody({ text, userId, responseUrl: b.stub.newResponseUrl() });
  const answer = await b.send(signedEvent({ body, contentType: "application/x-www-form-urlencoded" }));
  return answer.body;
}

/** The button of a message with this action id (the first, or the one whose value names `id`). */
function buttonOf(message: { blocks?: unknown }, actionId: string, id?: number) {
  const found = buttonsOf(message).find(
    (b) => b.action_id === actionId && (id === undefined || b.value?.includes(`"id":${id}`)),
  );
  if (!found) throw new Error(`no ${actionId} button`);
  return found;
}

describe("buttons through the Lambda handler", () => {
  it("Next page replaces the ephemeral message in place", async () => {
    bot = await startBot();

    const { answer, posts } = await click(
      bot,
      ACTION_IDS.pageNext,
      encodeActionValue({ q: "all size:5", p: 2 }),
    );

    expect(answer.status).toBe(200);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ response_type: "ephemeral", replace_original: true });
    expect(textOf(posts[0]!)).toContain("page 2 of");
  });

  it("Details replaces the message with the full record, Description included", async () => {
    bot = await startBot();
    const hook = bot.emu.account.webhooks[5]!;

    const { posts } = await click(
      bot,
      ACTION_IDS.details,
      encodeActionValue({ id: hook.Id, q: "all", p: 1 }),
    );

    expect(posts[0]).toMatchObject({ replace_original: true });
    expect(textOf(posts[0]!)).toContain(hook.Description!);
  });

  it("a click on a message in the channel answers ephemerally without rewriting it", async () => {
    bot = await startBot();

    const { posts } = await click(bot, ACTION_IDS.digestShowFailing, encodeActionValue({ q: "failing" }), {
      ephemeral: false,
    });

    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(textOf(posts[0]!)).toContain("Failing webhooks");
  });

  it("Share posts the same answer in the channel, without admin buttons", async () => {
    bot = await startBot();

    const { posts } = await click(bot, ACTION_IDS.share, encodeActionValue({ q: "failing", p: 1 }), {
      userId: ADMIN,
    });

    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ response_type: "in_channel", replace_original: false });
    expect(textOf(posts[0]!)).toContain(`Shared by <@${ADMIN}>`);
    expect(JSON.stringify(posts[0])).not.toContain(ACTION_IDS.pause);
  });

  it("Pause by an admin changes Nexudus, updates the message and posts an audit line naming who did it", async () => {
    bot = await startBot();
    const hook = bot.emu.account.webhooks.find((h) => h.Active && h.ErrorCount > 0)!;

    const clicked = await click(
      bot,
      ACTION_IDS.pause,
      encodeActionValue({ id: hook.Id, q: "failing", p: 1 }),
      {
        userId: ADMIN,
      },
    );
    const posts = afterInterim(clicked.posts);

    expect(bot.emu.account.webhooks.find((h) => h.Id === hook.Id)!.Active).toBe(false);
    expect(clicked.posts[0]).toMatchObject({ response_type: "ephemeral", replace_original: true });
    expect(bot.jobs).toHaveLength(1);
    expect(posts).toHaveLength(2);
    expect(posts[0]).toMatchObject({ response_type: "ephemeral", replace_original: true });
    expect(posts[1]).toMatchObject({ response_type: "in_channel", replace_original: false });
    expect(String(posts[1]!.text)).toContain(`<@${ADMIN}> paused webhook`);
  });

  it("Pause from a results list redraws the same search and page, the change noted on top", async () => {
    // Prepare: page 2 of a 5-row search as an admin sees it, and the Pause button of one of its rows.
    bot = await startBot();
    const list = await command(bot, "all size:5 page:2");
    const pause = buttonOf(list, ACTION_IDS.pause);
    const id = JSON.parse(pause.value!).id as number;
    const hook = bot.emu.account.webhooks.find((h) => h.Id === id)!;

    // Act
    const posts = afterInterim((await click(bot, ACTION_IDS.pause, pause.value!, { userId: ADMIN })).posts);

    // Assess: the 5-row list again, in place, with "Paused “Name” (#id)." first; then the audit line.
    expect(hook.Active).toBe(false);
    expect(posts).toHaveLength(2);
    expect(posts[0]).toMatchObject({ response_type: "ephemeral", replace_original: true });
    expect(firstText(posts[0]!)).toBe(`Paused “${hook.Name}” (#${id}).`);
    expect(textOf(posts[0]!)).toContain("page 2 of");
    expect(buttonsOf(posts[0]!).filter((b) => b.action_id === ACTION_IDS.details)).toHaveLength(5);
    expect(buttonOf(posts[0]!, ACTION_IDS.resume, id)).toBeDefined();
    expect(posts[1]).toMatchObject({ response_type: "in_channel", replace_original: false });
    expect(String(posts[1]!.text)).toContain(`<@${ADMIN}> paused webhook`);
  });

  it("Pause from a details view redraws the details (with Back to results), the change noted on top", async () => {
    // Prepare: Details opened from a search, then its Pause button.
    bot = await startBot();
    const list = await command(bot, "all size:5");
    const id = JSON.parse(buttonOf(list, ACTION_IDS.pause).value!).id as number;
    const active = bot.emu.account.webhooks.find((h) => h.Id === id)!;
    const details = buttonOf(list, ACTION_IDS.details, id);
    const opened = await click(bot, ACTION_IDS.details, details.value!, { userId: ADMIN });
    const pause = buttonOf(opened.posts[0]!, ACTION_IDS.pause);

    // Act
    const posts = afterInterim((await click(bot, ACTION_IDS.pause, pause.value!, { userId: ADMIN })).posts);

    // Assess
    expect(active.Active).toBe(false);
    expect(firstText(posts[0]!)).toBe(`Paused “${active.Name}” (#${active.Id}).`);
    expect(textOf(posts[0]!)).toContain(active.Description!);
    expect(buttonOf(posts[0]!, ACTION_IDS.resume, active.Id)).toBeDefined();
    expect(JSON.parse(buttonOf(posts[0]!, ACTION_IDS.runSearch).value!)).toEqual({ q: "size:5", p: 1 });
    expect(String(posts[1]!.text)).toContain(`<@${ADMIN}> paused webhook`);
  });

  it("a second click on the same Pause (a stale button) writes nothing more and posts no second audit line", async () => {
    bot = await startBot();
    const list = await command(bot, "all size:5");
    const pause = buttonOf(list, ACTION_IDS.pause);
    const id = JSON.parse(pause.value!).id as number;
    const hook = bot.emu.account.webhooks.find((h) => h.Id === id)!;
    await click(bot, ACTION_IDS.pause, pause.value!, { userId: ADMIN });

    const again = afterInterim((await click(bot, ACTION_IDS.pause, pause.value!, { userId: ADMIN })).posts);

    expect(hook.Active).toBe(false);
    expect(bot.emu.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ response_type: "ephemeral", replace_original: true });
    expect(firstText(again[0]!)).toBe(`“${hook.Name}” (#${id}) is already paused.`);
    expect(textOf(again[0]!)).toContain("page 1 of");
    const audits = bot.stub.responses.filter((r) => r.body.response_type === "in_channel");
    expect(audits).toHaveLength(1);
  });

  it("a full page's row menu works end to end: Pause… answers the confirm step, Details the record", async () => {
    // Prepare: a full page as an admin sees it (a row menu per webhook), and one active row's options.
    bot = await startBot();
    const list = await command(bot, "all size:25");
    const menus = (
      list.blocks as Array<{
        accessory?: {
          type: string;
          action_id: string;
          options: Array<{ text: { text: string }; value: string }>;
        };
      }>
    )
      .map((b) => b.accessory)
      .filter((a) => a?.type === "overflow");
    expect(menus).toHaveLength(25);
    const menu = menus.find((m) => m!.options.some((o) => o.text.text === "Pause…"))!;
    const [details, pause] = menu.options;
    const hook = bot.emu.account.webhooks.find((h) => h.Id === JSON.parse(pause!.value).id)!;

    // Act: Slack sends the chosen option of an overflow, not a button's value.
    const choose = async (option: { text: { text: string }; value: string }) => {
      const responseUrl = bot!.stub.newResponseUrl();
      const body = new URLSearchParams(
        actionBody({ actionId: menu.action_id, value: "", userId: ADMIN, responseUrl }),
      );
      const payload = JSON.parse(body.get("payload")!);
      payload.actions = [
        {
          type: "overflow",
          action_id: menu.action_id,
          block_id: "b1",
          selected_option: { text: { type: "plain_text", text: option.text.text }, value: option.value },
          action_ts: "1700000001.000200",
        },
      ];
      body.set("payload", JSON.stringify(payload));
      const answer = await bot!.send(
        signedEvent({ body: body.toString(), contentType: "application/x-www-form-urlencoded" }),
      );
      await bot!.settle();
      const posts = bot!.stub.responses
        .filter((r) => r.path === new URL(responseUrl).pathname)
        .map((r) => r.body);
      return { answer, posts };
    };
    const asked = await choose(pause!);
    const opened = await choose(details!);

    // Assess: Pause… changed nothing and answered with the button that does it; Details shows the record.
    expect(asked.answer.status).toBe(200);
    expect(hook.Active).toBe(true);
    expect(bot.emu.requests.filter((r) => r.method === "PUT")).toHaveLength(0);
    expect(asked.posts[0]).toMatchObject({ response_type: "ephemeral", replace_original: true });
    expect(JSON.parse(buttonOf(asked.posts[0]!, ACTION_IDS.pause).value!)).toMatchObject({
      id: hook.Id,
      q: "size:25",
      p: 1,
    });
    expect(textOf(opened.posts[0]!)).toContain("Target URL");
    expect(textOf(opened.posts[0]!)).toContain(`#${hook.Id}`);
  });

  it("Resume by an admin re-enables the webhook", async () => {
    bot = await startBot();
    const hook = bot.emu.account.webhooks.find((h) => !h.Active)!;

    const clicked = await click(bot, ACTION_IDS.resume, encodeActionValue({ id: hook.Id }), {
      userId: ADMIN,
    });
    const posts = afterInterim(clicked.posts, "Resuming");

    expect(bot.emu.account.webhooks.find((h) => h.Id === hook.Id)!.Active).toBe(true);
    expect(String(posts[1]!.text)).toContain(`<@${ADMIN}> resumed webhook`);
  });

  it("refuses a pause from an allowed user who is not an admin: no Nexudus write", async () => {
    bot = await startBot();
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;

    const { answer, posts } = await click(bot, ACTION_IDS.pause, encodeActionValue({ id: hook.Id }));

    expect(answer.status).toBe(200);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(textOf(posts[0]!)).toContain("Only webhook admins");
    expect(bot.emu.requests).toHaveLength(0);
    expect(bot.emu.account.webhooks.find((h) => h.Id === hook.Id)!.Active).toBe(true);
  });

  it("refuses a forged block_actions payload from a user who is not allowed at all", async () => {
    bot = await startBot({ allowed: [USER], admins: [ADMIN] });

    const page = await click(bot, ACTION_IDS.pageNext, encodeActionValue({ q: "all", p: 2 }), {
      userId: STRANGER,
    });
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const pause = await click(bot, ACTION_IDS.pause, encodeActionValue({ id: hook.Id }), {
      userId: STRANGER,
    });

    for (const { posts } of [page, pause]) {
      expect(posts).toHaveLength(1);
      expect(textOf(posts[0]!)).toMatch(/not allowed|Only webhook admins/);
    }
    expect(bot.emu.requests).toHaveLength(0);
    expect(bot.jobs).toHaveLength(0);
  });

  it("answers a malformed button value with a readable message, not an error", async () => {
    bot = await startBot();

    const { answer, posts } = await click(bot, ACTION_IDS.pageNext, '{"q": 5}');

    expect(answer.status).toBe(200);
    expect(textOf(posts[0]!)).toContain("no longer works");
    expect(bot.emu.requests).toHaveLength(0);
  });

  it("a common search clicked on the App Home tab replaces the tab's content", async () => {
    bot = await startBot();

    await click(bot, ACTION_IDS.runSearch, encodeActionValue({ q: "disabled" }), { home: true });

    const view = bot.stub.homeViews.get(USER) as { type: string; blocks: unknown[] };
    expect(view.type).toBe("home");
    expect(JSON.stringify(view)).toContain("Disabled webhooks");
    expect(JSON.stringify(view)).toContain("Back to overview");
  });
});

describe("buttons on the App Home tab", () => {
  const CHANNEL = "C0AUDIT0001";

  it("Details and a search shown in the tab offer no Share in channel (nothing could be posted from there)", async () => {
    bot = await startBot();
    const hook = bot.emu.account.webhooks[5]!;

    await click(bot, ACTION_IDS.details, encodeActionValue({ id: hook.Id, q: "all", p: 1 }), { home: true });
    const details = bot.stub.homeViews.get(USER) as { blocks: unknown[] };
    await click(bot, ACTION_IDS.runSearch, encodeActionValue({ q: "all size:5" }), { home: true });
    const list = bot.stub.homeViews.get(USER) as { blocks: unknown[] };

    expect(textOf(details)).toContain(hook.Description!);
    expect(textOf(list)).toContain("page 1 of");
    for (const view of [details, list]) {
      expect(buttonsOf(view).map((b) => b.action_id)).not.toContain(ACTION_IDS.share);
      expect(buttonsOf(view).map((b) => b.action_id)).toContain(ACTION_IDS.runSearch);
    }
  });

  it("a Share click from an older Home tab posts nothing and says where sharing works", async () => {
    bot = await startBot();

    await click(bot, ACTION_IDS.share, encodeActionValue({ q: "failing", p: 1 }), { home: true });

    const view = bot.stub.homeViews.get(USER) as { blocks: unknown[] };
    expect(textOf(view)).toContain("in a channel");
    expect(textOf(view)).not.toContain("Shared by");
    expect(bot.stub.calls.filter((c) => c.method === "chat.postMessage")).toHaveLength(0);
  });

  it("Pause from the tab redraws it and posts the audit line to DIGEST_CHANNEL", async () => {
    bot = await startBot({ env: { DIGEST_CHANNEL: CHANNEL } });
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;

    await click(bot, ACTION_IDS.pause, encodeActionValue({ id: hook.Id, q: "all size:5", p: 1 }), {
      userId: ADMIN,
      home: true,
    });

    expect(hook.Active).toBe(false);
    const view = bot.stub.homeViews.get(ADMIN) as { blocks: unknown[] };
    expect(firstText(view)).toBe(`Paused “${hook.Name}” (#${hook.Id}).`);
    const posted = bot.stub.calls.filter((c) => c.method === "chat.postMessage");
    expect(posted).toHaveLength(1);
    expect(posted[0]!.args.channel).toBe(CHANNEL);
    expect(String(posted[0]!.args.text)).toContain(`<@${ADMIN}> paused webhook`);
  });

  it("Pause from the tab without DIGEST_CHANNEL: the change is made, nothing is posted, the log says why", async () => {
    bot = await startBot({ logLevel: "WARN" });
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const { lines } = await captureLines(() =>
      click(bot!, ACTION_IDS.pause, encodeActionValue({ id: hook.Id }), { userId: ADMIN, home: true }),
    );

    expect(hook.Active).toBe(false);
    expect(bot.stub.calls.filter((c) => c.method === "chat.postMessage")).toHaveLength(0);
    expect(lines.some((l) => l.includes("no audit channel"))).toBe(true);
  });
});
