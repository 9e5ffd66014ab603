import { ACTION_IDS, encodeActionValue } from "@nwh/core/blocks";
import { afterEach, describe, expect, it } from "vitest";
import { type TestClock, testClock } from "../../core/test/support/test-clock";
import { DEFAULT_TUNING } from "../src";
import { actionBody, signedEvent } from "./support/api-gateway";
import { ADMIN, type Bot, startBot } from "./support/bot";
import { forwardRequest, passAnswer, serveOnLoopback } from "./support/loopback-proxy";
import { expectAllSlackTrafficSafe, textOf } from "./support/slack-checks";

/*
 * Changes to Nexudus are made by the worker only: a Pause click is answered "Pausing…" and handed over,
 * so no write can land after the click's 3 seconds, unconfirmed. Whatever the network does to the
 * worker's write, a change is announced exactly once: as made when it was read back, as asked for and
 * unconfirmed when Nexudus took it but could not be read back.
 */

const FORM = "application/x-www-form-urlencoded";
const CHANNEL = "C0AUDIT0001";

/** What the proxy holds (never forwards, until the client gives up): nothing, the PUT, or the reads after it. */
type HoldMode = "pass" | "put" | "reads-after-put";

/** A loopback proxy in front of the emulator that can hold Nexudus requests, as a network would. */
interface HoldingProxy {
  /** Point NEXUDUS_BASE_URL here. */
  apiUrl: string;
  /** The emulator's API URL (`emu.url`), set once the emulator runs. */
  target: string;
  mode: HoldMode;
  /** Requests held so far. */
  held: string[];
  /** Resolves once a request is held. */
  holding: Promise<void>;
  close(): Promise<void>;
}

async function startHoldingProxy(): Promise<HoldingProxy> {
  let putLanded = false;
  let heldOne = () => {};
  const server = await serveOnLoopback((req, res) => {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const isRead = method === "GET" && /^\/api\/sys\/webhooks\/\d+$/.test(path);
    const hold =
      (proxy.mode === "put" && method === "PUT") || (proxy.mode === "reads-after-put" && putLanded && isRead);
    if (hold) {
      // Never forwarded: the client's deadline aborts it and closes the connection.
      proxy.held.push(`${method} ${path}`);
      heldOne();
      return;
    }
    forwardRequest(req, res, new URL(proxy.target), (answer) => {
      if (method === "PUT" && (answer.statusCode ?? 500) < 300) putLanded = true;
      passAnswer(answer, res);
    });
  });
  const proxy: HoldingProxy = {
    apiUrl: `http://127.0.0.1:${server.port}/api`,
    target: "",
    mode: "pass",
    held: [],
    holding: new Promise<void>((resolve) => {
      heldOne = resolve;
    }),
    close: () => server.close(),
  };
  return proxy;
}

let bot: Bot | undefined;
let proxy: HoldingProxy | undefined;
let clock: TestClock;
afterEach(async () => {
  if (bot) expectAllSlackTrafficSafe(bot.stub);
  await bot?.close();
  await proxy?.close();
  bot = undefined;
  proxy = undefined;
});

/**
 * A bot whose Nexudus sits behind the holding proxy, on a clock that stands still: however long a busy
 * machine takes over the worker's reads, its budget runs out only when the test moves the clock (the
 * client's limiter is off, so nothing waits for the clock to move).
 */
async function holdingBot(mode: HoldMode, env: Record<string, string> = {}): Promise<Bot> {
  proxy = await startHoldingProxy();
  clock = testClock();
  const b = await startBot({
    clock,
    env: { NEXUDUS_BASE_URL: proxy.apiUrl, NEXUDUS_CLIENT_LIMITER: "off", ...env },
  });
  proxy.target = b.emu.url;
  proxy.mode = mode;
  return b;
}

/** A signed click that reached API Gateway now, on the bot's clock. */
const clickEvent = (body: string) => signedEvent({ body, contentType: FORM, arrivedAt: clock.now() });

const puts = (b: Bot) => b.emu.requests.filter((r) => r.method === "PUT");

