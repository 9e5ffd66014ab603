import { ACTION_IDS, SUBSCRIPTION_VIEW_ID } from "@nwh/core/blocks";
import { FORM_BLOCKS } from "@nwh/core/subscriptions";
import { afterEach, describe, expect, it } from "vitest";
import {
  actionBody,
  homeOpenedBody,
  signedEvent,
  type ViewInputState,
  viewSubmissionBody,
} from "./support/api-gateway";
import { ADMIN, type Bot, startBot, USER } from "./support/bot";
import { buttonsOf, expectAllSlackTrafficSafe } from "./support/slack-checks";

let bot: Bot | undefined;
afterEach(async () => {
  if (bot) expectAllSlackTrafficSafe(bot.stub);
  await bot?.close();
  bot = undefined;
});

const TEAM = "C0TEAM0001";
const FORM = "application/x-www-form-urlencoded" as const;

/** The App Home tab as the user last saw it. */
// biome-ignore lint/suspicious/noExplicitAny: Slack view JSON
function home(b: Bot, userId: string): any {
  return b.stub.homeViews.get(userId);
}

async function openHome(b: Bot, userId: string, eventId: string) {
  await b.send(signedEvent({ body: homeOpenedBody({ userId, eventId }), contentType: "application/json" }));
  await b.settle();
  return home(b, userId);
}

/** A click on the App Home tab (no channel, no response_url). */
async function clickHome(b: Bot, actionId: string, value: string, userId = ADMIN) {
  const answer = await b.send(
    signedEvent({ body: actionBody({ actionId, value, userId, home: true }), contentType: FORM }),
  );
  await b.settle();
  return answer;
}

interface FormFill {
  channel?: string;
  query?: string;
  kinds?: string[];
  at?: string;
  timeZone?: string;
  groups?: string[];
  users?: string[];
}

function formValues(fill: FormFill): Record<string, ViewInputState> {
  return {
    [FORM_BLOCKS.channel]: { type: "conversations_select", selected_conversation: fill.channel ?? null },
    [FORM_BLOCKS.query]: { type: "plain_text_input", value: fill.query ?? null },
    [FORM_BLOCKS.kinds]: {
      type: "checkboxes",
      selected_options: (fill.kinds ?? []).map((value) => ({ value })),
    },
    [FORM_BLOCKS.at]: { type: "timepicker", selected_time: fill.at ?? null },
    [FORM_BLOCKS.timeZone]: { type: "plain_text_input", value: fill.timeZone ?? null },
    [FORM_BLOCKS.groups]: {
      type: "multi_static_select",
      selected_options: (fill.groups ?? []).map((value) => ({ value })),
    },
    [FORM_BLOCKS.users]: { type: "multi_users_select", selected_users: fill.users ?? [] },
  };
}

/** Submits the subscription form; returns the ack's body (`response_action: "errors"`, or nothing). */
async function submit(b: Bot, fill: FormFill, options: { userId?: string; privateMetadata?: string } = {}) {
  const body = viewSubmissionBody({
    userId: options.userId ?? ADMIN,
    callbackId: SUBSCRIPTION_VIEW_ID,
    values: formValues(fill),
    ...(options.privateMetadata !== undefined ? { privateMetadata: options.privateMetadata } : {}),
  });
  const answer = await b.send(signedEvent({ body, contentType: FORM }));
  expect(answer.status).toBe(200);
  return answer;
}

const GOOD: FormFill = {
  channel: TEAM,
  query: 'failing location:"Downtown Hub" -action:BookingCreate',
  kinds: ["alerts", "digest"],
  at: "09:15",
  timeZone: "Europe/Paris",
  groups: ["S0ONCALL|oncall"],
  users: ["U0LEAD0001"],
};

