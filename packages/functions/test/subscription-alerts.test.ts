import { INCIDENT_EVENT_TYPE } from "@nwh/core/alerts";
import { ACTION_IDS } from "@nwh/core/blocks";
import type { Subscription } from "@nwh/core/subscriptions";
import { TIMING } from "@nwh/core/time";
import type { StoredMessage } from "@nwh/slack-stub";
import { afterEach, describe, expect, it } from "vitest";
import { testClock } from "../../core/test/support/test-clock";
import { actionBody, signedEvent } from "./support/api-gateway";
import { type Bot, startBot, USER } from "./support/bot";
import { expectAllSlackTrafficSafe, textOf } from "./support/slack-checks";

/*
 * Incidents routed to subscribed channels, end to end: the watch handler polls the emulator and reads the
 * subscriptions from the table at each poll; each channel's message is its own, updated in place, with
 * its own Acknowledge and its own mention.
 */

const DEFAULT = "C0ALERTS01";
const TEAM = "C0TEAM0001";
const ZAPIER = "C0ZAPIER01";
const ALERT_MENTION = "S0ONCALL01";
const TEAM_MENTION = "S0TEAMLEAD";
const ERROR = "The remote server returned an error: (401) Unauthorized.";

let bot: Bot | undefined;
afterEach(async () => {
  if (bot) expectAllSlackTrafficSafe(bot.stub, [ALERT_MENTION, TEAM_MENTION]);
  await bot?.close();
  bot = undefined;
});

let seq = 0;
function alertSubscription(channel: string, query: string, mention: string[] = []): Subscription {
  seq += 1;
  return {
    id: `b${String(seq).padStart(11, "0")}`,
    channel,
    query,
    alerts: true,
    digest: false,
    at: "08:00",
    timeZone: "UTC",
    mention: mention.map((id) => ({ id })),
    createdBy: "U0ADMIN001",
    createdAt: 1_700_000_000_000 + seq,
  };
}

function incidents(b: Bot, channel: string): StoredMessage[] {
  return (b.stub.channels.get(channel) ?? []).filter(
    (m) => !m.thread_ts && m.metadata?.event_type === INCIDENT_EVENT_TYPE,
  );
}

function thread(b: Bot, channel: string, parent: StoredMessage): string[] {
  return (b.stub.channels.get(channel) ?? [])
    .filter((m) => m.thread_ts === parent.ts)
    .map((m) => m.text ?? "");
}

function ackValue(message: StoredMessage): string {
  for (const block of (message.blocks ?? []) as Array<{
    elements?: Array<{ action_id?: string; value?: string }>;
  }>)
    for (const e of block.elements ?? []) if (e.action_id === ACTION_IDS.incidentAck) return e.value!;
  throw new Error("no Acknowledge button");
}

/** Two healthy webhooks of the demo account in two different locations, each with a target of its own. */
function twoHealthy(b: Bot) {
  const healthy = b.emu.account.webhooks.filter((h) => h.Active && h.ErrorCount === 0);
  const first = healthy[0]!;
  const second = healthy.find((h) => h.BusinessId !== first.BusinessId)!;
  first.URL = "https://crm.example-target.test/hooks/one";
  second.URL = "https://erp.example-target.test/hooks/two";
  return [first, second] as const;
}