describe("a Pause is written by the worker only", () => {
  it("even with Nexudus answering at once: no write before the worker; then one write and one audit line", async () => {
    // Prepare
    bot = await holdingBot("pass");
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const value = encodeActionValue({ id: hook.Id, q: "all size:5", p: 1 });
    const responseUrl = bot.stub.newResponseUrl();
    const body = actionBody({ actionId: ACTION_IDS.pause, value, userId: ADMIN, responseUrl });

    // Act: the click, then the worker.
    const answer = await bot.send(clickEvent(body));
    const writesBeforeWorker = puts(bot).length;
    await bot.settle();

    // Assess
    expect(answer.status).toBe(200);
    expect(writesBeforeWorker).toBe(0);
    expect(bot.jobs).toEqual([expect.objectContaining({ kind: "click", actionId: ACTION_IDS.pause })]);
    expect(puts(bot)).toHaveLength(1);
    const posts = bot.stub.responses.filter((r) => responseUrl.endsWith(r.path)).map((r) => r.body);
    expect(posts.map((p) => p.response_type)).toEqual(["ephemeral", "ephemeral", "in_channel"]);
    expect(posts.map((p) => p.replace_original)).toEqual([true, true, false]);
    expect(String(posts[0]!.text)).toContain(`Pausing webhook #${hook.Id}`);
    expect(textOf(posts[1]!)).toContain(`Paused “${hook.Name}” (#${hook.Id}).`);
    expect(String(posts[2]!.text)).toContain(`<@${ADMIN}> paused webhook`);
  });

  it("the same on the App Home tab: the tab says Pausing…, then the change; one audit line in DIGEST_CHANNEL", async () => {
    bot = await holdingBot("pass", { DIGEST_CHANNEL: CHANNEL });
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const value = encodeActionValue({ id: hook.Id });
    const body = actionBody({ actionId: ACTION_IDS.pause, value, userId: ADMIN, home: true });

    await bot.send(clickEvent(body));
    const tabBeforeWorker = JSON.stringify(bot.stub.homeViews.get(ADMIN));
    await bot.settle();

    expect(tabBeforeWorker).toContain(`Pausing webhook #${hook.Id}`);
    expect(bot.jobs).toEqual([expect.objectContaining({ kind: "click", replyTo: { kind: "home" } })]);
    expect(hook.Active).toBe(false);
    expect(puts(bot)).toHaveLength(1);
    expect(textOf(bot.stub.homeViews.get(ADMIN) as object)).toContain(
      `Webhook “${hook.Name}” (#${hook.Id}) paused.`,
    );
    const audits = bot.stub.calls.filter((c) => c.method === "chat.postMessage");
    expect(audits).toHaveLength(1);
    expect(audits[0]!.args.channel).toBe(CHANNEL);
    expect(String(audits[0]!.args.text)).toContain(`<@${ADMIN}> paused webhook`);
  });

  it("the worker's PUT never arrived: it says so and announces nothing; clicked again, one change and one audit line", async () => {
    // Prepare
    bot = await holdingBot("put");
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const responseUrl = bot.stub.newResponseUrl();
    const body = actionBody({
      actionId: ACTION_IDS.pause,
      value: encodeActionValue({ id: hook.Id }),
      userId: ADMIN,
      responseUrl,
    });

    // Act: the click whose write is held until the worker's time runs out, then the same click again.
    await bot.send(clickEvent(body));
    const worked = bot.settle();
    await Promise.race([proxy!.holding, worked]);
    clock.advance(DEFAULT_TUNING.workerBudgetMs);
    await worked;
    const activeAfterHeldWrite = hook.Active;
    proxy!.mode = "pass";
    await bot.send(clickEvent(body));
    await bot.settle();

    // Assess
    expect(activeAfterHeldWrite).toBe(true);
    expect(proxy!.held).toEqual(["PUT /api/sys/webhooks"]);
    expect(hook.Active).toBe(false);
    expect(puts(bot)).toHaveLength(1);
    const posts = bot.stub.responses.filter((r) => responseUrl.endsWith(r.path)).map((r) => r.body);
    expect(textOf(posts[1]!)).toContain("did not answer in time");
    expect(posts.filter((p) => p.response_type === "in_channel")).toHaveLength(1);
  });
});

describe("a Pause written but not read back", () => {
  it("says to the clicker and in one audit line that it was asked for and not confirmed; the job run again announces nothing", async () => {
    // Prepare: the PUT lands; the reads after it are held until the worker's time runs out.
    bot = await holdingBot("reads-after-put");
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const responseUrl = bot.stub.newResponseUrl();
    const body = actionBody({
      actionId: ACTION_IDS.pause,
      value: encodeActionValue({ id: hook.Id, q: "all size:5", p: 1 }),
      userId: ADMIN,
      responseUrl,
    });

    // Act: the click; then its job delivered a second time, with Nexudus answering again.
    await bot.send(clickEvent(body));
    const job = bot.jobs[0]!;
    const worked = bot.settle();
    await Promise.race([proxy!.holding, worked]);
    clock.advance(DEFAULT_TUNING.workerBudgetMs);
    await worked;
    proxy!.mode = "pass";
    await bot.worker(structuredClone(job));

    // Assess
    expect(proxy!.held).toEqual([`GET /api/sys/webhooks/${hook.Id}`]);
    expect(hook.Active).toBe(false);
    expect(puts(bot)).toHaveLength(1);
    const posts = bot.stub.responses.filter((r) => responseUrl.endsWith(r.path)).map((r) => r.body);
    const audits = posts.filter((p) => p.response_type === "in_channel");
    expect(audits).toHaveLength(1);
    expect(String(audits[0]!.text)).toContain(`<@${ADMIN}> asked to pause webhook`);
    expect(String(audits[0]!.text)).toContain("could not be confirmed");
    const answers = posts.filter((p) => p.response_type === "ephemeral").map((p) => textOf(p));
    expect(answers[1]).toContain("could not be read back to confirm it was made");
    expect(answers[1]).not.toContain("did not answer in time");
    expect(answers.at(-1)).toContain("is already paused");
  });
});