describe("Settings in App Home: the subscription form", () => {
  it("shows admins the Settings with Add subscription, and others nothing of it", async () => {
    bot = await startBot();

    const admin = await openHome(bot, ADMIN, "Ev0001");
    const user = await openHome(bot, USER, "Ev0002");

    expect(buttonsOf(admin).map((b) => b.action_id)).toContain(ACTION_IDS.subscriptionAdd);
    expect(JSON.stringify(admin)).toContain("Settings");
    expect(buttonsOf(user).map((b) => b.action_id)).not.toContain(ACTION_IDS.subscriptionAdd);
  });

  it("opens the form with the click's trigger_id, offering the workspace's user groups", async () => {
    bot = await startBot();
    bot.stub.workspace.usergroups.push({ id: "S0ONCALL", handle: "oncall", name: "On call" });

    await clickHome(bot, ACTION_IDS.subscriptionAdd, "{}");

    expect(bot.stub.openedViews).toHaveLength(1);
    const { triggerId, view } = bot.stub.openedViews[0]! as {
      triggerId: string;
      view: { callback_id: string; blocks: Array<{ block_id: string }> };
    };
    expect(triggerId).toBe("1.2.3");
    expect(view.callback_id).toBe(SUBSCRIPTION_VIEW_ID);
    const blockIds = view.blocks.map((b) => b.block_id);
    expect(blockIds).toEqual(Object.values(FORM_BLOCKS));
    expect(JSON.stringify(view)).toContain("S0ONCALL|oncall");
  });

  it("refuses to open the form to a non-admin", async () => {
    bot = await startBot();

    await clickHome(bot, ACTION_IDS.subscriptionAdd, "{}", USER);

    expect(bot.stub.openedViews).toHaveLength(0);
    expect(JSON.stringify(home(bot, USER))).toContain("Only webhook admins");
  });

  it("shows each mistake on its own field, the parser's error on the search, and keeps the form open", async () => {
    bot = await startBot();

    const answer = await submit(bot, {
      channel: TEAM,
      query: "failing actoin:BookingCreate",
      kinds: [],
      timeZone: "Mars/Olympus",
    });

    expect(answer.body.response_action).toBe("errors");
    const errors = answer.body.errors as Record<string, string>;
    expect(Object.keys(errors).sort()).toEqual(
      [FORM_BLOCKS.query, FORM_BLOCKS.kinds, FORM_BLOCKS.timeZone].sort(),
    );
    expect(errors[FORM_BLOCKS.query]).toContain("action:");
    expect(errors[FORM_BLOCKS.kinds]).toContain("Pick alerts, a daily digest, or both");
    expect(errors[FORM_BLOCKS.timeZone]).toContain("is not a time zone");
    expect(bot.jobs).toHaveLength(0);
    expect(await bot.deps.subscriptions.list()).toHaveLength(0);
  });

  it.each([
    [
      "an unknown location",
      { query: "location:Nowhere" },
      FORM_BLOCKS.query,
      "No location is called Nowhere",
    ],
    ["a search that matches nothing", { query: "failing errors:..0" }, FORM_BLOCKS.query, "contradicts"],
    ["no search", { query: "" }, FORM_BLOCKS.query, "search"],
    ["no channel", { channel: undefined }, FORM_BLOCKS.channel, "Pick a public or private channel"],
    ["a direct message", { channel: "D0DIRECT01" }, FORM_BLOCKS.channel, "Pick a public or private channel"],
  ])("refuses %s on its field", async (_name, change, block, expected) => {
    bot = await startBot();

    const answer = await submit(bot, { ...GOOD, ...change });

    expect(answer.body.response_action).toBe("errors");
    expect(answer.body.errors[block]).toContain(expected);
    expect(await bot.deps.subscriptions.list()).toHaveLength(0);
  });

  it("says on the channel field to /invite the bot when it is not in the channel", async () => {
    bot = await startBot();
    bot.stub.workspace.notMemberOf.add(TEAM);

    const answer = await submit(bot, GOOD);

    expect(answer.body.errors[FORM_BLOCKS.channel]).toContain("/invite @Nexudus Webhooks");
    expect(bot.jobs).toHaveLength(0);
  });

  it("refuses a non-admin's submission with the same rights check, before any Nexudus request", async () => {
    bot = await startBot();

    const answer = await submit(bot, GOOD, { userId: USER });

    expect(answer.body.response_action).toBe("errors");
    expect(Object.values(answer.body.errors).join(" ")).toContain("Only webhook admins");
    expect(bot.emu.requests).toHaveLength(0);
    expect(bot.jobs).toHaveLength(0);
    expect(await bot.deps.subscriptions.list()).toHaveLength(0);
  });

  it("saves a good form: the modal closes, the worker writes it, the tab says so and the channel is told", async () => {
    bot = await startBot();

    const answer = await submit(bot, GOOD);
    expect(answer.raw).toBe("");
    await bot.settle();

    const [saved, ...more] = await bot.deps.subscriptions.list();
    expect(more).toHaveLength(0);
    expect(saved).toMatchObject({
      channel: TEAM,
      alerts: true,
      digest: true,
      at: "09:15",
      timeZone: "Europe/Paris",
      mention: [{ id: "S0ONCALL", label: "oncall" }, { id: "U0LEAD0001" }],
      createdBy: ADMIN,
    });
    expect(saved!.query).toContain("location:1414900125");
    const tab = JSON.stringify(home(bot, ADMIN));
    expect(tab).toContain("Saved: <#C0TEAM0001>");
    expect(buttonsOf(home(bot, ADMIN)).map((b) => b.action_id)).toEqual(
      expect.arrayContaining([ACTION_IDS.subscriptionEdit, ACTION_IDS.subscriptionRemove]),
    );
    expect((bot.stub.channels.get(TEAM) ?? []).map((m) => m.text)).toEqual([
      expect.stringContaining("<@U0ADMIN001> subscribed this channel to"),
    ]);

    // The same form again (a double submit) writes nothing more.
    await submit(bot, GOOD);
    await bot.settle();
    expect(await bot.deps.subscriptions.list()).toHaveLength(1);
    expect(JSON.stringify(home(bot, ADMIN))).toContain("already has this subscription");
  });

  it("edits one through Edit: the form opens filled in, and the saved change replaces it", async () => {
    bot = await startBot();
    await submit(bot, GOOD);
    await bot.settle();
    const edit = buttonsOf(home(bot, ADMIN)).find((b) => b.action_id === ACTION_IDS.subscriptionEdit)!;

    await clickHome(bot, edit.action_id, edit.value!);
    const view = bot.stub.openedViews.at(-1)!.view as { private_metadata: string; blocks: unknown[] };
    expect(JSON.stringify(view.blocks)).toContain('"initial_time":"09:15"');
    // The search as it was typed: the location by its name, not the id it is stored as.
    const stored = (await bot.deps.subscriptions.list())[0]!;
    expect(stored.query).toMatch(/location:\d+/);
    const searchField = JSON.stringify(view.blocks).match(/"initial_value":"((?:[^"\\]|\\.)*)"/)?.[1];
    expect(searchField).toBe('failing location:\\"Downtown Hub\\" -action:BookingCreate');
    await submit(
      bot,
      { ...GOOD, kinds: ["digest"], groups: [], users: [], at: "07:45" },
      {
        privateMetadata: view.private_metadata,
      },
    );
    await bot.settle();

    const all = await bot.deps.subscriptions.list();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ alerts: false, digest: true, at: "07:45", mention: [] });
    expect((bot.stub.channels.get(TEAM) ?? []).at(-1)?.text).toContain("changed this channel's subscription");
  });
});
