import {
  type AlertConfig,
  type AlertStore,
  channelRouter,
  INCIDENT_EVENT_TYPE,
  runWatch,
} from "@nwh/core/alerts";
import { validateMessage } from "@nwh/core/blocks";
import { createNexudusClient } from "@nwh/core/nexudus";
import { type Emulator, startEmulator } from "@nwh/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { causeOf, normaliseError } from "../../src/alerts/incident-cause";
import { REFUSED_EVENT_TYPE, SUMMARY_EVENT_TYPE } from "../../src/alerts/incident-message";
import { WatchError } from "../../src/alerts/run-watch";
import { TIMING } from "../../src/time/timing";
import { business, fixedClock, HOUR, iso, NOW, webhook } from "../digest/fixtures";
import { createMemorySlackPort, type MemorySlackPort } from "../support/memory-slack-port";
import { memoryAlertStore, memoryLeases } from "../support/memory-store";

/* The watch's life cycle against the emulator (real HTTP), with the table and Slack in memory. */

const CHANNEL = "C0ALERTS01";
const MENTION = "S0ONCALL01";
const ZAPIER_401 = "The remote server returned an error: (401) Unauthorized.";

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

function zapier(id: number, businessId = 1) {
  return webhook({
    Id: id,
    BusinessId: businessId,
    Name: `Zap ${id}`,
    URL: `https://hooks.zapier.com/hooks/catch/${id}/abc${id}/`,
    LastTrigger: iso(NOW - 2 * HOUR),
  });
}

async function setup(options: { webhooks?: number; config?: Partial<AlertConfig> } = {}) {
  const clock = fixedClock();
  const hooks = Array.from({ length: options.webhooks ?? 3 }, (_, i) => zapier(2000 + i, (i % 5) + 1));
  const emulator = await startEmulator({
    rateLimit: false,
    now: clock.now,
    account: { businesses: [1, 2, 3, 4, 5].map((i) => business(i, `Location ${i}`)), webhooks: hooks },
  });
  running.push(emulator);
  const client = createNexudusClient({
    baseUrl: emulator.url,
    auth: { scheme: "bearer", ...emulator.credentials },
    limiter: false,
    clock,
    maxAttempts: 2,
    backoffBaseMs: 1,
    backoffMaxMs: 2,
  });
  const slack = createMemorySlackPort(clock);
  const store = memoryAlertStore();
  const config: AlertConfig = {
    channel: CHANNEL,
    minErrors: 3,
    atRisk: 7,
    mention: [MENTION],
    maxPerRun: 10,
    disableAfter: 10,
    timeZone: "UTC",
    ...options.config,
  };
  const deps = {
    client,
    slack,
    store,
    leases: memoryLeases(clock),
    clock,
    config,
    route: channelRouter({ channel: CHANNEL, mention: config.mention }),
    channels: [CHANNEL],
  };
  const poll = async () => {
    const result = await runWatch(deps);
    clock.advance(5 * 60_000);
    return result;
  };
  return { emulator, slack, store, clock, poll, deps };
}

function expectValid(slack: MemorySlackPort): void {
  for (const m of slack.messages) expect(validateMessage(m, { mentions: [MENTION] })).toEqual([]);
}

async function onlyIncident(store: AlertStore) {
  const open = await store.openIncidents();
  expect(open).toHaveLength(1);
  return open[0]!;
}

/** An error as the WebClient throws it for Slack's `{ ok: false, error }` answer. */
function slackRefusal(error: string, more: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`An API error occurred: ${error}`), {
    code: "slack_webapi_platform_error",
    data: { ok: false, error, ...more },
  });
}

/** The port with every post refused by Slack with `refusal`, counting the tries. */
function refusingPosts(slack: MemorySlackPort, refusal: Error): MemorySlackPort & { tries: number } {
  const port = {
    ...slack,
    tries: 0,
    postMessage: () => {
      port.tries += 1;
      return Promise.reject(refusal);
    },
  };
  return port;
}

/** Notices in the configured channel that Slack refuses another channel. */
const refusalNotices = (slack: MemorySlackPort) =>
  slack.parents(CHANNEL).filter((m) => m.text.includes("Slack refuses"));

const incidentsIn = (slack: MemorySlackPort, channel: string) =>
  slack.parents(channel).filter((m) => m.metadata?.event_type === INCIDENT_EVENT_TYPE);

