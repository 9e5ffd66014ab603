import { INCIDENT_EVENT_TYPE } from "@nwh/core/alerts";
import type { Subscription } from "@nwh/core/subscriptions";
import { STUB_BOT_USER_ID, type StoredMessage } from "@nwh/slack-stub";
import { afterEach, describe, expect, it } from "vitest";
import { type TestClock, testClock } from "../../core/test/support/test-clock";
import { memberJoinedBody, signedEvent } from "./support/api-gateway";
import { type Bot, startBot } from "./support/bot";
import { expectAllSlackTrafficSafe, textOf } from "./support/slack-checks";

/*
 * A channel Slack refused for good (the bot removed from it) is held; inviting the bot back is what lifts
 * the hold, at the next poll: the slack handler records the bot's `member_joined_channel` in the table,
 * and the watch handler reads it with the subscriptions.
 */

const ALERTS = "C0ALERTS01";
const TEAM = "C0TEAM0001";
const ERROR = "The remote server returned an error: (401) Unauthorized.";
const POLL_MS = 5 * 60_000;

let bot: Bot | undefined;
afterEach(async () => {
  if (bot) expectAllSlackTrafficSafe(bot.stub);
  await bot?.close();
  bot = undefined;
});

const incidents = (b: Bot, channel: string): StoredMessage[] =>
  (b.stub.channels.get(channel) ?? []).filter(
    (m) => !m.thread_ts && m.metadata?.event_type === INCIDENT_EVENT_TYPE,
  );

/** Posts and updates sent to `channel` (refused ones included). */
const writesTo = (b: Bot, channel: string) =>
  b.stub.calls.filter((c) => c.method.startsWith("chat.") && c.args.channel === channel).length;

/** A poll, as the scheduler runs it; a poll that fails is its error. */
const poll = (b: Bot) => b.watch({}).catch((error: unknown) => error as Error);

/** Slack telling the slack function that the bot joined `channel` at `joinedAtMs`, signed at the clock's now. */
async function botJoined(b: Bot, clock: TestClock, channel: string, joinedAtMs: number, eventId: string) {
  const body = memberJoinedBody({
    userId: STUB_BOT_USER_ID,
    channel,
    eventId,
    eventTime: Math.floor(joinedAtMs / 1000),
  });
  const answer = await b.send(
    signedEvent({
      body,
      contentType: "application/json",
      timestamp: Math.floor(clock.now() / 1000),
      arrivedAt: clock.now(),
    }),
  );
  expect(answer.status).toBe(200);
}

/** A healthy webhook of the demo account, about to fail. */
const healthy = (b: Bot) => b.emu.account.webhooks.find((h) => h.Active && h.ErrorCount === 0)!;

describe("a channel Slack refused, once the bot is invited back", () => {
  it("ALERT_CHANNEL held after the bot was removed takes the incident at the next poll after the join, not for a join older than the refusal", async () => {
    // Prepare: the first poll (one summary); the bot is removed from the channel; an incident opens and its
    // post is refused, which holds the channel.
    const clock = testClock();
    bot = await startBot({ env: { ALERT_CHANNEL: ALERTS }, clock, clientLimiter: false });
    const hook = healthy(bot);
    await bot.watch({});
    const joinedBeforeRemoval = clock.now();
    bot.stub.workspace.notMemberOf.add(ALERTS);
    clock.advance(POLL_MS);
    bot.emu.deliveries.fail(hook.Id, 3, ERROR);
    const refused = await poll(bot);
    const afterRefusal = writesTo(bot, ALERTS);

    // Act: a late delivery of the join from before the removal; a poll; then the bot is invited back.
    await botJoined(bot, clock, ALERTS, joinedBeforeRemoval, "Ev1001");
    clock.advance(POLL_MS);
    const stillHeld = await poll(bot);
    const writesWhileHeld = writesTo(bot, ALERTS) - afterRefusal;
    bot.stub.workspace.notMemberOf.delete(ALERTS);
    clock.advance(60_000);
    await botJoined(bot, clock, ALERTS, clock.now(), "Ev1002");
    clock.advance(POLL_MS - 60_000);
    const lifted = await poll(bot);
    clock.advance(POLL_MS);
    const next = await poll(bot);

    // Assess: the refusal failed one poll; the old join lifted nothing (no call, the poll did not fail);
    // the join after the refusal sent the incident at the next poll, once; the poll after it sent nothing.
    expect(String(refused)).toContain("not_in_channel");
    expect(stillHeld).toMatchObject({ status: "watched" });
    expect(writesWhileHeld).toBe(0);
    expect(lifted).toMatchObject({ status: "watched" });
    expect(lifted).toMatchObject({ posted: 1 });
    expect(next).toMatchObject({ status: "watched", posted: 0, updated: 0, lines: 0 });
    expect(incidents(bot, ALERTS)).toHaveLength(1);
    expect(textOf(incidents(bot, ALERTS)[0]!)).toContain(`#${hook.Id}`);
    expect(writesTo(bot, ALERTS)).toBeGreaterThan(afterRefusal);
  });

  it("a subscribed channel invited back but archived meanwhile is said again, once, and held again", async () => {
    // Prepare: ALERTS takes the notices; TEAM's subscription takes the webhook's alerts. The bot is removed
    // from TEAM, which is then refused and said once in ALERTS.
    const clock = testClock();
    bot = await startBot({ env: { ALERT_CHANNEL: ALERTS }, clock, clientLimiter: false });
    const hook = healthy(bot);
    const team: Subscription = {
      id: "b00000000001",
      channel: TEAM,
      query: `location:${hook.BusinessId}`,
      alerts: true,
      digest: false,
      at: "08:00",
      timeZone: "UTC",
      mention: [],
      createdBy: "U0ADMIN001",
      createdAt: clock.now(),
    };
    await bot.deps.subscriptions.save(team, "create");
    await bot.watch({});
    bot.stub.workspace.notMemberOf.add(TEAM);
    clock.advance(POLL_MS);
    bot.emu.deliveries.fail(hook.Id, 3, ERROR);
    await poll(bot);
    const notices = () =>
      (bot!.stub.channels.get(ALERTS) ?? []).filter((m) => (m.text ?? "").includes("Slack refuses"));
    const saidFirst = notices().length;
    const afterRefusal = writesTo(bot, TEAM);

    // Act: the bot is invited back, but the channel was archived in the meantime; two polls follow.
    bot.stub.workspace.notMemberOf.delete(TEAM);
    bot.stub.workspace.archivedChannels.add(TEAM);
    clock.advance(60_000);
    await botJoined(bot, clock, TEAM, clock.now(), "Ev2001");
    clock.advance(POLL_MS);
    const retried = await poll(bot);
    const triedOnce = writesTo(bot, TEAM) - afterRefusal;
    clock.advance(POLL_MS);
    const held = await poll(bot);

    // Assess: one try after the join, refused again, said again (what to do now differs); then held.
    expect(saidFirst).toBe(1);
    expect(String(retried)).toContain("is_archived");
    expect(triedOnce).toBe(1);
    expect(notices()).toHaveLength(2);
    expect(textOf(notices()[1]!)).toContain("unarchive it");
    expect(held).toMatchObject({ status: "watched" });
    expect(writesTo(bot, TEAM) - afterRefusal).toBe(1);
    expect(notices()).toHaveLength(2);
  });
});
