import { ACTION_IDS, encodeActionValue, validateMessage } from "@nwh/core/blocks";
import { signSlackRequest } from "@nwh/slack-stub";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { actionBody, commandBody, homeOpenedBody } from "../support/api-gateway";
import { clickJob, commandJob } from "../support/jobs";
import { afterInterim, textOf } from "../support/slack-checks";
import { CANARY } from "./support/canaries";
import { ADMIN, type HostileBot, STRANGER, startHostileBot, USER } from "./support/hostile-bot";
import { watchForLeaks } from "./support/leak-watch";
import { strayControlSequences } from "./support/message-checks";

/*
 * Slack's side of the trust boundary: who signed the request, when, and whether the user behind it may do
 * what it asks. The signature proves Slack sent the body; everything inside it (the action, the button's
 * value, the webhook id) is still checked on the server against the configuration.
 */

const watch = watchForLeaks();
let bot: HostileBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const FORM = "application/x-www-form-urlencoded" as const;
const now = () => Math.floor(Date.now() / 1000);

/** Nothing reached Nexudus, nothing reached Slack, nothing went to the worker. */
function expectUntouched(b: HostileBot): void {
  expect(b.emu.requests).toHaveLength(0);
  expect(b.stub.calls).toHaveLength(0);
  expect(b.stub.responses).toHaveLength(0);
  expect(b.jobs).toHaveLength(0);
}

const writes = (b: HostileBot) => b.emu.requests.filter((r) => r.method === "PUT");
const isActive = (b: HostileBot, id: number) => b.emu.account.webhooks.find((h) => h.Id === id)!.Active;

/** A correctly signed event whose headers are then changed by `tamper`. */
function tampered(
  b: HostileBot,
  body: string,
  tamper: (headers: Record<string, string>, event: APIGatewayProxyEventV2) => void,
  contentType: "application/x-www-form-urlencoded" | "application/json" = FORM,
): APIGatewayProxyEventV2 {
  const event = b.event({ body, contentType });
  tamper(event.headers as Record<string, string>, event);
  return event;
}

describe("request signatures", () => {
  type Tamper = (headers: Record<string, string>, event: APIGatewayProxyEventV2) => void;
  const sign = (body: string, ts: number) => signSlackRequest(CANARY.signingSecret, body, ts);
  const cases: Array<[string, Tamper]> = [
    ["no signature", (h) => delete h["x-slack-signature"]],
    ["no timestamp", (h) => delete h["x-slack-request-timestamp"]],
    ["an empty signature", (h) => (h["x-slack-signature"] = "")],
    ["a signature of zeros", (h) => (h["x-slack-signature"] = `v0=${"0".repeat(64)}`)],
    ["a v1 signature", (h) => (h["x-slack-signature"] = h["x-slack-signature"]!.replace(/^v0=/, "v1="))],
    ["the signature in upper case", (h) => (h["x-slack-signature"] = h["x-slack-signature"]!.toUpperCase())],
    [
      "two signatures joined",
      (h) => (h["x-slack-signature"] = `${h["x-slack-signature"]},v0=${"a".repeat(64)}`),
    ],
    [
      "a signature made with another secret",
      (h, e) =>
        Object.assign(
          h,
          signSlackRequest("not-the-secret", Buffer.from(e.body!, "base64").toString(), now()),
        ),
    ],
    ["another timestamp than the signed one", (h) => (h["x-slack-request-timestamp"] = String(now() - 1))],
    [
      "a timestamp 6 minutes old (a late replay)",
      (h, e) => Object.assign(h, sign(Buffer.from(e.body!, "base64").toString(), now() - 6 * 60)),
    ],
    [
      "a timestamp 6 minutes ahead",
      (h, e) => Object.assign(h, sign(Buffer.from(e.body!, "base64").toString(), now() + 6 * 60)),
    ],
    ["a timestamp that is not a number", (h) => (h["x-slack-request-timestamp"] = `${now()}.5`)],
    ["a negative timestamp", (h) => (h["x-slack-request-timestamp"] = "-1")],
    ["a timestamp of 10^20", (h) => (h["x-slack-request-timestamp"] = "100000000000000000000")],
    [
      "a body changed after signing",
      (_h, e) => {
        e.body = Buffer.from(
          Buffer.from(e.body!, "base64").toString().replace("U0ADMIN001", "U0ADMIN002"),
        ).toString("base64");
      },
    ],
    [
      "a byte appended to the body",
      (_h, e) => {
        e.body = Buffer.from(`${Buffer.from(e.body!, "base64").toString()}&x=1`).toString("base64");
      },
    ],
  ];

  it.each(cases)("refuses an admin's Pause with %s: 401, nothing done", async (_name, tamper) => {
    bot = await startHostileBot(watch);
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const body = actionBody({
      actionId: ACTION_IDS.pause,
      value: encodeActionValue({ id: hook.Id }),
      userId: ADMIN,
      responseUrl: bot.stub.newResponseUrl(),
    });

    const answer = await bot.send(tampered(bot, body, tamper));

    expect(answer.status).toBe(401);
    expect(answer.raw).toBe("");
    expectUntouched(bot);
  });

  it("refuses a command and an event signed with another secret the same way", async () => {
    bot = await startHostileBot(watch);
    const command = commandBody({ text: "failing", userId: USER, responseUrl: bot.stub.newResponseUrl() });
    const event = homeOpenedBody({ userId: USER, eventId: "EvForged01" });

    const answers = [
      await bot.send(bot.event({ body: command, contentType: FORM, secret: "wrong" })),
      await bot.send(bot.event({ body: event, contentType: "application/json", secret: "wrong" })),
      await bot.send(bot.event({ body: "", contentType: FORM, secret: "wrong" })),
    ];

    expect(answers.map((a) => a.status)).toEqual([401, 401, 401]);
    expectUntouched(bot);
  });

  it("answers a signed body it cannot parse plainly, without a crash", async () => {
    bot = await startHostileBot(watch);

    const answers = [
      await bot.send(bot.event({ body: "payload=%7Bnot-json", contentType: FORM })),
      await bot.send(bot.event({ body: "{not json", contentType: "application/json" })),
      await bot.send(
        bot.event({ body: JSON.stringify({ type: "event_callback" }), contentType: "application/json" }),
      ),
      await bot.send(bot.event({ body: "", contentType: FORM })),
    ];

    // 400 from the handler's own guard (a body Bolt cannot parse), 404 from Bolt (no listener for it).
    expect(answers.map((a) => a.status)).toEqual([400, 400, 404, 404]);
    expect(bot.emu.requests.filter((r) => r.path.startsWith("/api/sys/"))).toHaveLength(0);
  });
});

