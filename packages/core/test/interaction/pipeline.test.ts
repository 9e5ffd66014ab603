import { ACTION_IDS, encodeActionValue, encodeRowChoice, type SlackMessage } from "@nwh/core/blocks";
import {
  accessPolicy,
  createInteractionPipeline,
  deliveryLogOn,
  type Interaction,
  type Reply,
  type UserInteraction,
} from "@nwh/core/interaction";
import type { SubscriptionStore } from "@nwh/core/subscriptions";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, requestsTo, startService, textOf, USER } from "../service/support";
import { memoryMarks } from "../support/memory-store";

type Started = Awaited<ReturnType<typeof startService>>;

const STRANGER = "U0STRANGER1";
const URL_OF_SLACK = "https://hooks.slack.com/actions/T0/1/abc";

/** The ports of a pipeline, faked in memory: what was delivered, handed over and logged. */
function fakePorts(options: { dispatchFails?: boolean } = {}) {
  const delivered: Array<{ interaction: UserInteraction; replies: readonly Reply[] }> = [];
  const handedOver: Interaction[] = [];
  const logged: string[] = [];
  return {
    delivered,
    handedOver,
    logged,
    outbox: {
      accepts: (i: UserInteraction) =>
        i.replyTo.kind === "home" || i.replyTo.url.startsWith("https://hooks.slack.com/"),
      async deliver(interaction: UserInteraction, replies: readonly Reply[]) {
        delivered.push({ interaction, replies });
      },
    },
    dispatcher: {
      async dispatch(interaction: Interaction) {
        if (options.dispatchFails) throw new Error("Lambda said no");
        handedOver.push(structuredClone(interaction));
      },
    },
    log: {
      info: (m: string) => logged.push(m),
      warn: (m: string) => logged.push(m),
      error: (m: string) => logged.push(m),
    },
  };
}

function pipelineOn(s: Started, fakes: ReturnType<typeof fakePorts>, answerBudgetMs = 2000) {
  return createInteractionPipeline({
    service: s.deps,
    access: accessPolicy({ SLACK_ALLOWED_USER_IDS: [USER.userId], SLACK_ADMIN_USER_IDS: [ADMIN.userId] }),
    outbox: fakes.outbox,
    dispatcher: fakes.dispatcher,
    deliveries: deliveryLogOn(memoryMarks(s.deps.clock)),
    clock: s.deps.clock,
    timing: { answerBudgetMs, workerBudgetMs: 20_000 },
    log: fakes.log,
  });
}

const command = (text: string, userId: string): Interaction => ({
  kind: "command",
  text,
  userId,
  arrivedAt: Date.now(),
  replyTo: { kind: "response_url", url: URL_OF_SLACK, ephemeral: true },
});

const click = (actionId: string, value: string, userId: string, more?: string[]): Interaction => ({
  kind: "click",
  actionId,
  value,
  userId,
  arrivedAt: Date.now(),
  ...(more ? { moreActionIds: more } : {}),
  replyTo: { kind: "response_url", url: URL_OF_SLACK, ephemeral: true },
});

/** A subscription store that records the bot's joins only (nothing else is asked of it here). */
function joinsRecorder() {
  const joins: Array<[string, number]> = [];
  const unused = () => Promise.reject(new Error("not used by a join"));
  const store: SubscriptionStore = {
    list: unused,
    listWithJoins: unused,
    listChannel: unused,
    get: unused,
    save: unused,
    remove: unused,
    async botJoined(channel, at) {
      joins.push([channel, at]);
    },
  };
  return { joins, ports: { store, channels: { membership: unused } } };
}

const BOT = "U0BOTUSER1";
const join = (channelId: string, joinedAt: number): Interaction => ({
  kind: "join",
  userId: BOT,
  channelId,
  joinedAt,
  arrivedAt: Date.now(),
  eventId: "Ev0JOIN001",
});

