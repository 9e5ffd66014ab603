import { INCIDENT_EVENT_TYPE } from "@nwh/core/alerts";
import { ACTION_IDS } from "@nwh/core/blocks";
import type { StoredMessage } from "@nwh/slack-stub";
import { afterEach, describe, expect, it } from "vitest";
import { requestsTo } from "../../core/test/service/support";
import { actionBody, commandBody, homeOpenedBody, signedEvent } from "./support/api-gateway";
import { ADMIN, type Bot, startBot, USER } from "./support/bot";
import { expectAllSlackTrafficSafe, textOf } from "./support/slack-checks";

/*
 * Alerts end to end: the watch handler polls the emulator (real HTTP) and posts to the Slack stub through
 * the table on dynalite; the incident buttons are signed block_actions through the slack handler and the
 * worker, as in AWS.
 */

const CHANNEL = "C0ALERTS01";
const MENTION = "S0ONCALL01";
const ZAPIER_401 = "The remote server returned an error: (401) Unauthorized.";

let bot: Bot | undefined;
afterEach(async () => {
  if (bot) expectAllSlackTrafficSafe(bot.stub, [MENTION]);
  await bot?.close();
  bot = undefined;
});

async function alertBot(env: Record<string, string> = {}): Promise<Bot> {
  return startBot({ env: { ALERT_CHANNEL: CHANNEL, ALERT_MENTION: MENTION, ...env } });
}

/** The channel's top-level messages, oldest first. */
function parents(b: Bot): StoredMessage[] {
  return (b.stub.channels.get(CHANNEL) ?? []).filter((m) => !m.thread_ts);
}

function incidentMessages(b: Bot): StoredMessage[] {
  return parents(b).filter((m) => m.metadata?.event_type === INCIDENT_EVENT_TYPE);
}

function threadOf(b: Bot, parent: StoredMessage): string[] {
  return (b.stub.channels.get(CHANNEL) ?? [])
    .filter((m) => m.thread_ts === parent.ts)
    .map((m) => m.text ?? "");
}

/** The value of an incident message's element with this action id (a Snooze option: the one of `hours`). */
function elementValue(message: StoredMessage, actionId: string, hours?: number): string {
  for (const block of (message.blocks ?? []) as Array<{ elements?: unknown[] }>) {
    for (const e of (block.elements ?? []) as Array<{
      action_id?: string;
      value?: string;
      options?: Array<{ value: string }>;
    }>) {
      if (e.action_id !== actionId) continue;
      if (hours === undefined) return e.value!;
      const option = e.options?.find((o) => JSON.parse(o.value).h === hours);
      if (option) return option.value;
    }
  }
  throw new Error(`no ${actionId} in the message`);
}

/** A click on the incident message in the channel, run through the slack handler and the worker. */
// biome-ignore lint/suspicious/noExplicitAny: Slack message JSON
async function click(b: Bot, actionId: string, value: string, userId: string): Promise<any[]> {
  const responseUrl = b.stub.newResponseUrl();
  const body = actionBody({ actionId, value, userId, responseUrl, channelId: CHANNEL, ephemeral: false });
  const answer = await b.send(signedEvent({ body, contentType: "application/x-www-form-urlencoded" }));
  expect(answer.status).toBe(200);
  await b.settle();
  return b.stub.responses.filter((r) => r.path === new URL(responseUrl).pathname).map((r) => r.body);
}

/** `/webhooks <text>` through the slack handler: the inline answer. */
// biome-ignore lint/suspicious/noExplicitAny: Slack message JSON
async function slash(b: Bot, text: string, userId: string): Promise<any> {
  const body = commandBody({ text, userId, responseUrl: b.stub.newResponseUrl() });
  const answer = await b.send(signedEvent({ body, contentType: "application/x-www-form-urlencoded" }));
  expect(answer.status).toBe(200);
  return answer.body;
}

/** A webhook of the demo account that is healthy and on, pointed at a target of its own. */
function healthy(b: Bot) {
  const found = b.emu.account.webhooks.find((h) => h.Active && h.ErrorCount === 0);
  if (!found) throw new Error("no healthy webhook");
  found.URL = "https://crm.example-target.test/hooks/nexudus";
  return found;
}

