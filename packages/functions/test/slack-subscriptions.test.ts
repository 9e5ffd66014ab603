import { ACTION_IDS } from "@nwh/core/blocks";
import { afterEach, describe, expect, it } from "vitest";
import { actionBody, commandBody, signedEvent } from "./support/api-gateway";
import { ADMIN, type Bot, startBot, USER } from "./support/bot";
import { buttonsOf, expectAllSlackTrafficSafe, textOf } from "./support/slack-checks";

let bot: Bot | undefined;
afterEach(async () => {
  if (bot) expectAllSlackTrafficSafe(bot.stub);
  await bot?.close();
  bot = undefined;
});

const TEAM = "C0TEAM0001";
const OTHER = "C0OTHER001";

/** `/webhooks text` typed in `channelId`: the ack, then whatever the worker posted to the response_url. */
async function run(b: Bot, text: string, userId = ADMIN, channelId = TEAM) {
  const responseUrl = b.stub.newResponseUrl();
  const event = signedEvent({
    body: commandBody({ text, userId, responseUrl, channelId }),
    contentType: "application/x-www-form-urlencoded",
  });
  const ack = await b.send(event);
  await b.settle();
  const path = new URL(responseUrl).pathname;
  const posts = b.stub.responses.filter((r) => r.path === path).map((r) => r.body);
  // The final answer: the worker's last post, or the ack itself when it was answered inline.
  return { ack: ack.body, posts, answer: textOf(posts.at(-1) ?? ack.body) };
}

/** The lines the bot posted in a channel (audit lines, digests). */
function postsIn(b: Bot, channel: string): string[] {
  return (b.stub.channels.get(channel) ?? []).map((m) => m.text ?? "");
}

