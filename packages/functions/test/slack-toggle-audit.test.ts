import { ACTION_IDS, encodeActionValue } from "@nwh/core/blocks";
import { afterEach, describe, expect, it } from "vitest";
import { actionBody, signedEvent } from "./support/api-gateway";
import { ADMIN, type Bot, startBot } from "./support/bot";
import { forwardRequest, passAnswer, serveOnLoopback } from "./support/loopback-proxy";
import { expectAllSlackTrafficSafe, textOf } from "./support/slack-checks";

/*
 * A Pause whose write went out just before the click's time ran out: the PUT may land while its
 * confirmation (the client's read after the PUT) never comes back in time. The click then goes to the
 * worker, which finds the webhook changed. Whatever happened, exactly one audit line must be posted.
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
  close(): Promise<void>;
}

async function startHoldingProxy(): Promise<HoldingProxy> {
  let putLanded = false;
  const server = await serveOnLoopback((req, res) => {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const isRead = method === "GET" && /^\/api\/sys\/webhooks\/\d+$/.test(path);
    const hold =
      (proxy.mode === "put" && method === "PUT") || (proxy.mode === "reads-after-put" && putLanded && isRead);
    if (hold) {
      // Never forwarded: the client's deadline aborts it and closes the connection.
      proxy.held.push(`${method} ${path}`);
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
    close: () => server.close(),
  };
  return proxy;
}

let bot: Bot | undefined;
let proxy: HoldingProxy | undefined;
afterEach(async () => {
  if (bot) expectAllSlackTrafficSafe(bot.stub);
  await bot?.close();
  await proxy?.close();
  bot = undefined;
  proxy = undefined;
});

/**
 * A bot whose Nexudus sits behind the holding proxy. The client's limiter is off (no 100 ms spacing) and
 * the answer budget is short, so the click's time runs out a few hundred ms after it arrives.
 */
async function holdingBot(mode: HoldMode, env: Record<string, string> = {}): Promise<Bot> {
  proxy = await startHoldingProxy();
  const b = await startBot({
    answerBudgetMs: 400,
    env: { NEXUDUS_BASE_URL: proxy.apiUrl, NEXUDUS_CLIENT_LIMITER: "off", ...env },
  });
  proxy.target = b.emu.url;
  proxy.mode = mode;
  return b;
}

const puts = (b: Bot) => b.emu.requests.filter((r) => r.method === "PUT");

describe("a Pause whose time ran out once its write had gone out", () => {
  it("the PUT landed, its confirmation did not: the worker announces the change, one audit line in all", async () => {
    // Prepare
    bot = await holdingBot("reads-after-put");
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const value = encodeActionValue({ id: hook.Id, q: "all size:5", p: 1 });
    const responseUrl = bot.stub.newResponseUrl();
    const body = actionBody({ actionId: ACTION_IDS.pause, value, userId: ADMIN, responseUrl });

    // Act: the click, then (Nexudus answering again) the worker.
    const answer = await bot.send(signedEvent({ body, contentType: FORM }));
    const pausedBeforeWorker = !hook.Active;
    proxy!.mode = "pass";
    await bot.settle();

    // Assess: the write landed in the fast path; the job says so; one write, one audit line.
    expect(answer.status).toBe(200);
    expect(pausedBeforeWorker).toBe(true);
    expect(proxy!.held).toEqual([`GET /api/sys/webhooks/${hook.Id}`]);
    expect(bot.jobs).toEqual([
      expect.objectContaining({ kind: "action", actionId: ACTION_IDS.pause, writeStarted: true }),
    ]);
    expect(puts(bot)).toHaveLength(1);
    const posts = bot.stub.responses.filter((r) => responseUrl.endsWith(r.path)).map((r) => r.body);
    expect(posts.map((p) => p.response_type)).toEqual(["ephemeral", "in_channel"]);
    expect(textOf(posts[0]!)).toContain(`Paused “${hook.Name}” (#${hook.Id}).`);
    expect(String(posts[1]!.text)).toContain(`<@${ADMIN}> paused webhook`);
  });

  it("the same on the App Home tab: one audit line in DIGEST_CHANNEL", async () => {
    bot = await holdingBot("reads-after-put", { DIGEST_CHANNEL: CHANNEL });
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const value = encodeActionValue({ id: hook.Id });
    const body = actionBody({ actionId: ACTION_IDS.pause, value, userId: ADMIN, home: true });

    await bot.send(signedEvent({ body, contentType: FORM }));
    proxy!.mode = "pass";
    await bot.settle();

    expect(bot.jobs).toEqual([
      { kind: "home-action", actionId: ACTION_IDS.pause, value, userId: ADMIN, writeStarted: true },
    ]);
    expect(hook.Active).toBe(false);
    expect(puts(bot)).toHaveLength(1);
    const audits = bot.stub.calls.filter((c) => c.method === "chat.postMessage");
    expect(audits).toHaveLength(1);
    expect(audits[0]!.args.channel).toBe(CHANNEL);
    expect(String(audits[0]!.args.text)).toContain(`<@${ADMIN}> paused webhook`);
  });

  it("the PUT itself never arrived: the worker makes the change, one audit line in all", async () => {
    bot = await holdingBot("put");
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const responseUrl = bot.stub.newResponseUrl();
    const body = actionBody({
      actionId: ACTION_IDS.pause,
      value: encodeActionValue({ id: hook.Id }),
      userId: ADMIN,
      responseUrl,
    });

    await bot.send(signedEvent({ body, contentType: FORM }));
    const activeBeforeWorker = hook.Active;
    proxy!.mode = "pass";
    await bot.settle();

    expect(activeBeforeWorker).toBe(true);
    expect(proxy!.held).toEqual(["PUT /api/sys/webhooks"]);
    expect(bot.jobs).toEqual([expect.objectContaining({ kind: "action", writeStarted: true })]);
    expect(hook.Active).toBe(false);
    expect(puts(bot)).toHaveLength(1);
    const posts = bot.stub.responses.filter((r) => responseUrl.endsWith(r.path)).map((r) => r.body);
    expect(posts.filter((p) => p.response_type === "in_channel")).toHaveLength(1);
  });
});

describe("the job's writeStarted flag", () => {
  it("must be a boolean: a job carrying anything else is dropped", async () => {
    bot = await startBot();
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const job = {
      kind: "action",
      actionId: ACTION_IDS.pause,
      value: encodeActionValue({ id: hook.Id }),
      userId: ADMIN,
      responseUrl: bot.stub.newResponseUrl(),
      fromEphemeral: true,
      writeStarted: "yes",
    };

    await bot.worker(job as never);
    await bot.worker({ ...job, kind: "home-action", responseUrl: undefined } as never);

    expect(bot.emu.requests).toHaveLength(0);
    expect(bot.stub.responses).toHaveLength(0);
    expect(bot.stub.calls).toHaveLength(0);
  });
});