/** Runs `handle` and returns what it acknowledged with. */
async function handled(pipeline: ReturnType<typeof pipelineOn>, interaction: Interaction) {
  const acks: Array<SlackMessage | undefined> = [];
  await pipeline.handle(interaction, async (message) => {
    acks.push(message as SlackMessage | undefined);
  });
  return acks;
}

describe("the interaction pipeline", () => {
  let s: Started;
  beforeEach(async () => {
    s = await startService();
  });
  afterEach(() => s.close());

  it("answers a command in its ack", async () => {
    const fakes = fakePorts();

    const acks = await handled(pipelineOn(s, fakes), command("failing", USER.userId));

    expect(acks).toHaveLength(1);
    expect(textOf(acks[0]!)).toContain("Failing webhooks");
    expect(fakes.delivered).toHaveLength(0);
    expect(fakes.handedOver).toHaveLength(0);
  });

  it("refuses `pause ID` to a non-admin before any Nexudus request, and asks an admin to confirm", async () => {
    const fakes = fakePorts();
    const hook = s.emu.account.webhooks.find((h) => h.Active)!;
    const pipeline = pipelineOn(s, fakes);

    const refused = await handled(pipeline, command(`pause ${hook.Id}`, USER.userId));
    const requestsAfterRefusal = s.emu.requests.length;
    const confirm = await handled(pipeline, command(`pause ${hook.Id}`, ADMIN.userId));

    expect(requestsAfterRefusal).toBe(0);
    expect(textOf(refused[0]!)).toContain("Only webhook admins");
    expect(JSON.stringify(confirm[0])).toContain('"confirm"');
    expect(requestsTo(s.emu, "/sys/webhooks", "PUT")).toHaveLength(0);
  });

  it("needs an admin for what a search button's query would run, a Pause hidden behind another action, and a row menu's Pause…", async () => {
    const fakes = fakePorts();
    const hook = s.emu.account.webhooks.find((h) => h.Active)!;
    const pipeline = pipelineOn(s, fakes);

    await handled(
      pipeline,
      click(ACTION_IDS.runSearch, encodeActionValue({ q: `pause ${hook.Id}` }), USER.userId),
    );
    await handled(
      pipeline,
      click(ACTION_IDS.pageNext, encodeActionValue({ q: "all", p: 2 }), USER.userId, [ACTION_IDS.pause]),
    );
    await handled(
      pipeline,
      click(ACTION_IDS.rowMenu, encodeRowChoice("pause", { id: hook.Id, q: "failing", p: 1 })!, USER.userId),
    );

    expect(fakes.delivered.map((d) => textOf(d.replies[0]!.message))).toEqual([
      expect.stringContaining("Only webhook admins"),
      expect.stringContaining("Only webhook admins"),
      expect.stringContaining("Only webhook admins"),
    ]);
    expect(s.emu.requests).toHaveLength(0);
  });

  it("refuses everything to a user who may not use the bot, in the worker too", async () => {
    const fakes = fakePorts();
    const pipeline = pipelineOn(s, fakes);

    const acks = await handled(pipeline, command("failing", STRANGER));
    await pipeline.work(command("failing", STRANGER));

    expect(textOf(acks[0]!)).toContain("not allowed");
    expect(textOf(fakes.delivered[0]!.replies[0]!.message)).toContain("not allowed");
    expect(s.emu.requests).toHaveLength(0);
  });

  it("hands every Pause to the worker, answering Pausing… in place; the worker writes once and announces it", async () => {
    const fakes = fakePorts();
    const hook = s.emu.account.webhooks.find((h) => h.Active)!;
    const pipeline = pipelineOn(s, fakes);
    const pause = click(ACTION_IDS.pause, encodeActionValue({ id: hook.Id }), ADMIN.userId);

    await handled(pipeline, pause);
    const writesBeforeWorker = requestsTo(s.emu, "/sys/webhooks", "PUT").length;
    await pipeline.work(fakes.handedOver[0]);

    expect(writesBeforeWorker).toBe(0);
    expect(fakes.handedOver).toHaveLength(1);
    const [interim, answer] = fakes.delivered;
    expect(interim!.replies).toEqual([expect.objectContaining({ to: "clicker", replace: true })]);
    expect(textOf(interim!.replies[0]!.message)).toContain(`Pausing webhook #${hook.Id}`);
    expect(answer!.replies.map((r) => r.to)).toEqual(["clicker", "audit"]);
    expect(hook.Active).toBe(false);
  });

  it("hands a search that cannot finish in time to the worker, and says Searching… in the ack", async () => {
    const fakes = fakePorts();
    s.emu.faults.setLatency(300);
    const pipeline = pipelineOn(s, fakes, 100);

    const acks = await handled(pipeline, command("failing", USER.userId));

    expect(textOf(acks[0]!)).toContain("Searching Nexudus");
    expect(fakes.handedOver).toEqual([expect.objectContaining({ kind: "command", text: "failing" })]);
  });

  it("says the bot could not finish when the hand-off fails", async () => {
    const fakes = fakePorts({ dispatchFails: true });
    s.emu.faults.setLatency(300);
    const pipeline = pipelineOn(s, fakes, 100);

    const acks = await handled(pipeline, command("failing", USER.userId));

    expect(textOf(acks[0]!)).toContain("could not finish this request");
    expect(fakes.logged).toContain("could not hand the interaction to the worker");
  });

  it("records the bot's join for the watch, with no rights check and no answer; the worker takes no join", async () => {
    // Prepare: the bot is in neither list of users; a pipeline with the subscriptions' store.
    const fakes = fakePorts();
    const recorder = joinsRecorder();
    const pipeline = createInteractionPipeline({
      service: s.deps,
      access: accessPolicy({ SLACK_ALLOWED_USER_IDS: [USER.userId], SLACK_ADMIN_USER_IDS: [ADMIN.userId] }),
      outbox: fakes.outbox,
      dispatcher: fakes.dispatcher,
      deliveries: deliveryLogOn(memoryMarks(s.deps.clock)),
      clock: s.deps.clock,
      timing: { answerBudgetMs: 2000, workerBudgetMs: 20_000 },
      log: fakes.log,
      subscriptions: recorder.ports,
    });

    // Act: Slack says the bot joined; a forged worker job says it too; a join with a bad channel.
    const acks = await handled(pipeline, join("C0ALERTS01", 1_700_000_000_000));
    await pipeline.work(join("C0ALERTS02", 1_700_000_000_000));
    const malformed = await handled(pipeline, join("not a channel", 1_700_000_000_000));

    // Assess: one recorded join, acknowledged with nothing; nothing said, handed over or asked of Nexudus.
    expect(recorder.joins).toEqual([["C0ALERTS01", 1_700_000_000_000]]);
    expect(acks).toEqual([undefined]);
    expect(malformed).toEqual([undefined]);
    expect(fakes.delivered).toHaveLength(0);
    expect(fakes.handedOver).toHaveLength(0);
    expect(s.emu.requests).toHaveLength(0);
    expect(fakes.logged).toContain("a join is not a worker job; dropped");
    expect(fakes.logged).not.toContain("interaction refused");
  });

  it("does not run a worker job whose response_url is outside Slack, nor one of any other shape", async () => {
    const fakes = fakePorts();
    const pipeline = pipelineOn(s, fakes);

    await pipeline.work({
      ...command("failing", USER.userId),
      replyTo: { kind: "response_url", url: "https://evil.example/x", ephemeral: true },
    });
    await pipeline.work({ kind: "command", text: "failing", userId: USER.userId, responseUrl: URL_OF_SLACK });

    expect(s.emu.requests).toHaveLength(0);
    expect(fakes.delivered).toHaveLength(0);
  });
});