const failed = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe("the watch", () => {
  it("opens at 3, escalates at 7 with one mention, is updated when disabled and at recovery with how long it lasted", async () => {
    // Prepare: a first poll on a healthy account.
    const { emulator, slack, poll, store } = await setup();
    const first = await poll();
    const [a] = emulator.account.webhooks;

    // Act: a webhook's life, one poll after each step; two polls where nothing changed.
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    await poll();
    const incident = await onlyIncident(store);
    await poll();
    emulator.deliveries.fail(a!.Id, 4, ZAPIER_401);
    await poll();
    await poll();
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    await poll();
    a!.Active = true;
    emulator.deliveries.recover(a!.Id);
    await poll();

    // Assess: one message, updated in place with its metadata, one thread line per change.
    expect(first.firstRun).toBe(true);
    const parents = slack.parents(CHANNEL);
    expect(parents).toHaveLength(1);
    const parent = parents[0]!;
    expect(parent.metadata).toMatchObject({
      event_type: INCIDENT_EVENT_TYPE,
      event_payload: { incident: incident.id, state: "recovered", webhooks: [a!.Id] },
    });
    expect(slack.updates.map((u) => u.metadata?.event_payload?.state)).toEqual([
      "at-risk",
      "disabled",
      "recovered",
    ]);
    const lines = slack.thread(CHANNEL, parent.ts).map((m) => m.text);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain("Opened");
    expect(lines[1]).toContain("About to be disabled: 7/10");
    expect(lines[1]).toContain(`<!subteam^${MENTION}>`);
    expect(lines[2]).toContain("Nexudus disabled");
    expect(lines[3]).toMatch(/Recovered after 25 min/);
    expect(lines.filter((l) => l.includes("subteam"))).toHaveLength(1);
    expect(JSON.stringify(parent.blocks)).toContain("Recovered");
    expect(await store.openIncidents()).toHaveLength(0);
    expectValid(slack);
  });

  it("counts what each poll posted: incident messages, summaries and thread lines, and what escalated", async () => {
    const { emulator, poll } = await setup({ webhooks: 2 });
    const [a, b] = emulator.account.webhooks;
    b!.URL = "https://found.example.com/in";
    emulator.deliveries.fail(b!.Id, 3, ZAPIER_401);

    const first = await poll();
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    const opened = await poll();
    emulator.deliveries.fail(a!.Id, 4, ZAPIER_401);
    const escalated = await poll();

    expect(first).toMatchObject({ opened: 1, posted: 1, lines: 0 });
    expect(first.postedAs).toEqual({ summaries: 1, incidents: 0, folds: 0 });
    expect(opened).toMatchObject({ opened: 1, escalated: 0, posted: 1, lines: 1 });
    expect(opened.postedAs).toEqual({ summaries: 0, incidents: 1, folds: 0 });
    expect(escalated).toMatchObject({ opened: 0, escalated: 1, updated: 1, posted: 0, lines: 1 });
  });

  it("groups webhooks failing on one host with one error into one incident, whatever their ids and numbers", async () => {
    const { emulator, slack, poll, store } = await setup({ webhooks: 14 });
    await poll();

    for (const [i, hook] of emulator.account.webhooks.entries()) {
      emulator.deliveries.fail(hook.Id, 3, `Timeout after ${3000 + i} ms (request ${i}f3a9c0d1e2)`);
    }
    await poll();

    const incident = await onlyIncident(store);
    expect(Object.keys(incident.members)).toHaveLength(14);
    expect(slack.parents(CHANNEL)).toHaveLength(1);
    expect(slack.parents(CHANNEL)[0]!.text).toContain("14 webhooks");
    expect(JSON.stringify(slack.parents(CHANNEL)[0]!.blocks)).toContain("14 webhooks in 5 locations");
  });

  it("a webhook that starts failing later joins the open incident of its cause", async () => {
    const { emulator, slack, poll, store } = await setup();
    await poll();
    const [a, b] = emulator.account.webhooks;

    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    await poll();
    emulator.deliveries.fail(b!.Id, 3, ZAPIER_401);
    await poll();

    const incident = await onlyIncident(store);
    expect(Object.keys(incident.members).map(Number).sort()).toEqual([a!.Id, b!.Id]);
    expect(slack.parents(CHANNEL)).toHaveLength(1);
    expect(slack.thread(CHANNEL, slack.parents(CHANNEL)[0]!.ts).at(-1)!.text).toContain(`#${b!.Id}`);
  });

  it("a snoozed incident is still updated, but posts no line and mentions nobody until the snooze ends", async () => {
    const { emulator, slack, poll, store, clock } = await setup();
    await poll();
    const [a] = emulator.account.webhooks;
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    await poll();
    const incident = await onlyIncident(store);
    await store.setFlags(incident.id, { snoozedBy: "U0SNOOZER1", snoozedUntil: clock.now() + HOUR }, "moved");

    emulator.deliveries.fail(a!.Id, 4, ZAPIER_401);
    await poll();

    const parent = slack.parents(CHANNEL)[0]!;
    expect(slack.thread(CHANNEL, parent.ts)).toHaveLength(1);
    expect(slack.updates.at(-1)!.metadata?.event_payload?.state).toBe("at-risk");
    expect(JSON.stringify(slack.updates.at(-1)!.blocks)).toContain("Snoozed until");
    expect(JSON.stringify(slack.messages)).not.toContain("subteam");
  });

  it("a muted webhook opens no incident", async () => {
    const { emulator, slack, poll, store } = await setup();
    await poll();
    const [a] = emulator.account.webhooks;
    await store.mute({ webhookId: a!.Id, name: a!.Name, by: "U0ADMIN001", at: NOW });

    emulator.deliveries.fail(a!.Id, 9, ZAPIER_401);
    await poll();

    expect(await store.openIncidents()).toHaveLength(0);
    expect(slack.messages).toHaveLength(0);
  });

  it("the first poll on an account with 500 failing webhooks posts one summary, then a change gets its own message", async () => {
    // Prepare: 500 failing webhooks with 5 causes before the watch ever ran.
    const { emulator, slack, poll, store } = await setup({ webhooks: 500 });
    for (const [i, hook] of emulator.account.webhooks.entries()) {
      hook.URL = `https://host${i % 5}.example.com/in/${hook.Id}`;
      emulator.deliveries.fail(hook.Id, 3, ZAPIER_401);
    }

    // Act
    const first = await poll();
    const afterFirst = slack.messages.length;
    emulator.deliveries.fail(emulator.account.webhooks[0]!.Id, 4, ZAPIER_401);
    await poll();

    // Assess
    expect(first.firstRun).toBe(true);
    expect(afterFirst).toBe(1);
    expect(slack.messages[0]!.text).toContain("Watching 500 failing webhooks in 5 incidents by cause");
    expect(await store.openIncidents()).toHaveLength(5);
    const parents = slack.parents(CHANNEL);
    expect(parents).toHaveLength(2);
    expect(parents[1]!.metadata?.event_payload?.state).toBe("at-risk");
    // Found already failing: since when is unknown, so the message says since when it is watched.
    expect(JSON.stringify(parents[1]!.blocks)).toContain("Watched since");
    expect(JSON.stringify(parents[1]!.blocks)).not.toContain("Opened");
  });

  it("a webhook still failing after a success it had since it joined stays in its incident, silently", async () => {
    // Prepare: one incident with a message, one recorded by the first poll (as the demo account's are).
    const { emulator, slack, poll, store, clock } = await setup({ webhooks: 2 });
    const [a, b] = emulator.account.webhooks;
    a!.URL = "https://before.example.com/in";
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    await poll();
    emulator.deliveries.fail(b!.Id, 3, ZAPIER_401);
    await poll();
    const messages = slack.messages.length;

    // Act: both read again with LastTrigger moved (a success, then as many failures) and errors unchanged.
    for (const hook of [a, b]) hook!.LastTrigger = iso(clock.now() - 60_000);
    const result = await poll();

    // Assess: nothing recovered or joined; no message, no update, no line.
    expect(result).toMatchObject({ opened: 0, updated: 0, closed: 0, posted: 0 });
    expect(slack.messages).toHaveLength(messages);
    expect(slack.updates).toHaveLength(0);
    const open = await store.openIncidents();
    expect(open).toHaveLength(2);
    for (const incident of open)
      expect(Object.values(incident.members).map((m) => m.state)).toEqual(["failing"]);
  });

  it("a webhook whose errors fell below the minimum after a success recovers", async () => {
    const { emulator, slack, poll, store, clock } = await setup();
    await poll();
    const [a] = emulator.account.webhooks;
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    await poll();

    a!.LastTrigger = iso(clock.now() - 60_000);
    a!.ErrorCount = 1;
    await poll();

    expect(await store.openIncidents()).toHaveLength(0);
    expect(slack.thread(CHANNEL, slack.parents(CHANNEL)[0]!.ts).at(-1)!.text).toMatch(/Recovered after/);
  });

  it("a webhook switched on outside the message is said on again, once, and its next disable is said 'again'", async () => {
    // Prepare: an incident whose webhook Nexudus disabled.
    const { emulator, slack, poll, store } = await setup();
    await poll();
    const [a] = emulator.account.webhooks;
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    await poll();
    emulator.deliveries.disable(a!.Id, ZAPIER_401);
    await poll();

    // Act: a person switches it on in Nexudus; two polls; it fails once more; two polls.
    a!.Active = true;
    const on = await poll();
    const onReplay = await poll();
    emulator.deliveries.fail(a!.Id, 1, ZAPIER_401);
    const off = await poll();
    const offReplay = await poll();

    // Assess: each change updates the message and adds one line, once.
    const parent = slack.parents(CHANNEL)[0]!;
    const lines = slack.thread(CHANNEL, parent.ts).map((m) => m.text);
    expect(lines.slice(1)).toEqual([
      `Nexudus disabled #${a!.Id} after 10 failures. <!subteam^${MENTION}>`,
      `#${a!.Id} is on again (switched on outside this message); the watch waits to see whether deliveries succeed.`,
      `Nexudus disabled #${a!.Id} again (11 consecutive errors): press *Resume* once the target is fixed.`,
    ]);
    expect(on).toMatchObject({ updated: 1, lines: 1 });
    expect(off).toMatchObject({ updated: 1, lines: 1, escalated: 1 });
    for (const replay of [onReplay, offReplay]) expect(replay).toMatchObject({ updated: 0, lines: 0 });
    expect(slack.updates.map((u) => u.metadata?.event_payload?.state)).toEqual([
      "disabled",
      "at-risk",
      "disabled",
    ]);
    expect(JSON.stringify(slack.updates[1]!.blocks)).not.toContain("Disabled by Nexudus");
    expect(JSON.stringify(slack.updates[2]!.blocks)).toContain("webhooks_incident_resume");
    const member = (await onlyIncident(store)).members[String(a!.Id)]!;
    expect(member).toMatchObject({ state: "disabled", errors: 11 });
    expectValid(slack);
  });

  it("an incident whose errors fell back under ALERT_AT_RISK (a success, then failures again) says so, once", async () => {
    const { emulator, slack, poll, clock } = await setup();
    await poll();
    const [a] = emulator.account.webhooks;
    emulator.deliveries.fail(a!.Id, 8, ZAPIER_401);
    await poll();

    // Act: a delivery gets through, four fail again; two polls.
    emulator.deliveries.recover(a!.Id);
    clock.advance(1000);
    emulator.deliveries.fail(a!.Id, 4, ZAPIER_401);
    const eased = await poll();
    const again = await poll();

    expect(eased).toMatchObject({ updated: 1, lines: 1, closed: 0 });
    expect(again).toMatchObject({ updated: 0, lines: 0 });
    const parent = slack.parents(CHANNEL)[0]!;
    expect(slack.thread(CHANNEL, parent.ts).at(-1)!.text).toBe(
      "Fewer errors now: 4/10 (a delivery got through since).",
    );
    expect(slack.updates.at(-1)!.metadata?.event_payload?.state).toBe("failing");
    expect(JSON.stringify(slack.updates.at(-1)!.blocks)).toContain("▰▰▰▰▱▱▱▱▱▱ 4/10");
  });

  it("a webhook resumed from the message is not said on again by the poll: the Resume's own line said it", async () => {
    const { emulator, slack, poll, store, clock } = await setup();
    await poll();
    const [a] = emulator.account.webhooks;
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    await poll();
    emulator.deliveries.disable(a!.Id, ZAPIER_401);
    await poll();
    const incident = await onlyIncident(store);

    // Act: the Resume's flag (written before its write to Nexudus), the webhook on, a poll.
    await store.setFlags(incident.id, { resumedBy: "U0ADMIN001", resumedAt: clock.now() }, "always");
    a!.Active = true;
    const on = await poll();

    // Assess: the message no longer says disabled, and says who resumed it; no line.
    expect(on).toMatchObject({ updated: 1, lines: 0 });
    const drawn = JSON.stringify(slack.updates.at(-1)!.blocks);
    expect(drawn).toContain("About to be disabled");
    expect(drawn).toContain("Resumed by <@U0ADMIN001>");
    expect(drawn).not.toContain("webhooks_incident_resume");
  });

  it("a message redrawn for a button's change shows the counts just read; a count that moved alone redraws nothing", async () => {
    // Prepare: an incident opened at 3 errors.
    const { emulator, slack, poll, store, clock } = await setup();
    await poll();
    const [a] = emulator.account.webhooks;
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    const openedAt = clock.now();
    await poll();
    const posted = JSON.stringify(slack.parents(CHANNEL)[0]!.blocks);

    // Act: two more failures (no level crossed); a poll; an Acknowledge; a poll; one more poll.
    emulator.deliveries.fail(a!.Id, 2, ZAPIER_401);
    const moved = await poll();
    const incident = await onlyIncident(store);
    await store.setFlags(incident.id, { ackBy: "U0ACKER001", ackAt: clock.now() }, "unset");
    const redrawAt = clock.now();
    const redrawn = await poll();
    const steady = await poll();

    // Assess: the posted message said its counts as of its poll; the count alone cost nothing; the
    // redraw shows 5/10 as of the poll that drew it, and is saved so.
    expect(moved).toMatchObject({ updated: 0, lines: 0 });
    expect(redrawn).toMatchObject({ updated: 1, lines: 0 });
    expect(steady).toMatchObject({ updated: 0 });
    expect(slack.updates).toHaveLength(1);
    const update = JSON.stringify(slack.updates[0]!.blocks);
    expect(update).toContain("▰▰▰▰▰▱▱▱▱▱ 5/10");
    expect(update).toContain(`Errors as of <!date^${redrawAt / 1000}^`);
    expect(update).toContain("Acknowledged by <@U0ACKER001>");
    expect(posted).toContain(`Errors as of <!date^${openedAt / 1000}^`);
    const saved = await onlyIncident(store);
    expect(saved.readAt).toBe(redrawAt);
    expect(saved.members[String(a!.Id)]!.errors).toBe(5);
  });

  it("a poll that finds nothing changed reads the table once and writes nothing to it", async () => {
    // Prepare: 40 failing webhooks over 4 causes, recorded by a first poll.
    const { emulator, slack, poll, store, deps } = await setup({ webhooks: 40 });
    for (const [i, hook] of emulator.account.webhooks.entries()) {
      hook.URL = `https://host${i % 4}.example.com/in/${hook.Id}`;
      emulator.deliveries.fail(hook.Id, 3, ZAPIER_401);
    }
    await poll();
    const calls: string[] = [];
    deps.store = new Proxy(store, {
      get(target, key) {
        const value = Reflect.get(target, key);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          calls.push(String(key));
          return value.apply(target, args);
        };
      },
    });
    const messages = slack.messages.length;

    // Act
    const second = await poll();

    // Assess: the state, the open incidents and the mutes read once each; nothing saved; Slack untouched.
    expect(second).toMatchObject({ status: "watched", opened: 0, updated: 0, posted: 0 });
    expect(calls.sort()).toEqual(["mutes", "openIncidents", "watchState"]);
    expect(slack.messages).toHaveLength(messages);
  });

  it("an incident recorded by the first poll gets its message when it grows, but closes without one", async () => {
    // Prepare: two causes failing before the watch ever ran.
    const { emulator, slack, poll } = await setup({ webhooks: 4 });
    const [a, b, c, d] = emulator.account.webhooks;
    for (const hook of [a, b]) {
      hook!.URL = "https://grows.example.com/in";
      emulator.deliveries.fail(hook!.Id, 3, ZAPIER_401);
    }
    c!.URL = "https://heals.example.com/in";
    emulator.deliveries.fail(c!.Id, 3, ZAPIER_401);
    await poll();

    // Act: a third webhook fails the first way; the second cause recovers.
    d!.URL = "https://grows.example.com/in";
    emulator.deliveries.fail(d!.Id, 3, ZAPIER_401);
    emulator.deliveries.recover(c!.Id);
    await poll();

    // Assess: the summary, then one message: the grown incident's, listing all three.
    const parents = slack.parents(CHANNEL);
    expect(parents).toHaveLength(2);
    expect(parents[1]!.metadata?.event_payload?.webhooks).toEqual(
      expect.arrayContaining([a!.Id, b!.Id, d!.Id]),
    );
    expect(JSON.stringify(slack.messages)).not.toContain("heals.example.com");
  });

  it("posts at most ALERT_MAX_PER_RUN new messages; the rest are counted in one '+N more' message, updated in place", async () => {
    const { emulator, slack, poll } = await setup({ webhooks: 6, config: { maxPerRun: 2 } });
    await poll();
    for (const [i, hook] of emulator.account.webhooks.entries()) {
      hook.URL = `https://host${i}.example.com/in`;
      emulator.deliveries.fail(hook.Id, 3, ZAPIER_401);
    }

    await poll();
    const folded = slack.parents(CHANNEL).filter((m) => !m.metadata);
    await poll();

    expect(slack.parents(CHANNEL).filter((m) => m.metadata)).toHaveLength(2);
    expect(folded).toHaveLength(1);
    expect(folded[0]!.text).toContain("4 more incidents");
    expect(slack.parents(CHANNEL)).toHaveLength(3);
  });

  it("a Nexudus outage fails the poll, posts one notice after two, never says recovered, and clears the notice", async () => {
    const { emulator, slack, poll, store } = await setup();
    await poll();
    const [a] = emulator.account.webhooks;
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    await poll();

    emulator.faults.fraction(1, 503);
    const failures = [];
    for (let i = 0; i < 3; i++) failures.push(await poll().catch((e: unknown) => e));
    const notices = slack.parents(CHANNEL).filter((m) => m.text.includes("cannot reach Nexudus"));
    emulator.faults.reset();
    await poll();

    expect(failures.every((f) => f instanceof WatchError)).toBe(true);
    expect(notices).toHaveLength(1);
    expect(await onlyIncident(store)).toMatchObject({ state: "failing" });
    expect(JSON.stringify(slack.messages)).not.toMatch(/[Rr]ecovered/);
    expect(slack.updates.at(-1)!.text).toBe("Nexudus answers again.");
  });

  it("overlapping polls open nothing twice, and a poll replayed on its own state changes nothing", async () => {
    const { emulator, slack, store, deps } = await setup();
    await runWatch(deps);
    const [a] = emulator.account.webhooks;
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);

    const results = await Promise.all([runWatch(deps), runWatch(deps)]);
    await runWatch(deps);

    expect(results.map((r) => r.status).sort()).toEqual(["another-run", "watched"]);
    expect(await store.openIncidents()).toHaveLength(1);
    expect(slack.parents(CHANNEL)).toHaveLength(1);
    expect(slack.thread(CHANNEL, slack.parents(CHANNEL)[0]!.ts)).toHaveLength(1);
  });

  it("a poll that died after posting finds its message by metadata instead of posting it again", async () => {
    const { emulator, slack, store, deps, clock } = await setup();
    await runWatch(deps);
    const [a] = emulator.account.webhooks;
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    // The store refuses the write that would record the ts: the poll dies between post and record.
    const save = store.saveIncident.bind(store);
    let saves = 0;
    store.saveIncident = async (incident) => {
      saves += 1;
      if (saves === 2) throw new Error("the table did not answer");
      return save(incident);
    };
    await runWatch(deps).catch(() => undefined);
    store.saveIncident = save;
    clock.advance(60_000);

    await runWatch(deps);

    expect(slack.parents(CHANNEL)).toHaveLength(1);
    expect((await onlyIncident(store)).post.ts).toBe(slack.parents(CHANNEL)[0]!.ts);
  });

  it("a channel Slack refuses stops neither the other channels' incidents nor the next poll's retry", async () => {
    // Prepare: every webhook goes to two channels; the second is archived for a while.
    const { emulator, slack, poll, deps } = await setup();
    const OTHER = "C0ARCHIVED";
    // The archived channel first: its failure comes before the other channel's incident is sent.
    deps.route = () => [
      { channel: OTHER, mention: [] },
      { channel: CHANNEL, mention: [] },
    ];
    deps.channels = [CHANNEL, OTHER];
    let archived = true;
    const refusing = { ...slack };
    deps.slack = {
      ...refusing,
      postMessage: (args) =>
        archived && args.channel === OTHER
          ? Promise.reject(
              Object.assign(new Error("An API error occurred: is_archived"), {
                code: "slack_webapi_platform_error",
              }),
            )
          : slack.postMessage(args),
    };
    await poll();
    const [a] = emulator.account.webhooks;
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);

    // Act
    const refused = await poll().then(
      () => undefined,
      (error: unknown) => error,
    );
    const afterRefusal = { mine: slack.parents(CHANNEL).length, other: slack.parents(OTHER).length };
    archived = false;
    await poll();

    // Assess: the poll failed, saying why, after the first channel's incident went out; the archived
    // channel's came at the next poll, and the first channel's was not posted twice.
    expect(refused).toBeInstanceOf(WatchError);
    expect(String((refused as Error).message)).toContain("is_archived");
    expect(afterRefusal).toEqual({ mine: 1, other: 0 });
    expect(slack.parents(CHANNEL)).toHaveLength(1);
    expect(slack.parents(OTHER)).toHaveLength(1);
  });

  it("a thread line whose answer was lost is looked for in the thread by the next poll, and posted only if missing", async () => {
    // Prepare: an incident with its message and its first line.
    const { emulator, slack, poll, store } = await setup();
    await poll();
    const [a] = emulator.account.webhooks;
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    await poll();
    const parent = slack.parents(CHANNEL)[0]!;

    // Act: the escalation's line is stored but its answer lost; then the disable's line never arrives.
    emulator.deliveries.fail(a!.Id, 4, ZAPIER_401);
    slack.loseNextPostAnswers(new Error("socket hang up"));
    const lost = await poll().catch((e: unknown) => e);
    const found = await poll();
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    slack.failNextPosts(new Error("connect ECONNREFUSED"));
    const refused = await poll().catch((e: unknown) => e);
    const posted = await poll();
    await poll();

    // Assess: one line per change, in order; the lost one counted, the missing one posted once.
    expect(lost).toBeInstanceOf(WatchError);
    expect(found).toMatchObject({ lines: 0, posted: 0 });
    expect(refused).toBeInstanceOf(WatchError);
    expect(posted.lines).toBe(1);
    const lines = slack.thread(CHANNEL, parent.ts);
    expect(lines.map((l) => l.metadata?.event_payload?.line)).toEqual([1, 2, 3]);
    expect(lines[1]!.text).toContain("About to be disabled");
    expect(lines[2]!.text).toContain("Nexudus disabled");
    const incident = await onlyIncident(store);
    expect(incident.post).toMatchObject({ lines: 3 });
    expect(incident.post.pendingLine).toBeUndefined();
  });

  it("the closing line of an incident whose answer was lost is looked for by the next poll, though the incident is closed", async () => {
    // Prepare: two incidents (two hosts) with their messages.
    const { emulator, slack, poll, store } = await setup({ webhooks: 2 });
    await poll();
    const [a, b] = emulator.account.webhooks;
    b!.URL = "https://other.example.com/in";
    for (const hook of [a, b]) emulator.deliveries.fail(hook!.Id, 3, ZAPIER_401);
    await poll();

    // Act: both recover; one closing line never reaches Slack, the other is stored and its answer lost.
    for (const hook of [a, b]) emulator.deliveries.recover(hook!.Id);
    slack.failNextPosts(new Error("connect ECONNREFUSED"));
    slack.loseNextPostAnswers(new Error("socket hang up"));
    const failed = await poll().catch((e: unknown) => e);
    const next = await poll();
    const after = await poll();

    // Assess: each thread ends with exactly one "Recovered" line; the missing one was posted once.
    expect(failed).toBeInstanceOf(WatchError);
    expect(await store.openIncidents()).toHaveLength(0);
    for (const parent of slack.parents(CHANNEL).filter((m) => m.metadata)) {
      const lines = slack.thread(CHANNEL, parent.ts).map((l) => l.text);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/Recovered/);
    }
    expect(next.lines).toBe(1);
    expect(after.lines).toBe(0);
    expect((await store.watchState()).closingLines).toBeUndefined();
  });

  it("Slack refusing the bot itself stops the poll's Slack calls, and fails every poll", async () => {
    // Prepare: three causes failing at once, with the token revoked.
    const { emulator, slack, poll, deps } = await setup();
    await poll();
    for (const [i, hook] of emulator.account.webhooks.entries()) {
      hook.URL = `https://host${i}.example.com/in`;
      emulator.deliveries.fail(hook.Id, 3, ZAPIER_401);
    }
    const refusing = refusingPosts(slack, slackRefusal("token_revoked"));
    deps.slack = refusing;

    // Act
    const first = await poll().catch((e: unknown) => e);
    const triesFirst = refusing.tries;
    const second = await poll().catch((e: unknown) => e);

    // Assess: one try per poll (not one per incident), and both polls failed saying why.
    expect(triesFirst).toBe(1);
    expect(refusing.tries).toBe(2);
    expect(String((first as Error).message)).toContain("token_revoked");
    expect(second).toBeInstanceOf(WatchError);
  });

  it("says alerts are off when no channel takes them, and why, in its result, its log and its state", async () => {
    const { deps, emulator, store, clock } = await setup();
    const logged: string[] = [];
    const logger = { info: (m: string) => logged.push(m), warn: () => {}, error: () => {} };
    const off = { ...deps, channels: [], route: channelRouter(undefined), logger };

    // Act: no channel configured; one configured but DEFAULT_SUBSCRIPTION=off (twice); then a poll that runs.
    const none = await runWatch({ ...off, config: { ...deps.config, channel: undefined } });
    const offAt = clock.now();
    const defaultOff = await runWatch({ ...off, config: { ...deps.config, defaultSubscription: false } });
    const recorded = await store.watchState();
    clock.advance(60_000);
    await runWatch({ ...off, config: { ...deps.config, defaultSubscription: false } });
    const unchanged = await store.watchState();
    await runWatch(deps);

    expect(none).toMatchObject({ status: "off", off: "no-channel" });
    expect(defaultOff).toMatchObject({ status: "off", off: "default-off" });
    expect(logged.slice(0, 2)).toEqual([
      "alerts are off: neither ALERT_CHANNEL nor DIGEST_CHANNEL is set, and no channel subscribes to alerts",
      "alerts are off: DEFAULT_SUBSCRIPTION=off, and no channel subscribes to alerts",
    ]);
    expect(recorded.off).toEqual({ reason: "default-off", since: offAt });
    expect(unchanged.off).toEqual({ reason: "default-off", since: offAt });
    expect((await store.watchState()).off).toBeUndefined();
    // Off, it read nothing from Nexudus; the poll that ran did.
    expect(emulator.requests.length).toBeGreaterThan(0);
    expect(emulator.requests.every((r) => r.at >= offAt + 60_000)).toBe(true);
  });
});