describe("replayed requests (same body, signature and timestamp, within the five minutes)", () => {
  it("a replayed search gets the same answer and changes nothing", async () => {
    bot = await startHostileBot(watch);
    const { event } = bot.commandEvent("failing");

    const first = await bot.send(event);
    const replay = await bot.send(structuredClone(event));

    expect(replay.status).toBe(200);
    expect(replay.body.text).toBe(first.body.text);
    expect(writes(bot)).toHaveLength(0);
  });

  it("a replayed Pause leaves the same webhook paused: no other webhook, no other change", async () => {
    bot = await startHostileBot(watch);
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const before = bot.emu.account.webhooks.map((h) => ({ ...h }));
    const responseUrl = bot.stub.newResponseUrl();
    const event = bot.event({
      body: actionBody({
        actionId: ACTION_IDS.pause,
        value: encodeActionValue({ id: hook.Id }),
        userId: ADMIN,
        responseUrl,
      }),
      contentType: FORM,
    });

    await bot.send(event);
    await bot.send(structuredClone(event));
    await bot.send(structuredClone(event));
    await bot.settle();

    expect(isActive(bot, hook.Id)).toBe(false);
    const changed = bot.emu.account.webhooks.filter((h) => {
      const was = before.find((b) => b.Id === h.Id)!;
      return was.Active !== h.Active;
    });
    expect(changed.map((h) => h.Id)).toEqual([hook.Id]);
    // Each replay repeats the same idempotent write (Active: false) on the same id, nothing more.
    expect(writes(bot).length).toBeLessThanOrEqual(3);
    // Slack accepts five posts per response_url; a replay cannot post anywhere else.
    expect(bot.stub.responses.every((r) => r.path === new URL(responseUrl).pathname)).toBe(true);
  });

  it("a replayed App Home event is served once", async () => {
    bot = await startHostileBot(watch);
    const event = bot.event({
      body: homeOpenedBody({ userId: USER, eventId: "EvReplay01" }),
      contentType: "application/json",
    });

    await bot.send(event);
    await bot.send(structuredClone(event));

    expect(bot.stub.calls.filter((c) => c.method === "views.publish")).toHaveLength(1);
  });
});

describe("the acting user is read from the one field Slack defines for the payload", () => {
  it("an event naming an allowed user_id at the top and a stranger in event.user serves the stranger as a stranger", async () => {
    // Prepare: a signed app_home_opened for STRANGER that also carries the allowed USER where a command
    // or an action would carry its user (user_id, user.id).
    bot = await startHostileBot(watch);
    const body = JSON.parse(homeOpenedBody({ userId: STRANGER, eventId: "EvShape01" }));
    Object.assign(body, { user_id: USER, user: { id: USER } });

    // Act
    const answer = await bot.send(bot.event({ body: JSON.stringify(body), contentType: "application/json" }));

    // Assess: the stranger's tab says "not allowed"; no Nexudus request; nothing published for USER.
    expect(answer.status).toBe(200);
    const publishes = bot.stub.calls.filter((c) => c.method === "views.publish");
    expect(publishes.map((c) => c.args.user_id)).toEqual([STRANGER]);
    expect(JSON.stringify(publishes[0]!.args.view)).toContain("not allowed");
    expect(bot.emu.requests).toHaveLength(0);
  });
});