describe("alerts in Slack", () => {
  it("one message per incident, acknowledged once, escalated with one mention, resumed by an admin, recovered", async () => {
    // Prepare: the first poll sums up what already fails; then one webhook starts failing.
    bot = await alertBot();
    const first = await bot.watch({});
    const hook = healthy(bot);
    bot.emu.deliveries.fail(hook.Id, 3, ZAPIER_401);

    // Act: a poll; Acknowledge twice (two people); disabled; a non-admin's and an admin's Resume.
    const opened = await bot.watch({});
    const [message] = incidentMessages(bot);
    const ack = elementValue(message!, ACTION_IDS.incidentAck);
    const firstAck = await click(bot, ACTION_IDS.incidentAck, ack, USER);
    const secondAck = await click(bot, ACTION_IDS.incidentAck, ack, ADMIN);
    bot.emu.deliveries.disable(hook.Id, ZAPIER_401);
    await bot.watch({});
    const resume = elementValue(incidentMessages(bot)[0]!, ACTION_IDS.incidentResume);
    const refused = await click(bot, ACTION_IDS.incidentResume, resume, USER);
    const putsBefore = requestsTo(bot.emu, "/sys/webhooks", "PUT").length;
    const resumed = await click(bot, ACTION_IDS.incidentResume, resume, ADMIN);
    const again = await click(bot, ACTION_IDS.incidentResume, resume, ADMIN);
    bot.emu.deliveries.recover(hook.Id);
    const closed = await bot.watch({});

    // Assess: the first poll's one summary, then one message for the incident, updated in place.
    expect(first).toMatchObject({ status: "watched", firstRun: true });
    expect(parents(bot)[0]!.text).toMatch(/^Watching \d+ failing webhooks? in \d+ incidents?/);
    expect(opened).toMatchObject({ opened: 1, posted: 1 });
    expect(incidentMessages(bot)).toHaveLength(1);
    const final = incidentMessages(bot)[0]!;
    expect(final.ts).toBe(message!.ts);
    expect(final.metadata?.event_payload).toMatchObject({ state: "recovered", webhooks: [hook.Id] });
    expect(closed.closed).toBe(1);
    expect(textOf(final)).toContain("Recovered");
    expect(textOf(final)).not.toContain(ACTION_IDS.incidentAck);

    // Acknowledged once, by the first to click; the second is told.
    expect(firstAck).toEqual([]);
    expect(secondAck.map(textOf).join()).toContain(`Already acknowledged by <@${USER}>`);
    const thread = threadOf(bot, final);
    expect(thread.filter((l) => l.includes("Acknowledged by"))).toEqual([`Acknowledged by <@${USER}>.`]);
    expect(textOf(final)).toContain(`Acknowledged by <@${USER}>`);

    // The escalation mentions once; the disable is said in the thread.
    expect(thread.filter((l) => l.includes(`<!subteam^${MENTION}>`))).toHaveLength(1);
    expect(thread.some((l) => l.includes("Nexudus disabled"))).toBe(true);

    // Resume: refused to a non-admin before any request, done once for the admin.
    expect(refused.map(textOf).join()).toMatch(/admin/i);
    expect(requestsTo(bot.emu, "/sys/webhooks", "PUT")).toHaveLength(putsBefore + 1);
    expect(resumed.map(textOf).join()).toContain(`Resumed 1 of 1 disabled webhook: #${hook.Id}`);
    expect(resumed.map(textOf).join()).toContain("next failed delivery disables it again");
    expect(again.map(textOf).join()).toMatch(new RegExp(`Already on.*#${hook.Id}|nothing to resume`));
    expect(thread.filter((l) => l.startsWith(`Resumed by <@${ADMIN}>: #${hook.Id}`))).toHaveLength(1);
    expect(thread.at(-1)).toMatch(/Recovered within a minute\./);
  });

  it("a webhook resumed from its message that Nexudus disables again is said again, and can be resumed again: one line each, under retries and lost answers", async () => {
    // Prepare: an incident whose webhook Nexudus disabled.
    bot = await alertBot();
    await bot.watch({});
    const hook = healthy(bot);
    bot.emu.deliveries.fail(hook.Id, 3, ZAPIER_401);
    await bot.watch({});
    bot.emu.deliveries.disable(hook.Id, ZAPIER_401);
    await bot.watch({});
    const current = () => incidentMessages(bot!)[0]!;
    const resume = () =>
      click(bot!, ACTION_IDS.incidentResume, elementValue(current(), ACTION_IDS.incidentResume), ADMIN);

    // Act: Resume; one more failure switches it off at once (11 errors), before any poll saw it on; a
    // poll, then the same poll delivered again. Resume again; a poll finds it on; one more failure; a poll
    // whose line's answer Slack loses; one more poll.
    await resume();
    const resumedView = textOf(current());
    bot.emu.deliveries.fail(hook.Id, 1, ZAPIER_401);
    const offAgain = await bot.watch({});
    const offView = structuredClone(current());
    const replayed = await bot.watch({});
    await resume();
    const onAgain = await bot.watch({});
    bot.emu.deliveries.fail(hook.Id, 1, ZAPIER_401);
    bot.stub.faults.next("chat.postMessage", [{ status: 0, answerLost: true }]);
    const offThird = await bot.watch({});
    const last = await bot.watch({});

    // Assess: the Resume's own redraw shows it switched on, not disabled, and offers no Resume.
    expect(resumedView).not.toContain("Disabled by Nexudus");
    expect(resumedView).toContain(`Resumed by <@${ADMIN}>`);
    expect(resumedView).toContain("waiting to see whether its deliveries succeed");
    expect(resumedView).toContain("▰▰▰▰▰▰▰▰▰▰ 10/10");
    expect(resumedView).not.toContain(ACTION_IDS.incidentResume);
    // Disabled again: the message turns red again with Resume, and its count is never "11/10".
    expect(offAgain).toMatchObject({ updated: 1, lines: 1, escalated: 1 });
    expect(offView.metadata?.event_payload).toMatchObject({ state: "disabled" });
    expect(textOf(offView)).toContain("Disabled by Nexudus");
    expect(textOf(offView)).toContain("disabled (11 errors)");
    expect(textOf(offView)).toContain("Nexudus disabled it again since");
    expect(textOf(offView)).toContain(ACTION_IDS.incidentResume);
    expect(textOf(offView)).not.toMatch(/\b1[1-9]\/10\b/);
    // A poll delivered twice, or that finds what a Resume already said, adds nothing.
    expect(replayed).toMatchObject({ updated: 0, lines: 0, posted: 0 });
    expect(onAgain.lines).toBe(0);
    expect(offThird).toMatchObject({ updated: 1, lines: 1 });
    expect(last).toMatchObject({ updated: 0, lines: 0, posted: 0 });
    // The thread: each change once, in order.
    const thread = threadOf(bot, current());
    expect(thread.map((l) => l.replace(/ .*/s, ""))).toEqual([
      "Opened:",
      "Nexudus",
      "Resumed",
      "Nexudus",
      "Resumed",
      "Nexudus",
    ]);
    expect(thread[1]).toBe(`Nexudus disabled #${hook.Id} after 10 failures. <!subteam^${MENTION}>`);
    expect(thread[3]).toContain(`Nexudus disabled #${hook.Id} again (11 consecutive errors)`);
    expect(thread[5]).toContain(`Nexudus disabled #${hook.Id} again (12 consecutive errors)`);
    expect(textOf(current())).toContain(ACTION_IDS.incidentResume);
    // The lost answer was one: its line was found in the thread, not posted twice.
    expect(bot.stub.calls.filter((c) => c.method === "chat.postMessage" && c.status === 0)).toHaveLength(1);
  });

  it("the digest says since when each webhook of an incident fails, and lists the acknowledged apart", async () => {
    // Prepare: one incident, acknowledged.
    bot = await alertBot({ DIGEST_CHANNEL: "C0DIGEST01" });
    await bot.watch({});
    const hook = healthy(bot);
    hook.Name = "Acknowledged CRM sync";
    bot.emu.deliveries.fail(hook.Id, 4, ZAPIER_401);
    await bot.watch({});
    const [message] = incidentMessages(bot);
    await click(bot, ACTION_IDS.incidentAck, elementValue(message!, ACTION_IDS.incidentAck), USER);

    // Act
    const result = await bot.digest();

    // Assess: the webhook is named apart, after every other, with its start and who acknowledged it.
    expect(result.status).toBe("posted");
    const thread = (bot.stub.channels.get("C0DIGEST01") ?? [])
      .filter((m) => m.thread_ts)
      .map(textOf)
      .join("\n");
    const apart = thread.indexOf("*Being handled* — 1 webhook");
    expect(apart).toBeGreaterThan(-1);
    const line = thread
      .slice(apart)
      .split("\n")
      .find((l) => l.includes(`#${hook.Id}`))!;
    expect(line).toContain("Acknowledged CRM sync");
    expect(line).toMatch(/failing since <!date\^\d+\^/);
    expect(line).toContain(`_acknowledged by <@${USER}>_`);
    expect(thread.slice(0, apart)).not.toContain(`#${hook.Id} `);
  });

  it("the App Home tab shows the open incidents under the overview, each linking to its message", async () => {
    // Prepare
    bot = await alertBot();
    await bot.watch({});
    const hook = healthy(bot);
    bot.emu.deliveries.fail(hook.Id, 3, ZAPIER_401);
    await bot.watch({});
    const [message] = incidentMessages(bot);

    // Act
    const answer = await bot.send(
      signedEvent({
        body: homeOpenedBody({ userId: USER, eventId: "EvHOME01" }),
        contentType: "application/json",
      }),
    );

    // Assess
    expect(answer.status).toBe(200);
    const view = JSON.stringify(bot.stub.homeViews.get(USER));
    expect(view).toContain("Nexudus webhooks");
    expect(view.indexOf("Open incidents")).toBeGreaterThan(view.indexOf("Nexudus webhooks"));
    expect(view).toContain("crm.example-target.test");
    expect(view).toContain(`https://slack.com/archives/${CHANNEL}/p${message!.ts.replace(".", "")}`);
  });

  it("Resume all paces its writes within Nexudus's limits, shows its progress in place, and reports each webhook", async () => {
    // Prepare: the emulator's published rate limits on; 8 webhooks disabled by one cause, one of which
    // Nexudus will refuse to write (a blank name fails its validation: a 400 on its PUT).
    bot = await startBot({ rateLimit: true, env: { ALERT_CHANNEL: CHANNEL, ALERT_MENTION: MENTION } });
    await bot.watch({});
    const hooks = bot.emu.account.webhooks.filter((h) => h.Active && h.ErrorCount === 0).slice(0, 8);
    expect(hooks).toHaveLength(8);
    for (const [i, h] of hooks.entries()) {
      h.URL = `https://hooks.example-automation.test/catch/${2000 + i}/`;
      bot.emu.deliveries.disable(h.Id, ZAPIER_401);
    }
    const refused = hooks[4]!;
    refused.Name = "   ";
    await bot.watch({});
    const [message] = incidentMessages(bot);
    const value = elementValue(message!, ACTION_IDS.incidentResume);
    const drawnBefore = textOf(message!);
    const requestsBefore = bot.emu.requests.length;
    const callsBefore = bot.stub.calls.length;

    // Act
    const answers = await click(bot, ACTION_IDS.incidentResume, value, ADMIN);

    // Assess: every webhook but the refused one is on again, in Nexudus.
    expect(drawnBefore).toContain("Resume all 8");
    const resumed = hooks.filter((h) => h !== refused);
    expect(resumed.every((h) => h.Active)).toBe(true);
    expect(refused.Active).toBe(false);
    // Paced: the emulator counted every request against its limits. A burst would be throttled again and
    // again; paced sends are not, except that a busy event loop can deliver two of them closer together
    // than they were sent (as the network can in production), which Nexudus answers 409 and the client
    // waits out: at most a stray one, always retried, and never a second write.
    const during = bot.emu.requests.slice(requestsBefore);
    const throttled = during.filter((r) => r.status === 409 || r.status === 429);
    expect(throttled.length).toBeLessThanOrEqual(1);
    for (const t of throttled)
      expect(
        during.some((r) => r.at > t.at && r.method === t.method && r.path === t.path && r.status < 409),
      ).toBe(true);
    const puts = during.filter((r) => r.method === "PUT" && r.status !== 409 && r.status !== 429);
    expect(puts.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 400]);
    // The clicker's report names each one, and warns that the error count stays.
    const report = answers.map(textOf).join("\n");
    expect(report).toContain(
      `Resumed 7 of 8 disabled webhooks: ${resumed.map((h) => `#${h.Id}`).join(", ")}.`,
    );
    expect(report).toContain(`#${refused.Id} could not be resumed`);
    expect(report).toContain("Their error counts stay");
    // One thread line, naming who, which, and which failed.
    const lines = threadOf(bot, message!).filter((l) => l.startsWith(`Resumed by <@${ADMIN}>`));
    expect(lines).toHaveLength(1);
    for (const h of resumed) expect(lines[0]).toContain(`#${h.Id}`);
    expect(lines[0]).toContain(`Could not resume: #${refused.Id}.`);
    // Progress: the incident's message redrawn in place after 3 and 6 webhooks, then drawn as it ends.
    const updates = bot.stub.calls
      .slice(callsBefore)
      .filter((c) => c.method === "chat.update" && c.args.ts === message!.ts)
      .map((c) => JSON.stringify(c.args.blocks));
    const progress = updates.map((u) => /Resuming: (\d) of 8 done/.exec(u)?.[1] ?? "final");
    expect(progress).toEqual(["3", "6", "final"]);
    expect(incidentMessages(bot)).toHaveLength(1);
    expect(textOf(incidentMessages(bot)[0]!)).not.toContain("Resuming:");
  });

  it("Resume all says a resume Nexudus accepted but could not read back is unconfirmed, in the thread too", async () => {
    // Prepare: one webhook disabled by its failures; the read after its write fails.
    bot = await alertBot();
    await bot.watch({});
    const hook = healthy(bot);
    bot.emu.deliveries.disable(hook.Id, ZAPIER_401);
    await bot.watch({});
    const [message] = incidentMessages(bot);
    const value = elementValue(message!, ACTION_IDS.incidentResume);
    bot.emu.faults.afterWrite([500, 500, 500, 500]);

    // Act
    const answers = await click(bot, ACTION_IDS.incidentResume, value, ADMIN);

    // Assess: neither resumed nor failed, to the clicker and in the thread.
    expect(hook.Active).toBe(true);
    const report = answers.map(textOf).join("\n");
    expect(report).toContain(`Nexudus accepted the resume of #${hook.Id}, but could not be read back`);
    expect(report).not.toContain("could not be resumed");
    const lines = threadOf(bot, message!).filter((l) => l.includes(`<@${ADMIN}>`));
    expect(lines).toEqual([
      `<@${ADMIN}> asked to resume #${hook.Id}: Nexudus accepted it, but it could not be confirmed (not read back).`,
    ]);
  });

  it("groups webhooks failing the same way into one message; Details lists them; Mute closes it", async () => {
    // Prepare: a first poll, then 14 webhooks failing against the same host with the same error.
    bot = await alertBot();
    await bot.watch({});
    const hooks = bot.emu.account.webhooks.filter((h) => h.Active && h.ErrorCount === 0).slice(0, 14);
    expect(hooks).toHaveLength(14);
    for (const [i, h] of hooks.entries()) {
      h.URL = `https://hooks.example-automation.test/catch/${1000 + i}/x${i}/`;
      bot.emu.deliveries.fail(h.Id, 3, ZAPIER_401);
    }

    // Act
    await bot.watch({});
    const message = incidentMessages(bot)[0]!;
    const details = await click(
      bot,
      ACTION_IDS.incidentDetails,
      elementValue(message, ACTION_IDS.incidentDetails),
      USER,
    );
    const refused = await click(
      bot,
      ACTION_IDS.incidentMute,
      elementValue(message, ACTION_IDS.incidentMute),
      USER,
    );
    const muted = await click(
      bot,
      ACTION_IDS.incidentMute,
      elementValue(message, ACTION_IDS.incidentMute),
      ADMIN,
    );
    const mutedView = textOf(incidentMessages(bot)[0]!);
    const closed = await bot.watch({});
    for (const h of hooks) bot.emu.deliveries.fail(h.Id, 1, ZAPIER_401);
    const after = await bot.watch({});

    // Assess: one message for the 14, ten listed and the rest counted.
    expect(incidentMessages(bot)).toHaveLength(1);
    expect(textOf(message)).toContain("14 webhooks");
    expect(textOf(message)).toContain("…and 4 more webhooks");
    // Details: every one, each with its own Details button.
    const list = details[0];
    expect(textOf(list)).toContain("14 webhooks");
    const detailButtons = JSON.stringify(list.blocks).match(new RegExp(ACTION_IDS.details, "g")) ?? [];
    expect(detailButtons).toHaveLength(14);
    // Mute: admins only; closes the incident at the next poll; no new incident for them.
    expect(refused.map(textOf).join()).toMatch(/admin/i);
    expect(muted).toEqual([]);
    const thread = threadOf(bot, message);
    expect(thread.filter((l) => l.startsWith(`Muted by <@${ADMIN}>`))).toHaveLength(1);
    // The click's own redraw shows it muted at once, with no button left to press; the poll that closes
    // it adds no second line saying so.
    expect(mutedView).toContain(":no_bell: *Muted* (it was failing");
    expect(mutedView).not.toContain("Failing*");
    for (const id of [ACTION_IDS.incidentAck, ACTION_IDS.incidentSnooze, ACTION_IDS.incidentMute])
      expect(mutedView).not.toContain(id);
    expect(thread.filter((l) => /muted/i.test(l))).toHaveLength(1);
    expect(closed).toMatchObject({ closed: 1, lines: 0 });
    expect(textOf(incidentMessages(bot)[0]!)).toContain("Muted");
    expect(after.opened).toBe(0);
    expect(incidentMessages(bot)).toHaveLength(1);
  });

  it("before the first poll, or with alerts off, the incidents list and the Home tab never say all is well", async () => {
    // Prepare: the demo account (13 webhooks fail) and a watch that has not polled yet.
    bot = await alertBot();
    const failing = bot.emu.account.webhooks.filter((h) => h.ErrorCount >= 3).length;
    expect(failing).toBeGreaterThan(0);
    const home = async (eventId: string) => {
      await bot!.send(
        signedEvent({ body: homeOpenedBody({ userId: USER, eventId }), contentType: "application/json" }),
      );
      return JSON.stringify(bot!.stub.homeViews.get(USER));
    };

    // Act: the list and the tab before any poll; after one; then with DEFAULT_SUBSCRIPTION=off.
    const nexudusBefore = bot.emu.requests.length;
    const listBefore = textOf(await slash(bot, "incidents", USER));
    const nexudusAfterList = bot.emu.requests.length;
    const homeBefore = await home("EvHOME01");
    await bot.watch({});
    const listWatched = textOf(await slash(bot, "incidents host:nothing-fails-here.test", USER));
    await bot.close();
    bot = await alertBot({ DEFAULT_SUBSCRIPTION: "off" });
    const off = await bot.watch({});
    const listOff = textOf(await slash(bot, "incidents", USER));
    const homeOff = await home("EvHOME02");

    // Assess: not polled yet, said so (no Nexudus read for it); after a poll, an empty search is a plain
    // "no match"; off, the reason is named in both places.
    expect(listBefore).toContain("The watch has not polled Nexudus yet");
    expect(listBefore).toContain("this is not an all-clear");
    expect(listBefore).not.toMatch(/large_green_circle|no webhook is failing enough/);
    expect(nexudusAfterList).toBe(nexudusBefore);
    expect(homeBefore).toContain("The watch has not polled Nexudus yet");
    expect(homeBefore).not.toContain("no webhook is failing enough");
    expect(listWatched).toContain("No open incident with a webhook matching");
    expect(off).toMatchObject({ status: "off", off: "default-off" });
    for (const text of [listOff, homeOff]) {
      expect(text).toContain("Alerts are off");
      expect(text).toContain("DEFAULT_SUBSCRIPTION=off, and no channel subscribes to alerts");
      expect(text).not.toContain("no webhook is failing enough");
    }
  });

  it("lists the open incidents and the muted webhooks on request, Unmute for admins only", async () => {
    // Prepare: a first poll, then two causes failing: two incidents.
    bot = await alertBot();
    const before = await slash(bot, "incidents", USER);
    await bot.watch({});
    const [a, b] = bot.emu.account.webhooks.filter((h) => h.Active && h.ErrorCount === 0);
    a!.URL = "https://crm.example-target.test/a";
    b!.URL = "https://other.example-target.test/b";
    bot.emu.deliveries.fail(a!.Id, 3, ZAPIER_401);
    bot.emu.deliveries.fail(b!.Id, 8, "timeout");
    await bot.watch({});
    const second = incidentMessages(bot).find((m) => textOf(m).includes("other.example-target.test"))!;

    // Act
    const listed = await slash(bot, "incidents", USER);
    const filtered = await slash(bot, "incidents host:example-target.test -name:zzz-none", USER);
    const hub = bot.emu.account.businesses.find((l) => l.Id === a!.BusinessId)!.Name;
    const byName = await slash(bot, `incidents host:example-target.test location:"${hub}"`, USER);
    const refused = await slash(bot, "incidents action:BookingCreate", USER);
    await click(bot, ACTION_IDS.incidentMute, elementValue(second, ACTION_IDS.incidentMute), ADMIN);
    const mutedForAdmin = await slash(bot, "muted", ADMIN);
    const mutedForUser = await slash(bot, "mutes", USER);

    // Assess: none before. Then every open incident, the demo account's (summed up by the first poll, no
    // message of their own) and the two new ones, each linking to its message; the worst first.
    expect(textOf(before)).toContain("The watch has not polled Nexudus yet");
    expect(textOf(before)).not.toContain("large_green_circle");
    const lines = (listed.blocks as Array<{ text?: { text: string } }>)
      .map((block) => block.text?.text ?? "")
      .filter((line) => line.startsWith("• "));
    expect(textOf(listed)).toContain(`${lines.length} open incidents`);
    const rank = (line: string) =>
      line.includes("*Disabled*") ? 0 : line.includes("*About to be disabled*") ? 1 : 2;
    expect(lines.map(rank)).toEqual([...lines.map(rank)].sort());
    for (const [host, state] of [
      ["crm.example-target.test", "*Failing*"],
      ["other.example-target.test", "*About to be disabled*"],
    ] as const) {
      const message = incidentMessages(bot).find((m) => textOf(m).includes(host))!;
      const line = lines.find((l) => l.includes(host))!;
      expect(line).toContain(state);
      expect(line).toContain(`https://slack.com/archives/${CHANNEL}/p${message.ts.replace(".", "")}`);
    }
    expect(lines.filter((l) => l.includes("in a summary")).length).toBe(lines.length - 2);
    // The search keeps the two incidents whose host it matches, the worst first, and says what it checked.
    const filteredLines = (filtered.blocks as Array<{ text?: { text: string } }>)
      .map((block) => block.text?.text ?? "")
      .filter((line) => line.startsWith("• "));
    expect(textOf(filtered)).toContain("2 open incidents");
    expect(textOf(filtered)).toContain("host:example-target.test");
    expect(filteredLines.map((l) => l.includes("other.example-target.test"))).toEqual([true, false]);
    expect(filteredLines[1]).toContain("crm.example-target.test");
    // A location by name, looked up as a search does; `a`'s incident only, unless `b` is there too.
    const sameHub = b!.BusinessId === a!.BusinessId;
    expect(textOf(byName)).toContain(sameHub ? "2 open incidents" : "1 open incident");
    expect(textOf(byName)).toContain("crm.example-target.test");
    expect(textOf(byName).includes("other.example-target.test")).toBe(sameHub);
    expect(textOf(refused)).toContain("cannot narrow the incidents");
    expect(textOf(mutedForAdmin)).toContain("1 muted webhook");
    expect(JSON.stringify(mutedForAdmin.blocks)).toContain(ACTION_IDS.unmute);
    expect(textOf(mutedForUser)).toContain("1 muted webhook");
    expect(JSON.stringify(mutedForUser.blocks)).not.toContain(ACTION_IDS.unmute);
  });

  it("a snoozed incident's message stays up to date, without thread lines or mentions", async () => {
    // Prepare
    bot = await alertBot();
    await bot.watch({});
    const hook = healthy(bot);
    bot.emu.deliveries.fail(hook.Id, 3, ZAPIER_401);
    await bot.watch({});
    const message = incidentMessages(bot)[0]!;
    const linesBefore = threadOf(bot, message).length;

    // Act: snooze 4 h (twice: a double click), then escalate to at-risk and disabled.
    const snoozed = await click(
      bot,
      ACTION_IDS.incidentSnooze,
      elementValue(message, ACTION_IDS.incidentSnooze, 4),
      USER,
    );
    const twice = await click(
      bot,
      ACTION_IDS.incidentSnooze,
      elementValue(message, ACTION_IDS.incidentSnooze, 4),
      USER,
    );
    bot.emu.deliveries.fail(hook.Id, 4, ZAPIER_401);
    await bot.watch({});
    bot.emu.deliveries.disable(hook.Id, ZAPIER_401);
    await bot.watch({});

    // Assess: one line for the snooze, none after; the message shows the snooze and the disable.
    expect(snoozed).toEqual([]);
    expect(twice.map(textOf).join()).toContain("Already snoozed");
    const thread = threadOf(bot, message);
    expect(thread).toHaveLength(linesBefore + 1);
    expect(thread.at(-1)).toMatch(new RegExp(`^Snoozed by <@${USER}> until`));
    expect(thread.join()).not.toContain("subteam");
    const final = incidentMessages(bot)[0]!;
    expect(final.metadata?.event_payload).toMatchObject({ state: "disabled" });
    expect(textOf(final)).toContain("Snoozed until");
  });

  it("says once that Nexudus cannot be reached after two failed polls, and says so again when it answers", async () => {
    // Prepare
    bot = await alertBot();
    await bot.watch({});
    bot.emu.faults.fraction(1, 503);

    // Act: three polls that cannot read, then one that can.
    const failures: unknown[] = [];
    for (let i = 0; i < 3; i++) failures.push(await bot.watch({}).catch((e: unknown) => e));
    bot.emu.faults.reset();
    const back = await bot.watch({});

    // Assess: every failed poll throws (the alarm counts it); one notice, updated once Nexudus answers.
    expect(failures.map((e) => (e as Error).name)).toEqual(["WatchError", "WatchError", "WatchError"]);
    const notices = parents(bot).filter((m) => /reach Nexudus|Nexudus answers again/i.test(m.text ?? ""));
    expect(notices).toHaveLength(1);
    expect(back.status).toBe("watched");
    expect(notices[0]!.text).toMatch(/answers again|back/i);
    expect(incidentMessages(bot)).toHaveLength(0);
  });

  it("waits out Slack's 429 on an incident's post and its update, and posts each once", async () => {
    // Prepare
    bot = await alertBot();
    await bot.watch({});
    const hook = healthy(bot);
    bot.emu.deliveries.fail(hook.Id, 3, ZAPIER_401);
    bot.stub.faults.next("chat.postMessage", [{ status: 429, retryAfter: 0 }]);

    // Act: the incident is posted (after a 429), then escalates (its update after a 429).
    const opened = await bot.watch({});
    bot.emu.deliveries.fail(hook.Id, 5, ZAPIER_401);
    bot.stub.faults.next("chat.update", [{ status: 429, retryAfter: 0 }]);
    await bot.watch({});

    // Assess: one message, drawn escalated; each call throttled once and then made.
    expect(opened).toMatchObject({ opened: 1 });
    expect(incidentMessages(bot)).toHaveLength(1);
    expect(textOf(incidentMessages(bot)[0]!)).toContain("About to be disabled");
    const statuses = (method: string) =>
      bot!.stub.calls.filter((c) => c.method === method).map((c) => c.status);
    expect(statuses("chat.postMessage")).toContain(429);
    expect(statuses("chat.update")[0]).toBe(429);
    expect(statuses("chat.update").slice(1)).toContain(200);
  });

  it("a thread line whose answer Slack lost is found in the thread, not posted again, in the same poll or the next", async () => {
    // Prepare: an incident with its message and its first line.
    bot = await alertBot();
    await bot.watch({});
    const hook = healthy(bot);
    bot.emu.deliveries.fail(hook.Id, 3, ZAPIER_401);
    await bot.watch({});
    const [parent] = incidentMessages(bot);

    // Act: the escalation's line is stored but its answer lost (the port looks in the thread and finds it);
    // the disable's line is stored, its answer lost and the thread cannot be read (the poll fails; the
    // next one looks again); then one more poll.
    bot.emu.deliveries.fail(hook.Id, 4, ZAPIER_401);
    bot.stub.faults.next("chat.postMessage", [{ status: 0, answerLost: true }]);
    const escalated = await bot.watch({});
    bot.emu.deliveries.fail(hook.Id, 3, ZAPIER_401);
    bot.stub.faults.next("chat.postMessage", [{ status: 0, answerLost: true }]);
    bot.stub.faults.next("conversations.replies", [
      { status: 200, body: { ok: false, error: "internal_error" } },
    ]);
    const lost = await bot.watch({}).then(
      () => undefined,
      (error: unknown) => error,
    );
    const next = await bot.watch({});
    await bot.watch({});

    // Assess: each change has one line; the lost answers were looked for in the thread.
    const lines = threadOf(bot, parent!);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("About to be disabled");
    expect(lines[2]).toContain("Nexudus disabled");
    expect(escalated.lines).toBe(1);
    expect(lost).toBeInstanceOf(Error);
    expect(next.lines).toBe(0);
    const lostCalls = bot.stub.calls.filter((c) => c.method === "chat.postMessage" && c.status === 0);
    expect(lostCalls).toHaveLength(2);
    expect(bot.stub.calls.filter((c) => c.method === "conversations.replies").length).toBeGreaterThanOrEqual(
      3,
    );
    const stored = (bot.stub.channels.get(CHANNEL) ?? []).filter((m) => m.thread_ts === parent!.ts);
    expect(stored.map((m) => m.metadata?.event_payload?.line)).toEqual([1, 2, 3]);
  });

  it("an incident's message deleted in Slack is posted again once, its lost answer found, its buttons working; once closed it stays deleted", async () => {
    // Prepare: an incident with its message.
    bot = await alertBot();
    await bot.watch({});
    const hook = healthy(bot);
    bot.emu.deliveries.fail(hook.Id, 3, ZAPIER_401);
    await bot.watch({});
    const [first] = incidentMessages(bot);

    // Act: a person deletes the message; the incident escalates and Slack's answer to the post again is
    // lost; a quiet poll; Acknowledge on the new message; it is deleted too, and the incident recovers.
    expect(bot.stub.deleteMessage(CHANNEL, first!.ts)).toBe(true);
    bot.emu.deliveries.fail(hook.Id, 4, ZAPIER_401);
    bot.stub.faults.next("chat.postMessage", [{ status: 0, answerLost: true }]);
    const escalated = await bot.watch({});
    const quiet = await bot.watch({});
    const [again] = incidentMessages(bot);
    await click(bot, ACTION_IDS.incidentAck, elementValue(again!, ACTION_IDS.incidentAck), USER);
    const acknowledged = incidentMessages(bot)[0]!;
    const callsBefore = bot.stub.calls.length;
    bot.stub.deleteMessage(CHANNEL, again!.ts);
    bot.emu.deliveries.recover(hook.Id);
    const closed = await bot.watch({});

    // Assess: one message posted again (the lost answer found by its metadata), drawn escalated, with the
    // escalation's line and its one mention in its own thread; Acknowledge updated it and added its line.
    expect(escalated).toMatchObject({ posted: 1, updated: 0, lines: 1 });
    expect(quiet).toMatchObject({ posted: 0, updated: 0, lines: 0 });
    expect(again!.ts).not.toBe(first!.ts);
    expect(textOf(again!)).toContain("About to be disabled");
    expect(acknowledged.ts).toBe(again!.ts);
    expect(textOf(acknowledged)).toContain(`Acknowledged by <@${USER}>`);
    const thread = threadOf(bot, again!);
    expect(thread).toHaveLength(2);
    expect(thread[0]).toContain(`About to be disabled: 7/10`);
    expect(thread[0]).toContain(`<!subteam^${MENTION}>`);
    expect(thread[1]).toBe(`Acknowledged by <@${USER}>.`);
    // Closed with its message gone: nothing posted, no failed poll.
    expect(closed).toMatchObject({ closed: 1, posted: 0, lines: 0 });
    const after = bot.stub.calls.slice(callsBefore);
    expect(after.filter((c) => c.method === "chat.postMessage")).toEqual([]);
    expect(incidentMessages(bot)).toEqual([]);
  });

  it("a line whose message is deleted between its update and the line is taken back from the channel and goes to the message posted again", async () => {
    // Prepare: an incident with its message; its update is the moment a person deletes it.
    bot = await alertBot();
    await bot.watch({});
    const hook = healthy(bot);
    bot.emu.deliveries.fail(hook.Id, 3, ZAPIER_401);
    await bot.watch({});
    const [first] = incidentMessages(bot);
    const stop = bot.stub.onMessage((event) => {
      if ("method" in event && event.method === "chat.update" && event.args.ts === first!.ts)
        bot!.stub.deleteMessage(CHANNEL, first!.ts);
    });

    // Act
    bot.emu.deliveries.fail(hook.Id, 4, ZAPIER_401);
    const escalated = await bot.watch({});
    stop();

    // Assess: Slack put the line outside the thread; the port took it back; the message was posted again
    // with the line in its thread; the channel holds no stray line.
    expect(escalated).toMatchObject({ updated: 1, posted: 1, lines: 1 });
    const [again] = incidentMessages(bot);
    expect(incidentMessages(bot)).toHaveLength(1);
    expect(threadOf(bot, again!)).toEqual([expect.stringContaining("About to be disabled")]);
    expect(parents(bot).filter((m) => m.metadata?.event_type !== INCIDENT_EVENT_TYPE)).toHaveLength(1);
    expect(bot.stub.calls.filter((c) => c.method === "chat.delete")).toHaveLength(1);
  });

  it("is off, and reads nothing from Nexudus, when no channel takes alerts", async () => {
    bot = await startBot();

    const result = await bot.watch({});

    expect(result.status).toBe("off");
    expect(bot.emu.requests).toHaveLength(0);
    expect(bot.stub.calls).toHaveLength(0);
  });
});