describe("the watch when Slack refuses or loses answers", () => {
  it("a missing scope on a private channel's history holds that channel only, naming the scope; the others' alerts go on", async () => {
    // Prepare: one webhook goes to a private channel the install may not read (no groups:history).
    const PRIVATE = "G0PRIVATE1";
    const { emulator, slack, poll, deps } = await setup({ webhooks: 2 });
    const [a, b] = emulator.account.webhooks;
    b!.URL = "https://other.example.com/in";
    deps.route = (record) => [{ channel: record.Id === a!.Id ? PRIVATE : CHANNEL, mention: [] }];
    deps.channels = [CHANNEL, PRIVATE];
    deps.slack = {
      ...slack,
      recentMessages: (channel, oldest) =>
        channel === PRIVATE
          ? Promise.reject(slackRefusal("missing_scope", { needed: "groups:history" }))
          : slack.recentMessages(channel, oldest),
    };
    await poll();
    // The private channel's incident is posted, and Slack's answer lost: the next poll reads its history.
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    slack.loseNextPostAnswers(new Error("socket hang up"));
    await failed(poll());

    // Act
    const refused = await failed(poll());
    emulator.deliveries.fail(b!.Id, 3, ZAPIER_401);
    const next = await poll();

    // Assess: said once, naming the scope; the other channel's incident went out at the next poll.
    expect(refused).toBeInstanceOf(WatchError);
    expect(refusalNotices(slack)).toHaveLength(1);
    expect(JSON.stringify(refusalNotices(slack)[0]!.blocks)).toContain("`groups:history` scope");
    expect(next.status).toBe("watched");
    expect(incidentsIn(slack, CHANNEL)).toHaveLength(1);
    expect(incidentsIn(slack, PRIVATE)).toHaveLength(1);
  });

  it("a post whose answer was lost is not posted again while its channel's history cannot be read", async () => {
    const { emulator, slack, poll, store } = await setup();
    await poll();
    const [a] = emulator.account.webhooks;
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    slack.loseNextPostAnswers(new Error("socket hang up"));
    await failed(poll());

    // Act: the next poll cannot read the channel's history; the one after can.
    slack.failNextHistory(new Error("connect ECONNREFUSED"));
    const unread = await failed(poll());
    await poll();

    // Assess: the failed read failed its poll; one message, found again, with its first line once.
    expect(unread).toBeInstanceOf(WatchError);
    expect(incidentsIn(slack, CHANNEL)).toHaveLength(1);
    const parent = incidentsIn(slack, CHANNEL)[0]!;
    expect((await onlyIncident(store)).post.ts).toBe(parent.ts);
    expect(slack.thread(CHANNEL, parent.ts).map((l) => l.metadata?.event_payload?.line)).toEqual([1]);
  });

  it("a held channel's new incidents take no other channel's place under ALERT_MAX_PER_RUN", async () => {
    // Prepare: one webhook of six goes to the configured channel, the others to a channel Slack refuses.
    const OTHER = "C0ARCHIVED";
    const { emulator, slack, poll, deps } = await setup({ webhooks: 6, config: { maxPerRun: 2 } });
    const hooks = emulator.account.webhooks;
    const mine = hooks.at(-1)!;
    deps.route = (record) => [{ channel: record.Id === mine.Id ? CHANNEL : OTHER, mention: [] }];
    deps.channels = [CHANNEL, OTHER];
    deps.slack = {
      ...slack,
      postMessage: (args) =>
        args.channel === OTHER ? Promise.reject(slackRefusal("is_archived")) : slack.postMessage(args),
    };
    for (const [i, hook] of hooks.entries()) hook.URL = `https://host${i}.example.com/in`;
    // The first poll's summary there is refused: the channel is held from then on.
    emulator.deliveries.fail(hooks[0]!.Id, 3, ZAPIER_401);
    await failed(poll());

    // Act: four more incidents for the held channel, one for the configured one.
    for (const hook of hooks.slice(1)) emulator.deliveries.fail(hook.Id, 3, ZAPIER_401);
    const result = await poll();
    await poll();

    // Assess: the configured channel's incident is posted, not folded into "+N more".
    expect(result.postedAs).toEqual({ summaries: 0, incidents: 1, folds: 0 });
    expect(incidentsIn(slack, CHANNEL)).toHaveLength(1);
    expect(slack.parents(CHANNEL).filter((m) => m.text.includes("more incident"))).toHaveLength(0);
  });

  it("a refusal whose notice did not go out is said by a later poll, once", async () => {
    const OTHER = "C0ARCHIVED";
    const { emulator, slack, poll, deps } = await setup();
    deps.route = () => [
      { channel: OTHER, mention: [] },
      { channel: CHANNEL, mention: [] },
    ];
    deps.channels = [CHANNEL, OTHER];
    let noticeFails = 1;
    deps.slack = {
      ...slack,
      postMessage: (args) => {
        if (args.channel === OTHER) return Promise.reject(slackRefusal("is_archived"));
        if (args.text.includes("Slack refuses") && noticeFails-- > 0)
          return Promise.reject(new Error("connect ECONNREFUSED"));
        return slack.postMessage(args);
      },
    };
    await poll();
    emulator.deliveries.fail(emulator.account.webhooks[0]!.Id, 3, ZAPIER_401);

    // Act
    await failed(poll());
    const unsaid = refusalNotices(slack).length;
    await poll();
    await poll();

    // Assess
    expect(unsaid).toBe(0);
    expect(refusalNotices(slack)).toHaveLength(1);
    expect(refusalNotices(slack)[0]!.text).toBe("Slack refuses the bot's alerts in a channel.");
  });

  it("a refusal's notice whose answer was lost is found by its metadata, and said once", async () => {
    // Prepare: every webhook goes to an archived channel too; the notice's first answer is lost.
    const OTHER = "C0ARCHIVED";
    const { emulator, slack, poll, deps, store } = await setup();
    deps.route = () => [
      { channel: OTHER, mention: [] },
      { channel: CHANNEL, mention: [] },
    ];
    deps.channels = [CHANNEL, OTHER];
    let lose = 1;
    deps.slack = {
      ...slack,
      postMessage: async (args) => {
        if (args.channel === OTHER) throw slackRefusal("is_archived");
        const answer = await slack.postMessage(args);
        if (args.text.includes("Slack refuses") && lose-- > 0) throw new Error("socket hang up");
        return answer;
      },
    };
    await poll();
    emulator.deliveries.fail(emulator.account.webhooks[0]!.Id, 3, ZAPIER_401);

    // Act
    await failed(poll());
    await poll();
    await poll();

    // Assess: one notice, named by the channel and the refusal's start; said.
    expect(refusalNotices(slack)).toHaveLength(1);
    const refusal = (await store.watchState()).refused?.[OTHER];
    expect(refusalNotices(slack)[0]!.metadata).toEqual({
      event_type: REFUSED_EVENT_TYPE,
      event_payload: { channel: OTHER, since: refusal!.since },
    });
    expect(refusal).toMatchObject({ said: true });
    expect(refusal!.noticeTriedAt).toBeUndefined();
  });

  it("a poll that dies after posting a refusal's notice, before writing that it did, does not say it again", async () => {
    // Prepare: the table refuses the poll's last write, the one that would record the notice as said.
    const OTHER = "C0ARCHIVED";
    const { emulator, slack, poll, deps, store } = await setup();
    deps.route = () => [{ channel: OTHER, mention: [] }];
    deps.channels = [CHANNEL, OTHER];
    deps.slack = {
      ...slack,
      postMessage: (args) =>
        args.channel === OTHER ? Promise.reject(slackRefusal("is_archived")) : slack.postMessage(args),
    };
    await poll();
    const write = store.saveWatchState.bind(store);
    let refuse = 1;
    store.saveWatchState = async (state) => {
      if (Object.values(state.refused ?? {}).some((r) => r.said === true) && refuse-- > 0)
        throw new Error("the table did not answer");
      return write(state);
    };
    emulator.deliveries.fail(emulator.account.webhooks[0]!.Id, 3, ZAPIER_401);

    // Act
    const died = await failed(poll());
    await poll();

    // Assess
    expect(String(died)).toContain("the table did not answer");
    expect(refusalNotices(slack)).toHaveLength(1);
    expect((await store.watchState()).refused?.[OTHER]).toMatchObject({ said: true });
  });

  it("a channel held during the first poll gets its summary once it takes messages, once, with what is still unsaid", async () => {
    // Prepare: three webhooks failing before the first poll, two causes, all for a channel that is
    // archived then; a second cause gets worse while the channel is held.
    const OTHER = "C0ARCHIVED";
    const { emulator, slack, poll, deps, clock, store } = await setup();
    const [a, b, c] = emulator.account.webhooks;
    for (const hook of [a, b]) hook!.URL = "https://one.example.com/in";
    c!.URL = "https://two.example.com/in";
    for (const hook of [a, b, c]) emulator.deliveries.fail(hook!.Id, 3, ZAPIER_401);
    deps.route = () => [{ channel: OTHER, mention: [] }];
    deps.channels = [CHANNEL, OTHER];
    let archived = true;
    deps.slack = {
      ...slack,
      postMessage: (args) =>
        archived && args.channel === OTHER
          ? Promise.reject(slackRefusal("is_archived"))
          : slack.postMessage(args),
    };
    const first = await failed(poll());
    emulator.deliveries.fail(c!.Id, 4, ZAPIER_401);
    const held = await poll();

    // Act: the channel is unarchived; the watch tries it again a day later; one more poll.
    archived = false;
    clock.advance(TIMING.refusedChannelRetryMs);
    const back = await poll();
    const after = await poll();

    // Assess: the summary was owed, then said once, counting the cause that had no message of its own; the
    // one that got worse got its own.
    expect(first).toBeInstanceOf(WatchError);
    expect(held.posted).toBe(0);
    expect(back.postedAs).toEqual({ summaries: 1, incidents: 1, folds: 0 });
    expect(after.posted).toBe(0);
    const summaries = slack.parents(OTHER).filter((m) => m.metadata?.event_type === SUMMARY_EVENT_TYPE);
    expect(summaries.map((m) => m.text)).toEqual([
      "Watching 2 failing webhooks in 1 incident by cause; new changes will be posted here.",
    ]);
    expect(incidentsIn(slack, OTHER)).toHaveLength(1);
    expect(JSON.stringify(incidentsIn(slack, OTHER)[0]!.blocks)).toContain("two.example.com");
    expect((await store.watchState()).summaries).toBeUndefined();
    expect((await store.watchState()).refused).toBeUndefined();
  });

  it.each([
    {
      what: "does not go out is posted by the next poll",
      fault: (slack: MemorySlackPort) => slack.failNextPosts(new Error("connect ECONNREFUSED")),
      next: 1,
    },
    {
      what: "went out, its answer lost, is found by the next poll, not posted twice",
      fault: (slack: MemorySlackPort) => slack.loseNextPostAnswers(new Error("socket hang up")),
      next: 0,
    },
  ])("a first-poll summary that $what", async ({ fault, next }) => {
    // Prepare: one webhook failing before the first poll.
    const { emulator, slack, poll, store } = await setup();
    emulator.deliveries.fail(emulator.account.webhooks[0]!.Id, 3, ZAPIER_401);
    fault(slack);

    // Act
    const first = await failed(poll());
    const second = await poll();
    const third = await poll();

    // Assess
    expect(first).toBeInstanceOf(WatchError);
    expect(second.postedAs.summaries).toBe(next);
    expect(third.posted).toBe(0);
    const summaries = slack.parents(CHANNEL).filter((m) => m.metadata?.event_type === SUMMARY_EVENT_TYPE);
    expect(summaries.map((m) => m.text)).toEqual([
      "Watching 1 failing webhook in 1 incident by cause; new changes will be posted here.",
    ]);
    expect((await store.watchState()).summaries).toBeUndefined();
  });

  it("a channel first refused by the outage notice is said while Nexudus is still down", async () => {
    const OTHER = "C0ARCHIVED";
    const { emulator, slack, poll, deps } = await setup();
    deps.route = () => [{ channel: CHANNEL, mention: [] }];
    deps.channels = [CHANNEL, OTHER];
    deps.slack = {
      ...slack,
      postMessage: (args) =>
        args.channel === OTHER ? Promise.reject(slackRefusal("is_archived")) : slack.postMessage(args),
    };
    await poll();

    // Act: two failed reads; the second posts the outage notice, refused in the other channel.
    emulator.faults.fraction(1, 503);
    await failed(poll());
    await failed(poll());

    // Assess: the outage notice and the refusal, both in the configured channel.
    expect(slack.parents(CHANNEL).filter((m) => m.text.includes("cannot reach Nexudus"))).toHaveLength(1);
    expect(refusalNotices(slack)).toHaveLength(1);
    expect(JSON.stringify(refusalNotices(slack)[0]!.blocks)).toContain(`<#${OTHER}>`);
  });

  it("a post that fails poll after poll while webhooks join keeps its first line within Slack's limits", async () => {
    // Prepare: 500 webhooks, all one cause; the watch's first poll finds them healthy.
    const { emulator, slack, poll } = await setup({ webhooks: 500 });
    const hooks = emulator.account.webhooks;
    for (const hook of hooks) hook.URL = "https://one.example.com/in";
    await poll();

    // Act: a hundred more fail at each of five polls, and the incident's post never goes out; then it does.
    for (let round = 0; round < 5; round++) {
      for (const hook of hooks.slice(round * 100, round * 100 + 100))
        emulator.deliveries.fail(hook.Id, 3, ZAPIER_401);
      slack.failNextPosts(new Error("connect ECONNREFUSED"));
      await failed(poll());
    }
    await poll();

    // Assess: one message, one line, the latest changes kept and the earlier ones counted.
    const [parent] = incidentsIn(slack, CHANNEL);
    const lines = slack.thread(CHANNEL, parent!.ts);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.text.length).toBeLessThanOrEqual(3000);
    expect(lines[0]!.text).toMatch(/^…\d+ earlier changes?\n/);
    expect(lines[0]!.text).toContain(`#${hooks[499]!.Id}`);
    expectValid(slack);
  });

  it("an escalation's mention recorded with a post that fails poll after poll while webhooks join is posted, once and whole", async () => {
    // Prepare: 501 webhooks, all one cause; the watch's first poll finds them healthy.
    const { emulator, slack, poll, store } = await setup({ webhooks: 501 });
    const hooks = emulator.account.webhooks;
    for (const hook of hooks) hook.URL = "https://one.example.com/in";
    await poll();

    // Act: one opens already about to be disabled (its line mentions the on-call) and the post fails; a
    // hundred more join at each of five polls whose post fails too; then it goes out.
    emulator.deliveries.fail(hooks[0]!.Id, 7, ZAPIER_401);
    slack.failNextPosts(new Error("connect ECONNREFUSED"));
    await failed(poll());
    for (let round = 0; round < 5; round++) {
      for (const hook of hooks.slice(1 + round * 100, 101 + round * 100))
        emulator.deliveries.fail(hook.Id, 3, ZAPIER_401);
      slack.failNextPosts(new Error("connect ECONNREFUSED"));
      await failed(poll());
    }
    await poll();

    // Assess: the oldest changes were dropped for room, and not the mention, which ends the one line.
    const [parent] = incidentsIn(slack, CHANNEL);
    const lines = slack.thread(CHANNEL, parent!.ts).map((l) => l.text);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThanOrEqual(3000);
    expect(lines[0]).toMatch(/^…\d+ earlier changes?\n/);
    expect(lines[0]!.match(/<[^>]*>/g)).toEqual([`<!subteam^${MENTION}>`]);
    expect(lines[0]!.endsWith(` <!subteam^${MENTION}>`)).toBe(true);
    expect((await onlyIncident(store)).mentionedAt).toBeDefined();
    expectValid(slack);
  });

  it("an escalation's mention after a change too long for one line is posted whole; the change is cut at a space", async () => {
    const { emulator, slack, poll } = await setup({ webhooks: 500 });
    const hooks = emulator.account.webhooks;
    for (const hook of hooks) hook.URL = "https://one.example.com/in";
    await poll();
    emulator.deliveries.fail(hooks[0]!.Id, 3, ZAPIER_401);
    await poll();

    // Act: the first webhook escalates while 499 join (their ids alone are longer than a line).
    emulator.deliveries.fail(hooks[0]!.Id, 4, ZAPIER_401);
    for (const hook of hooks.slice(1)) emulator.deliveries.fail(hook.Id, 3, ZAPIER_401);
    await poll();

    // Assess
    const [parent] = incidentsIn(slack, CHANNEL);
    const line = slack.thread(CHANNEL, parent!.ts).at(-1)!.text;
    expect(line.length).toBeLessThanOrEqual(3000);
    expect(line).toMatch(/^499 more webhooks failing this way: #\d+, /);
    expect(line.endsWith(`,… <!subteam^${MENTION}>`)).toBe(true);
    expect(line.match(/<[^>]*>/g)).toEqual([`<!subteam^${MENTION}>`]);
    expectValid(slack);
  });

  it("an install that lost chat:write fails every poll, holding no channel: the alarm goes on", async () => {
    // Prepare: two channels take every webhook; Slack refuses every post for want of chat:write.
    const OTHER = "C0OTHER001";
    const { emulator, slack, poll, deps, store } = await setup();
    deps.route = () => [
      { channel: CHANNEL, mention: [] },
      { channel: OTHER, mention: [] },
    ];
    deps.channels = [CHANNEL, OTHER];
    const errors: string[] = [];
    Object.assign(deps, {
      logger: { info: () => {}, warn: () => {}, error: (message: string) => void errors.push(message) },
    });
    const refusing = refusingPosts(
      slack,
      slackRefusal("missing_scope", { needed: "chat:write", provided: "channels:history" }),
    );
    deps.slack = refusing;
    await poll();
    emulator.deliveries.fail(emulator.account.webhooks[0]!.Id, 3, ZAPIER_401);

    // Act
    const polls = [await failed(poll()), await failed(poll()), await failed(poll())];

    // Assess: every poll failed saying why, after one try each; no channel is held, nothing is said.
    for (const outcome of polls) {
      expect(outcome).toBeInstanceOf(WatchError);
      expect(String((outcome as Error).message)).toContain("missing_scope");
    }
    expect(refusing.tries).toBe(3);
    expect((await store.watchState()).refused).toBeUndefined();
    expect(errors.every((m) => m.includes("refuses the bot itself"))).toBe(true);
    expect(errors).toHaveLength(3);
  });

  it.each([
    {
      what: "its post's answer is lost",
      fault: (slack: MemorySlackPort) => {
        slack.loseNextPostAnswers(new Error("socket hang up"));
        return slack;
      },
    },
    {
      what: "its post goes out and its first line does not",
      fault: (slack: MemorySlackPort): MemorySlackPort => {
        let posts = 0;
        return {
          ...slack,
          postMessage: (args) =>
            ++posts === 2 ? Promise.reject(new Error("connect ECONNREFUSED")) : slack.postMessage(args),
        };
      },
    },
  ])("an incident that closes while $what still gets its line, once", async ({ fault }) => {
    // Prepare: an incident whose post did not go out.
    const { emulator, slack, poll, store, deps } = await setup();
    await poll();
    const [a] = emulator.account.webhooks;
    emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    slack.failNextPosts(new Error("connect ECONNREFUSED"));
    await failed(poll());

    // Act: it recovers, and the poll that posts it meets the fault; then the next polls.
    emulator.deliveries.recover(a!.Id);
    deps.slack = fault(slack);
    await failed(poll());
    deps.slack = slack;
    const next = await poll();
    await poll();

    // Assess: one message, and its thread says it opened and recovered, once.
    expect(await store.openIncidents()).toHaveLength(0);
    const parents = incidentsIn(slack, CHANNEL);
    expect(parents).toHaveLength(1);
    const lines = slack.thread(CHANNEL, parents[0]!.ts).map((l) => l.text);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("Opened");
    expect(lines[0]).toMatch(/Recovered within a minute\./);
    expect(next.lines).toBe(1);
    expect((await store.watchState()).closingLines).toBeUndefined();
  });
});