describe("forged actions: users without the right", () => {
  const EVERY_ACTION: Array<[string, string]> = [
    [ACTION_IDS.pageNext, encodeActionValue({ q: "all", p: 2 })],
    [ACTION_IDS.pagePrev, encodeActionValue({ q: "all", p: 1 })],
    [ACTION_IDS.details, encodeActionValue({ id: 1415230017 })],
    [ACTION_IDS.share, encodeActionValue({ q: "failing" })],
    [ACTION_IDS.runSearch, encodeActionValue({ q: "disabled" })],
    [ACTION_IDS.digestShowFailing, encodeActionValue({ q: "failing" })],
    [ACTION_IDS.pause, encodeActionValue({ id: 1415230017 })],
    [ACTION_IDS.resume, encodeActionValue({ id: 1415230017 })],
  ];

  it("refuses every button to a user who is not allowed, before any Nexudus request", async () => {
    bot = await startHostileBot(watch, { allowed: [USER], admins: [ADMIN] });

    for (const [actionId, value] of EVERY_ACTION) {
      const { answer, posts } = await bot.click(actionId, value, { userId: STRANGER });

      expect(answer.status, actionId).toBe(200);
      expect(posts, actionId).toHaveLength(1);
      expect(posts[0], actionId).toMatchObject({ response_type: "ephemeral", replace_original: false });
      expect(textOf(posts[0]), actionId).toMatch(/not allowed/);
    }
    expect(bot.emu.requests).toHaveLength(0);
    expect(bot.jobs).toHaveLength(0);
  });

  it("refuses Pause and Resume to an allowed user who is not an admin, and to everyone when no admin is set", async () => {
    bot = await startHostileBot(watch, { allowed: [USER], admins: [] });
    const active = bot.emu.account.webhooks.find((h) => h.Active)!;
    const paused = bot.emu.account.webhooks.find((h) => !h.Active)!;

    for (const userId of [USER, ADMIN]) {
      const pause = await bot.click(ACTION_IDS.pause, encodeActionValue({ id: active.Id }), { userId });
      const resume = await bot.click(ACTION_IDS.resume, encodeActionValue({ id: paused.Id }), { userId });
      for (const { posts } of [pause, resume]) {
        expect(textOf(posts[0])).toMatch(/Only webhook admins|not allowed/);
      }
    }
    expect(writes(bot)).toHaveLength(0);
    expect(isActive(bot, active.Id)).toBe(true);
    expect(isActive(bot, paused.Id)).toBe(false);
  });

  it("refuses a payload that hides a Pause behind a harmless first action", async () => {
    bot = await startHostileBot(watch);
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const payload = JSON.parse(
      new URLSearchParams(
        actionBody({
          actionId: ACTION_IDS.pageNext,
          value: encodeActionValue({ q: "all", p: 2 }),
          userId: USER,
          responseUrl: bot.stub.newResponseUrl(),
        }),
      ).get("payload")!,
    );
    payload.actions.push({
      ...payload.actions[0],
      action_id: ACTION_IDS.pause,
      value: encodeActionValue({ id: hook.Id }),
    });
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

    const answer = await bot.send(bot.event({ body, contentType: FORM }));
    await bot.settle();

    expect(answer.status).toBe(200);
    expect(textOf(bot.stub.responses[0]!.body)).toContain("Only webhook admins");
    expect(bot.emu.requests).toHaveLength(0);
  });

  it("the worker re-checks rights: a forged Pause job from a non-admin changes nothing", async () => {
    bot = await startHostileBot(watch);
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const responseUrl = bot.stub.newResponseUrl();

    await bot.worker(clickJob(ACTION_IDS.pause, encodeActionValue({ id: hook.Id }), USER, responseUrl));
    await bot.worker(commandJob("failing", STRANGER, responseUrl));

    expect(writes(bot)).toHaveLength(0);
    expect(bot.emu.requests).toHaveLength(0);
    expect(bot.stub.responses.map((r) => textOf(r.body))).toEqual([
      expect.stringContaining("Only webhook admins"),
      expect.stringContaining("not allowed"),
    ]);
  });

  it("answers unknown actions, shortcuts and view submissions without doing anything", async () => {
    bot = await startHostileBot(watch);
    const unknown = actionBody({
      actionId: "webhooks_delete_all",
      value: "{}",
      userId: ADMIN,
      responseUrl: bot.stub.newResponseUrl(),
    });
    const others = [
      { type: "shortcut", callback_id: "x", user: { id: ADMIN }, team: { id: "T1" }, trigger_id: "1" },
      { type: "message_action", callback_id: "x", user: { id: ADMIN }, team: { id: "T1" }, trigger_id: "1" },
      {
        type: "view_submission",
        user: { id: ADMIN },
        team: { id: "T1" },
        view: { id: "V1", callback_id: "x", state: { values: {} } },
      },
    ];

    const answers = [await bot.send(bot.event({ body: unknown, contentType: FORM }))];
    for (const payload of others) {
      answers.push(
        await bot.send(
          bot.event({
            body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
            contentType: FORM,
          }),
        ),
      );
    }

    // An unknown button is answered "no longer works" to the clicker; the rest are acknowledged and dropped.
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(bot.emu.requests).toHaveLength(0);
    expect(bot.stub.responses).toHaveLength(1);
    expect(textOf(bot.stub.responses[0]!.body)).toContain("This button no longer works");
    expect(bot.jobs).toHaveLength(0);
  });
});