describe("incidents routed to subscribed channels", () => {
  it("posts each incident once in every matching channel, each updated on its own, acknowledged per channel", async () => {
    bot = await startBot({ env: { ALERT_CHANNEL: DEFAULT, ALERT_MENTION } });
    const [local, elsewhere] = twoHealthy(bot);
    // Overlapping: the team's location, and every failing webhook.
    await bot.deps.subscriptions.save(
      alertSubscription(TEAM, `location:${local.BusinessId}`, [TEAM_MENTION]),
      "create",
    );
    await bot.deps.subscriptions.save(alertSubscription(ZAPIER, "failing"), "create");
    await bot.watch({});

    bot.emu.deliveries.fail(local.Id, 3, ERROR);
    bot.emu.deliveries.fail(elsewhere.Id, 3, ERROR.replace("401", "403"));
    const opened = await bot.watch({});

    // The local webhook: in all three channels; the other one: not in the team's.
    expect(opened.opened).toBe(5);
    const webhooksIn = (channel: string) =>
      incidents(bot!, channel).map((m) => (m.metadata!.event_payload as { webhooks: number[] }).webhooks);
    expect(webhooksIn(TEAM)).toEqual([[local.Id]]);
    expect(webhooksIn(ZAPIER).flat().sort()).toEqual([local.Id, elsewhere.Id].sort());
    expect(webhooksIn(DEFAULT).flat().sort()).toEqual([local.Id, elsewhere.Id].sort());

    // Acknowledged in the team's channel only.
    const team = incidents(bot, TEAM)[0]!;
    const responseUrl = bot.stub.newResponseUrl();
    const body = actionBody({
      actionId: ACTION_IDS.incidentAck,
      value: ackValue(team),
      userId: USER,
      responseUrl,
      channelId: TEAM,
      ephemeral: false,
    });
    await bot.send(signedEvent({ body, contentType: "application/x-www-form-urlencoded" }));
    await bot.settle();
    expect(textOf(incidents(bot, TEAM)[0]!)).toContain(`Acknowledged by <@${USER}>`);
    const zapierLocal = incidents(bot, ZAPIER).find((m) => textOf(m).includes(`#${local.Id}`))!;
    const defaultLocal = incidents(bot, DEFAULT).find((m) => textOf(m).includes(`#${local.Id}`))!;
    expect(textOf(zapierLocal)).not.toContain("Acknowledged by");
    expect(textOf(defaultLocal)).not.toContain("Acknowledged by");

    // Escalated: each channel's message updated in place, each mentioning its own people once.
    const before = [TEAM, ZAPIER, DEFAULT].map((channel) => {
      const message = incidents(bot!, channel).find((m) => textOf(m).includes(`#${local.Id}`))!;
      return { channel, ts: message.ts, text: textOf(message) };
    });
    bot.emu.deliveries.fail(local.Id, 5, ERROR);
    await bot.watch({});
    for (const { channel, ts, text } of before) {
      const now = incidents(bot, channel).filter((m) => textOf(m).includes(`#${local.Id}`));
      expect(now.map((m) => m.ts)).toEqual([ts]);
      expect(textOf(now[0]!)).not.toEqual(text);
      expect(textOf(now[0]!)).toContain("8/10");
    }
    const mentions = (channel: string, parent: StoredMessage) =>
      thread(bot!, channel, parent).filter((l) => l.includes("<!subteam^"));
    expect(mentions(TEAM, team)).toEqual([expect.stringContaining(`<!subteam^${TEAM_MENTION}>`)]);
    expect(mentions(DEFAULT, defaultLocal)).toEqual([expect.stringContaining(`<!subteam^${ALERT_MENTION}>`)]);
    expect(mentions(ZAPIER, zapierLocal)).toEqual([]);
  });

  it("with DEFAULT_SUBSCRIPTION=off, only subscribed channels get incidents; with none, alerts are off", async () => {
    bot = await startBot({ env: { ALERT_CHANNEL: DEFAULT, DEFAULT_SUBSCRIPTION: "off" } });
    const [local] = twoHealthy(bot);

    const off = await bot.watch({});
    await bot.deps.subscriptions.save(alertSubscription(TEAM, `location:${local.BusinessId}`), "create");
    await bot.watch({});
    bot.emu.deliveries.fail(local.Id, 3, ERROR);
    const opened = await bot.watch({});

    expect(off).toMatchObject({ status: "off", off: "default-off" });
    expect(opened.opened).toBe(1);
    expect(incidents(bot, TEAM)).toHaveLength(1);
    expect(bot.stub.channels.get(DEFAULT)).toBeUndefined();
  });

  it("a digest-only subscription takes no alerts", async () => {
    bot = await startBot({ env: { DEFAULT_SUBSCRIPTION: "off" } });
    await bot.deps.subscriptions.save(
      { ...alertSubscription(TEAM, "failing"), alerts: false, digest: true },
      "create",
    );

    const result = await bot.watch({});

    expect(result.status).toBe("off");
    expect(bot.stub.channels.get(TEAM)).toBeUndefined();
  });

  it("closes a channel's incident once its subscription is removed: one last update, no mention, then silence", async () => {
    // Prepare: the team's location goes to the team's channel and to the default one.
    bot = await startBot({ env: { ALERT_CHANNEL: DEFAULT, ALERT_MENTION } });
    const [local] = twoHealthy(bot);
    const team = alertSubscription(TEAM, `location:${local.BusinessId}`, [TEAM_MENTION]);
    await bot.deps.subscriptions.save(team, "create");
    await bot.watch({});
    bot.emu.deliveries.fail(local.Id, 3, ERROR);
    await bot.watch({});
    const [teamIncident] = incidents(bot, TEAM);
    expect(teamIncident).toBeDefined();

    // Act: the team unsubscribes while the webhook goes on failing, past the mention threshold.
    await bot.deps.subscriptions.remove(TEAM, team.id);
    bot.emu.deliveries.fail(local.Id, 5, ERROR);
    await bot.watch({});
    const closed = incidents(bot, TEAM);
    const linesAfterClosing = thread(bot, TEAM, teamIncident!);
    bot.emu.deliveries.fail(local.Id, 1, ERROR);
    await bot.watch({});

    // Assess: the team's message closed in place, said why, pinged nobody; nothing more came.
    expect(closed.map((m) => m.ts)).toEqual([teamIncident!.ts]);
    expect(textOf(closed[0]!)).toContain("this channel no longer takes these webhooks");
    expect(linesAfterClosing.join("\n")).toContain("no longer taken by this channel");
    expect(linesAfterClosing.join("\n")).not.toContain("<!subteam^");
    expect(incidents(bot, TEAM).map(textOf)).toEqual(closed.map(textOf));
    expect(thread(bot, TEAM, teamIncident!)).toEqual(linesAfterClosing);
    // The default channel goes on as before: escalated, with its own mention.
    const [defaultIncident] = incidents(bot, DEFAULT);
    expect(textOf(defaultIncident!)).toContain("About to be disabled");
    expect(thread(bot, DEFAULT, defaultIncident!).join("\n")).toContain(`<!subteam^${ALERT_MENTION}>`);
  });

  it("says once that Slack refuses a subscribed channel, holds it without failing the next polls, and tries it again a day later or when its subscription is edited", async () => {
    // Prepare: the team's location goes to the team's channel, which gets archived, and to the default one.
    const clock = testClock();
    bot = await startBot({ env: { ALERT_CHANNEL: DEFAULT, ALERT_MENTION }, clock, clientLimiter: false });
    const [local] = twoHealthy(bot);
    const team = alertSubscription(TEAM, `location:${local.BusinessId}`);
    await bot.deps.subscriptions.save(team, "create");
    await bot.watch({});
    bot.stub.workspace.archivedChannels.add(TEAM);
    // Posts and updates sent there (a read of an archived channel is answered).
    const callsTo = (channel: string) =>
      bot!.stub.calls.filter((c) => c.method.startsWith("chat.") && c.args.channel === channel).length;
    const summaries = callsTo(TEAM);
    const notices = () =>
      (bot!.stub.channels.get(DEFAULT) ?? []).filter((m) => (m.text ?? "").includes("Slack refuses"));

    // Act: an incident opens; it escalates while the channel is held; a day passes; the subscription is edited.
    bot.emu.deliveries.fail(local.Id, 3, ERROR);
    const refused = await bot.watch({}).then(
      () => undefined,
      (error: unknown) => error,
    );
    const afterFirst = callsTo(TEAM);
    const triedFirst = afterFirst - summaries;
    bot.emu.deliveries.fail(local.Id, 5, ERROR);
    const held = [await bot.watch({}), await bot.watch({})];
    const triedWhileHeld = callsTo(TEAM) - afterFirst;
    clock.advance(TIMING.refusedChannelRetryMs);
    const retried = await bot.watch({});
    const triedAfterADay = callsTo(TEAM) - afterFirst;
    bot.stub.workspace.archivedChannels.delete(TEAM);
    const later = await bot.watch({});
    const triedBeforeTheEdit = callsTo(TEAM) - afterFirst;
    await bot.deps.subscriptions.save({ ...team, mention: [{ id: TEAM_MENTION }] }, "replace");
    await bot.watch({});

    // Assess: the first poll failed naming Slack's refusal, after the default channel's incident went out;
    // one notice there names the channel and what to do; the held polls made no call to it and did not
    // fail; the retry a day later made one call; the edit sent the incident, once, and no notice came again.
    expect((refused as Error).message).toContain("is_archived");
    expect(triedFirst).toBe(1);
    expect(incidents(bot, DEFAULT)).toHaveLength(1);
    expect(notices()).toHaveLength(1);
    expect(textOf(notices()[0]!)).toContain(`<#${TEAM}>`);
    expect(textOf(notices()[0]!)).toContain("unarchive it");
    expect(held.map((r) => r.status)).toEqual(["watched", "watched"]);
    expect(triedWhileHeld).toBe(0);
    expect(retried.status).toBe("watched");
    expect(triedAfterADay).toBe(1);
    expect(later.status).toBe("watched");
    expect(triedBeforeTheEdit).toBe(1);
    const [teamIncident] = incidents(bot, TEAM);
    expect(incidents(bot, TEAM)).toHaveLength(1);
    expect(textOf(teamIncident!)).toContain("About to be disabled");
    expect(thread(bot, TEAM, teamIncident!)).toHaveLength(1);
    expect(notices()).toHaveLength(1);
  });

  it("closes the open incidents when the last channel taking alerts unsubscribes, then says alerts are off", async () => {
    bot = await startBot({ env: { DEFAULT_SUBSCRIPTION: "off" } });
    const [local] = twoHealthy(bot);
    const team = alertSubscription(TEAM, "failing");
    await bot.deps.subscriptions.save(team, "create");
    await bot.watch({});
    bot.emu.deliveries.fail(local.Id, 3, ERROR);
    await bot.watch({});
    expect(incidents(bot, TEAM)).toHaveLength(1);

    await bot.deps.subscriptions.remove(TEAM, team.id);
    const closing = await bot.watch({});
    const after = await bot.watch({});

    expect(closing.status).not.toBe("off");
    expect(textOf(incidents(bot, TEAM)[0]!)).toContain("this channel no longer takes these webhooks");
    expect(after.status).toBe("off");
  });

  it("keeps a channel's incident open when its search is about state and the webhook gets worse", async () => {
    // Prepare: the team takes active failing webhooks of its location; the webhook then gets disabled.
    bot = await startBot({ env: { DEFAULT_SUBSCRIPTION: "off" } });
    const [local] = twoHealthy(bot);
    await bot.deps.subscriptions.save(
      alertSubscription(TEAM, `active failing location:${local.BusinessId}`),
      "create",
    );
    await bot.watch({});
    bot.emu.deliveries.fail(local.Id, 3, ERROR);
    await bot.watch({});
    const [incident] = incidents(bot, TEAM);
    expect(incident).toBeDefined();

    // Act: ten failures in a row, so Nexudus disables it (it no longer matches `active`).
    bot.emu.deliveries.fail(local.Id, 7, ERROR);
    await bot.watch({});

    // Assess: the same message, now saying Nexudus disabled it: not closed as no longer taken.
    const now = incidents(bot, TEAM);
    expect(now.map((m) => m.ts)).toEqual([incident!.ts]);
    expect(textOf(now[0]!)).toContain("Disabled by Nexudus");
    expect(textOf(now[0]!)).not.toContain("no longer takes");
  });
});