describe("the watch when a person deletes an incident's message", () => {
  /** The port's log lines, by level. */
  function capturing(deps: object) {
    const lines = { info: [] as string[], warn: [] as string[], error: [] as string[] };
    Object.assign(deps, {
      logger: {
        info: (m: string) => void lines.info.push(m),
        warn: (m: string) => void lines.warn.push(m),
        error: (m: string) => void lines.error.push(m),
      },
    });
    return lines;
  }

  /** An incident with its message and first line; the webhook's record to make it change. */
  async function posted(options: { webhooks?: number; config?: Partial<AlertConfig> } = {}) {
    const context = await setup(options);
    await context.poll();
    const [a] = context.emulator.account.webhooks;
    context.emulator.deliveries.fail(a!.Id, 3, ZAPIER_401);
    await context.poll();
    const [parent] = incidentsIn(context.slack, CHANNEL);
    return { ...context, a: a!, parent: parent! };
  }

  it("posts it again, once, at its next change, with the line its thread was owed; later updates and lines go to the new one", async () => {
    // Prepare
    const { emulator, slack, poll, store, a, parent, deps } = await posted();
    const log = capturing(deps);

    // Act: the message is deleted; the incident escalates; a poll with no change; it is disabled.
    slack.deleteMessage(CHANNEL, parent.ts);
    emulator.deliveries.fail(a.Id, 4, ZAPIER_401);
    const escalated = await poll();
    const quiet = await poll();
    emulator.deliveries.fail(a.Id, 3, ZAPIER_401);
    const disabled = await poll();

    // Assess: one new message, recorded as the incident's; its thread has the escalation (one mention)
    // and the disable; the second poll sent nothing; the third updated the new message in place.
    const [again] = incidentsIn(slack, CHANNEL);
    expect(incidentsIn(slack, CHANNEL)).toHaveLength(1);
    expect(again!.ts).not.toBe(parent.ts);
    expect((await onlyIncident(store)).post.ts).toBe(again!.ts);
    expect(escalated).toMatchObject({ posted: 1, updated: 0, lines: 1, escalated: 1 });
    expect(escalated.postedAs).toEqual({ summaries: 0, incidents: 1, folds: 0 });
    expect(quiet).toMatchObject({ posted: 0, updated: 0, lines: 0 });
    expect(disabled).toMatchObject({ posted: 0, updated: 1, lines: 1 });
    expect(slack.updates.at(-1)!.ts).toBe(again!.ts);
    expect(again!.metadata?.event_payload?.state).toBe("disabled");
    const lines = slack.thread(CHANNEL, again!.ts).map((l) => l.text);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("About to be disabled: 7/10");
    expect(lines[0]).toContain(`<!subteam^${MENTION}>`);
    expect(lines[1]).toContain("Nexudus disabled");
    expect(slack.messages.filter((m) => m.text.includes("subteam"))).toHaveLength(1);
    expect(log.info.filter((m) => m.includes("deleted in Slack"))).toHaveLength(1);
    expect(log.warn).toEqual([]);
    expectValid(slack);
  });

  it("a post again whose answer is lost is found by its metadata at the next poll, not posted twice", async () => {
    // Prepare
    const { emulator, slack, poll, store, a, parent } = await posted();
    slack.deleteMessage(CHANNEL, parent.ts);

    // Act: the post again is stored by Slack and its answer lost; then two polls.
    emulator.deliveries.fail(a.Id, 4, ZAPIER_401);
    slack.loseNextPostAnswers(new Error("socket hang up"));
    const lost = await failed(poll());
    const next = await poll();
    await poll();

    // Assess: one message, the incident's; its thread has the escalation's line once.
    expect(lost).toBeInstanceOf(WatchError);
    expect(next).toMatchObject({ posted: 0, lines: 1 });
    const [again] = incidentsIn(slack, CHANNEL);
    expect(incidentsIn(slack, CHANNEL)).toHaveLength(1);
    expect((await onlyIncident(store)).post).toMatchObject({ ts: again!.ts, lines: 2 });
    const lines = slack.thread(CHANNEL, again!.ts);
    expect(lines.map((l) => l.metadata?.event_payload?.line)).toEqual([2]);
    expect(lines[0]!.text).toContain("About to be disabled");
  });

  it("a redraw (a button's change) of a deleted message posts it again as it stands", async () => {
    // Prepare
    const { slack, poll, store, parent } = await posted();
    const incident = await onlyIncident(store);
    slack.deleteMessage(CHANNEL, parent.ts);

    // Act: someone acknowledges it (the worker writes the flag); the watch's next polls redraw it.
    await store.setFlags(incident.id, { ackBy: "U0ACKER001", ackAt: NOW }, "unset");
    const redrawn = await poll();
    const after = await poll();

    // Assess: one new message that shows who acknowledged it; no thread line (nothing changed).
    expect(redrawn).toMatchObject({ posted: 1, updated: 0, lines: 0 });
    expect(after).toMatchObject({ posted: 0, updated: 0 });
    const [again] = incidentsIn(slack, CHANNEL);
    expect(incidentsIn(slack, CHANNEL)).toHaveLength(1);
    expect(JSON.stringify(again!.blocks)).toContain("Acknowledged by <@U0ACKER001>");
    expect((await onlyIncident(store)).post.ts).toBe(again!.ts);
    expect(slack.thread(CHANNEL, again!.ts)).toHaveLength(0);
  });

  it("a line whose answer was lost, its thread deleted since, goes to the thread of the message posted again", async () => {
    // Prepare: the escalation's line is stored and its answer lost; then the message is deleted.
    const { emulator, slack, poll, store, a, parent } = await posted();
    emulator.deliveries.fail(a.Id, 4, ZAPIER_401);
    slack.loseNextPostAnswers(new Error("socket hang up"));
    await failed(poll());
    slack.deleteMessage(CHANNEL, parent.ts);

    // Act: a poll that finds no change, then one more.
    const found = await poll();
    const after = await poll();

    // Assess: posted again, with the line owed (line 2, its mention kept) in the new thread.
    expect(found).toMatchObject({ posted: 1, lines: 1 });
    expect(after).toMatchObject({ posted: 0, lines: 0, updated: 0 });
    const [again] = incidentsIn(slack, CHANNEL);
    expect(incidentsIn(slack, CHANNEL)).toHaveLength(1);
    const lines = slack.thread(CHANNEL, again!.ts);
    expect(lines.map((l) => l.metadata?.event_payload?.line)).toEqual([2]);
    expect(lines[0]!.text).toContain(`<!subteam^${MENTION}>`);
    expect((await onlyIncident(store)).post).toMatchObject({ ts: again!.ts, lines: 2 });
    expect((await onlyIncident(store)).post.pendingLine).toBeUndefined();
  });

  it("a line Slack cannot put in its thread (the message deleted just then) goes to the message posted again", async () => {
    // Prepare: the message is deleted between its update and its line, as a person may at any moment.
    const { emulator, slack, poll, a, parent, deps } = await posted();
    deps.slack = {
      ...slack,
      postMessage: (args) => {
        if (args.thread_ts === parent.ts) slack.deleteMessage(CHANNEL, parent.ts);
        return slack.postMessage(args);
      },
    };

    // Act
    emulator.deliveries.fail(a.Id, 4, ZAPIER_401);
    const escalated = await poll();

    // Assess
    expect(escalated).toMatchObject({ posted: 1, updated: 1, lines: 1 });
    const [again] = incidentsIn(slack, CHANNEL);
    expect(incidentsIn(slack, CHANNEL)).toHaveLength(1);
    expect(again!.ts).not.toBe(parent.ts);
    expect(slack.thread(CHANNEL, again!.ts).map((l) => l.text)).toEqual([
      expect.stringContaining("About to be disabled"),
    ]);
  });

  it("a closed incident's deleted message is not posted again: its closing update is dropped, said in one INFO line", async () => {
    // Prepare
    const { emulator, slack, poll, store, a, parent, deps } = await posted();
    const log = capturing(deps);
    slack.deleteMessage(CHANNEL, parent.ts);
    const messages = slack.messages.length;

    // Act
    emulator.deliveries.recover(a.Id);
    const closed = await poll();
    const after = await poll();

    // Assess
    expect(closed).toMatchObject({ closed: 1, posted: 0, updated: 0, lines: 0 });
    expect(after).toMatchObject({ posted: 0, updated: 0, lines: 0 });
    expect(slack.messages).toHaveLength(messages);
    expect(await store.openIncidents()).toHaveLength(0);
    expect((await store.watchState()).closingLines).toBeUndefined();
    expect(log.info.filter((m) => m.includes("deleted in Slack"))).toEqual([
      "a closed incident's message was deleted in Slack; its last update is dropped",
    ]);
    expect(log.warn).toEqual([]);
  });

  it("an incident whose post again did not go out, and that closed since, is not posted just to say so", async () => {
    // Prepare: the message is deleted; the escalation's post again fails.
    const { emulator, slack, poll, store, a, parent } = await posted();
    slack.deleteMessage(CHANNEL, parent.ts);
    emulator.deliveries.fail(a.Id, 4, ZAPIER_401);
    slack.failNextPosts(new Error("connect ECONNREFUSED"));
    const refused = await failed(poll());
    const messages = slack.messages.length;

    // Act: it recovers.
    emulator.deliveries.recover(a.Id);
    const closed = await poll();
    await poll();

    // Assess: closed, and nothing posted.
    expect(refused).toBeInstanceOf(WatchError);
    expect(closed).toMatchObject({ closed: 1, posted: 0, lines: 0 });
    expect(slack.messages).toHaveLength(messages);
    expect(incidentsIn(slack, CHANNEL)).toHaveLength(0);
    expect(await store.openIncidents()).toHaveLength(0);
    expect((await store.watchState()).closingLines).toBeUndefined();
  });

  it("a closing line left for the next poll whose message was deleted since is dropped, not posted", async () => {
    // Prepare: it recovers; the update goes out and the closing line does not.
    const { emulator, slack, poll, store, a, parent } = await posted();
    emulator.deliveries.recover(a.Id);
    slack.failNextPosts(new Error("connect ECONNREFUSED"));
    await failed(poll());
    const owed = (await store.watchState()).closingLines;
    slack.deleteMessage(CHANNEL, parent.ts);
    const messages = slack.messages.length;

    // Act
    const next = await poll();

    // Assess
    expect(Object.keys(owed ?? {})).toHaveLength(1);
    expect(next).toMatchObject({ posted: 0, lines: 0 });
    expect(slack.messages).toHaveLength(messages);
    expect((await store.watchState()).closingLines).toBeUndefined();
  });

  it("messages posted again come out of ALERT_MAX_PER_RUN: a channel cleared by hand gets at most that many, the rest folded", async () => {
    // Prepare: four causes, each its own message (two per poll, within the budget of two).
    const { emulator, slack, poll, store } = await setup({ webhooks: 4, config: { maxPerRun: 2 } });
    await poll();
    const hooks = emulator.account.webhooks;
    for (const [i, hook] of hooks.entries()) hook.URL = `https://host${i}.example.com/in`;
    for (const hook of hooks.slice(0, 2)) emulator.deliveries.fail(hook.Id, 3, ZAPIER_401);
    await poll();
    for (const hook of hooks.slice(2)) emulator.deliveries.fail(hook.Id, 3, ZAPIER_401);
    await poll();
    const before = incidentsIn(slack, CHANNEL);
    expect(before).toHaveLength(4);

    // Act: a person deletes all four; every incident gets worse.
    for (const m of before) slack.deleteMessage(CHANNEL, m.ts);
    for (const hook of hooks) emulator.deliveries.fail(hook.Id, 4, ZAPIER_401);
    const next = await poll();

    // Assess: two posted again, two folded into one '+N more' message; each incident's record says which.
    expect(next.postedAs.incidents).toBe(2);
    expect(incidentsIn(slack, CHANNEL)).toHaveLength(2);
    const folds = slack.parents(CHANNEL).filter((m) => !m.metadata);
    expect(folds.map((m) => m.text)).toEqual([expect.stringContaining("2 more incidents")]);
    const open = await store.openIncidents();
    expect(open.filter((i) => i.post.silent === "folded" && !i.post.ts)).toHaveLength(2);
    expect(open.filter((i) => i.post.ts && !i.post.silent)).toHaveLength(2);
  });

  it("a deleted '+N more incidents' message is posted again when its count changes", async () => {
    // Prepare: six causes, two posted, four folded.
    const { emulator, slack, poll, store } = await setup({ webhooks: 6, config: { maxPerRun: 2 } });
    await poll();
    for (const [i, hook] of emulator.account.webhooks.entries()) {
      hook.URL = `https://host${i}.example.com/in`;
      emulator.deliveries.fail(hook.Id, 3, ZAPIER_401);
    }
    await poll();
    const [fold] = slack.parents(CHANNEL).filter((m) => !m.metadata);
    slack.deleteMessage(CHANNEL, fold!.ts);

    // Act: a folded incident recovers (three left).
    const folded = (await store.openIncidents()).find((i) => i.post.silent === "folded")!;
    emulator.deliveries.recover(Number(Object.keys(folded.members)[0]));
    const next = await poll();

    // Assess
    expect(next.postedAs.folds).toBe(1);
    const folds = slack.parents(CHANNEL).filter((m) => !m.metadata);
    expect(folds.map((m) => m.text)).toEqual([expect.stringContaining("3 more incidents")]);
    expect((await store.watchState()).folds[CHANNEL]).toEqual({ ts: folds[0]!.ts, count: 3 });
  });
});

describe("causes", () => {
  it("strip ids, numbers and timestamps, keep HTTP statuses, and redact secrets", () => {
    expect(normaliseError("Timeout after 3012 ms (req 8f3a9c0d1e) at 2026-11-30T10:00:00Z")).toBe(
      normaliseError("Timeout after 2987 ms (req 11b2c3d4e5) at 2026-12-01T08:30:00Z"),
    );
    expect(normaliseError("(401) Unauthorized")).not.toBe(normaliseError("(500) Unauthorized"));
    expect(normaliseError("fail https://u:hunter22@x.example/?token=abc123")).not.toContain("hunter22");
    expect(
      causeOf({ URL: "https://hooks.zapier.com/hooks/catch/1/a", LastError: "(401) Unauthorized" }).key,
    ).toBe(causeOf({ URL: "https://HOOKS.zapier.com/hooks/catch/2/b", LastError: "(401) unauthorized" }).key);
  });
});