describe("forged button values", () => {
  it("another query in a paging button runs with the clicker's own rights, read-only", async () => {
    bot = await startHostileBot(watch);

    const { posts } = await bot.click(
      ACTION_IDS.pageNext,
      encodeActionValue({ q: "disabled size:25", p: 1 }),
    );

    expect(textOf(posts[0])).toContain("Disabled webhooks");
    // Built for a user who is not an admin: no Pause or Resume buttons.
    expect(JSON.stringify(posts[0])).not.toMatch(/webhooks_(pause|resume)/);
    expect(writes(bot)).toHaveLength(0);
  });

  it("a search button cannot pause: `pause ID` as its query only asks for confirmation, and only from an admin", async () => {
    bot = await startHostileBot(watch);
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const q = encodeActionValue({ q: `pause ${hook.Id}` });

    const fromUser = await bot.click(ACTION_IDS.runSearch, q);
    const fromAdmin = await bot.click(ACTION_IDS.runSearch, q, { userId: ADMIN });
    const shared = await bot.click(ACTION_IDS.share, q, { userId: ADMIN });

    expect(textOf(fromUser.posts[0])).toContain("Only webhook admins");
    expect(JSON.stringify(fromAdmin.posts[0])).toContain('"confirm"');
    expect(textOf(shared.posts[0])).toContain("no longer works");
    expect(writes(bot)).toHaveLength(0);
    expect(isActive(bot, hook.Id)).toBe(true);
  });

  it("an admin's Pause on an id that does not exist says so; malformed ids never reach Nexudus", async () => {
    bot = await startHostileBot(watch);

    const missing = await bot.click(ACTION_IDS.pause, encodeActionValue({ id: 999_999_999 }), {
      userId: ADMIN,
    });
    const requestsAfterMissing = bot.emu.requests.length;
    const malformed = [
      '{"id":0}',
      '{"id":-5}',
      '{"id":1.5}',
      '{"id":"12"}',
      '{"id":1e300}',
      "12",
      "",
      "x".repeat(2001),
    ];
    const answers = [];
    for (const value of malformed) answers.push(await bot.click(ACTION_IDS.pause, value, { userId: ADMIN }));

    expect(textOf(afterInterim(missing.posts)[0])).toContain("No webhook has the id 999999999");
    for (const { posts } of answers) expect(textOf(posts[0])).toContain("no longer works");
    expect(bot.emu.requests.length).toBe(requestsAfterMissing);
    expect(writes(bot)).toHaveLength(0);
  });

  it("any value on any button: 200, a valid ephemeral answer, never a write for a user who is not an admin", async () => {
    bot = await startHostileBot(watch, { clientLimiter: false });
    const ids = Object.values(ACTION_IDS);
    const value = fc.oneof(
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.json({ maxDepth: 3 }),
      fc
        .record(
          {
            q: fc.oneof(
              fc.string({ maxLength: 100 }),
              fc.constantFrom("failing", "pause 1415230017", "<!channel>", "all page:1000"),
            ),
            p: fc.oneof(fc.integer(), fc.double(), fc.constant(1e15)),
            id: fc.oneof(fc.integer(), fc.constant(1415230017), fc.string()),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
    );

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ids), value, async (actionId, raw) => {
        const { answer, posts } = await bot!.click(actionId, raw, { userId: USER });

        expect(answer.status).toBe(200);
        for (const post of posts) {
          expect(post.response_type).toMatch(/ephemeral|in_channel/);
          expect(validateMessage(post)).toEqual([]);
          expect(strayControlSequences(post, [USER])).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );

    expect(writes(bot)).toHaveLength(0);
  });
});