describe("/webhooks subscribe | subscriptions | unsubscribe", () => {
  it("subscribes a channel with every option, restates it, counts the matches and audits it in the channel", async () => {
    bot = await startBot();

    const { ack, answer } = await run(
      bot,
      'subscribe failing location:"Downtown Hub" -action:BookingCreate at:9:15 tz:europe/paris mention:<!subteam^S0ONCALL|oncall>,<@U0LEAD0001|lea> sort:-errors',
    );

    expect(textOf(ack)).toContain("Working on it");
    expect(answer).toContain("<#C0TEAM0001> is subscribed to *failing webhooks at Downtown Hub");
    expect(answer).toContain("alerts and a daily digest at 09:15 (Europe/Paris)");
    expect(answer).toContain("@oncall");
    expect(answer).toMatch(/\d+ webhooks? match(es)? now/);
    expect(answer).toContain("Left out: `sort:-errors`");
    const [stored, ...more] = await bot.deps.subscriptions.list();
    expect(more).toHaveLength(0);
    expect(stored).toMatchObject({
      channel: TEAM,
      alerts: true,
      digest: true,
      at: "09:15",
      timeZone: "Europe/Paris",
      mention: [
        { id: "S0ONCALL", label: "oncall" },
        { id: "U0LEAD0001", label: "lea" },
      ],
      createdBy: ADMIN,
    });
    // Stored with the location as its id: a renamed location keeps its subscription.
    expect(stored!.query).toContain("location:1414900125");
    expect(stored!.query).toContain("-action:");
    expect(stored!.query).not.toContain("sort");
    expect(postsIn(bot, TEAM)).toEqual([expect.stringContaining("<@U0ADMIN001> subscribed this channel to")]);

    // The same subscription again changes nothing and says so.
    const again = await run(
      bot,
      'subscribe failing location:"Downtown Hub" -action:BookingCreate at:09:15 tz:Europe/Paris mention:<!subteam^S0ONCALL|oncall>,<@U0LEAD0001|lea>',
    );
    expect(again.answer).toContain("already has this subscription");
    expect(await bot.deps.subscriptions.list()).toHaveLength(1);
    expect(postsIn(bot, TEAM)).toHaveLength(1);
  });

  it("takes only the alerts or only the digest, with the configured zone and 08:00 by default", async () => {
    bot = await startBot({ env: { DIGEST_TIMEZONE: "America/New_York" } });

    const alerts = await run(bot, "subscribe disabled alerts");
    const digest = await run(bot, "subscribe failing errors:>=3 digest");

    expect(alerts.answer).toContain("alerts only");
    expect(digest.answer).toContain("a daily digest at 08:00 (America/New_York) only");
    const byQuery = new Map((await bot.deps.subscriptions.list()).map((s) => [s.alerts, s]));
    expect(byQuery.get(true)).toMatchObject({ alerts: true, digest: false });
    expect(byQuery.get(false)).toMatchObject({
      alerts: false,
      digest: true,
      at: "08:00",
      timeZone: "America/New_York",
    });
  });

  it.each([
    ["subscribe failing at:25:00", "`at:25:00` is not a time of day"],
    ["subscribe failing tz:Europe/Pariss", "`tz:Europe/Pariss` is not a time zone"],
    ["subscribe failing mention:bob", "`mention:bob` is not a user group or a person"],
    ["subscribe failing alerts at:08:00", "takes only the alerts"],
    ["subscribe failing digest mention:<!subteam^S0ONCALL|oncall>", "takes only the digest"],
    ["subscribe failing at:08:00 at:09:00", "Give one digest time"],
    ["subscribe", "needs a search"],
    ["subscribe failing errors:..0", "contradicts `errors:..0`"],
    ["subscribe failing actoin:BookingCreate", "action:"],
    ["subscribe location:Nowhere", "No location is called `Nowhere`"],
    ["subscriptions please", "takes nothing after it"],
    ["unsubscribe two", "takes the number of a subscription"],
  ])("refuses `%s` with an error naming it, and stores nothing", async (text, expected) => {
    bot = await startBot();

    const { answer } = await run(bot, text);

    expect(answer).toContain(expected);
    expect(await bot.deps.subscriptions.list()).toHaveLength(0);
    expect(postsIn(bot, TEAM)).toHaveLength(0);
  });

  it("lists the channel's subscriptions to users and every channel's, with Remove, to admins; unsubscribe N removes the Nth", async () => {
    bot = await startBot();
    await run(bot, "subscribe failing");
    await run(bot, 'subscribe disabled location:"Canal Works" alerts');
    await run(bot, "subscribe all digest", ADMIN, OTHER);

    const mine = await run(bot, "subscriptions", USER);
    const all = await run(bot, "subscriptions", ADMIN);

    expect(mine.answer).toContain("*1.* *failing webhooks*");
    expect(mine.answer).toContain("*2.* *disabled webhooks at Canal Works*");
    expect(mine.answer).not.toContain("<#C0OTHER001>");
    expect(buttonsOf(mine.ack)).toHaveLength(0);
    expect(all.answer).toContain("<#C0OTHER001>");
    expect(buttonsOf(all.ack).filter((b) => b.action_id === ACTION_IDS.subscriptionRemove)).toHaveLength(3);

    const gone = await run(bot, "unsubscribe 2");
    expect(gone.answer).toContain(
      "Removed <#C0TEAM0001>'s subscription to *disabled webhooks at Canal Works*",
    );
    expect(gone.answer).toContain("*1.* *failing webhooks*");
    expect((await bot.deps.subscriptions.listChannel(TEAM)).map((s) => s.query)).toEqual(["failing"]);
    expect(postsIn(bot, TEAM).at(-1)).toContain("removed this channel's subscription");

    const none = await run(bot, "unsubscribe 5");
    expect(none.answer).toContain("numbered 1 to 1; there is no 5");
    expect(await bot.deps.subscriptions.list()).toHaveLength(2);
  });

  it("removes one with its Remove button, once: a second click finds it gone", async () => {
    bot = await startBot();
    await run(bot, "subscribe failing");
    const list = await run(bot, "subscriptions", ADMIN);
    const remove = buttonsOf(list.ack).find((b) => b.action_id === ACTION_IDS.subscriptionRemove)!;

    const clicks = [];
    for (let i = 0; i < 2; i += 1) {
      const responseUrl = bot.stub.newResponseUrl();
      const body = actionBody({
        actionId: remove.action_id,
        value: remove.value!,
        userId: ADMIN,
        responseUrl,
        channelId: TEAM,
      });
      await bot.send(signedEvent({ body, contentType: "application/x-www-form-urlencoded" }));
      await bot.settle();
      const path = new URL(responseUrl).pathname;
      clicks.push(textOf(bot.stub.responses.filter((r) => r.path === path).at(-1)!.body));
    }

    expect(clicks[0]).toContain("Removed <#C0TEAM0001>'s subscription");
    expect(clicks[1]).toContain("removed already");
    expect(await bot.deps.subscriptions.list()).toHaveLength(0);
    expect(postsIn(bot, TEAM).filter((t) => t.includes("removed this channel's subscription"))).toHaveLength(
      1,
    );
  });

  it("refuses a non-admin, before any Nexudus request and any write", async () => {
    bot = await startBot();
    await run(bot, "subscribe failing");
    const requests = bot.emu.requests.length;

    const subscribe = await run(bot, "subscribe disabled", USER);
    const unsubscribe = await run(bot, "unsubscribe 1", USER);
    const remove = await (async () => {
      const responseUrl = bot!.stub.newResponseUrl();
      const [stored] = await bot!.deps.subscriptions.list();
      const body = actionBody({
        actionId: ACTION_IDS.subscriptionRemove,
        value: JSON.stringify({ c: TEAM, i: stored!.id }),
        userId: USER,
        responseUrl,
        channelId: TEAM,
      });
      await bot!.send(signedEvent({ body, contentType: "application/x-www-form-urlencoded" }));
      await bot!.settle();
      return textOf(bot!.stub.responses.find((r) => r.path === new URL(responseUrl).pathname)!.body);
    })();

    for (const text of [subscribe.answer, unsubscribe.answer, remove])
      expect(text).toContain("Only webhook admins can subscribe channels");
    expect(bot.jobs).toHaveLength(1);
    expect(bot.emu.requests.length).toBe(requests);
    expect(await bot.deps.subscriptions.list()).toHaveLength(1);
  });

  it.each([
    ["not a member", "notMemberOf" as const],
    ["a private channel it cannot see", "missingChannels" as const],
  ])("asks to /invite the bot first when it is %s, and stores nothing", async (_name, set) => {
    bot = await startBot();
    bot.stub.workspace[set].add(TEAM);

    const { answer } = await run(bot, "subscribe failing");

    expect(answer).toContain("/invite @Nexudus Webhooks");
    expect(await bot.deps.subscriptions.list()).toHaveLength(0);
    expect(postsIn(bot, TEAM)).toHaveLength(0);
    expect(bot.stub.calls.filter((c) => c.method === "conversations.info")[0]?.args.channel).toBe(TEAM);
  });

  it("never takes a failed conversations.info for membership: nothing is stored, and it says to try again", async () => {
    bot = await startBot();
    bot.stub.faults.next("conversations.info", [{ status: 500 }, { status: 500 }, { status: 500 }]);

    const { answer } = await run(bot, "subscribe failing");

    expect(answer).toContain("Slack did not say whether I am in this channel");
    expect(await bot.deps.subscriptions.list()).toHaveLength(0);
  });

  it("refuses a subscription typed in a direct message", async () => {
    bot = await startBot();

    const { answer } = await run(bot, "subscribe failing", ADMIN, "D0DIRECT01");

    expect(answer).toContain("Subscriptions are for channels");
    expect(await bot.deps.subscriptions.list()).toHaveLength(0);
  });
});
