import { ACTION_IDS, encodeActionValue } from "@nwh/core/blocks";
import { DIGEST_EVENT_TYPE } from "@nwh/core/digest";
import { afterEach, describe, expect, it } from "vitest";
import { homeOpenedBody } from "../support/api-gateway";
import { commandJob } from "../support/jobs";
import { ADMIN, DIGEST_CHANNEL, type HostileBot, startHostileBot, USER } from "./support/hostile-bot";
import { watchForLeaks } from "./support/leak-watch";
import { type LossyProxy, startLossyProxy } from "./support/lossy-proxy";

/*
 * Slack misbehaving: 429 and 5xx on chat.postMessage (the digest), answers lost after Slack did the work,
 * expired response_urls (commands, buttons, the worker) and a failing views.publish. Every case ends in a
 * correct result or a readable message (where one can still be delivered), never a crash, an unhandled
 * rejection or a second digest for one date.
 */

const watch = watchForLeaks();
let bot: HostileBot | undefined;
let lossy: LossyProxy | undefined;
afterEach(async () => {
  await bot?.close();
  await lossy?.close();
  bot = undefined;
  lossy = undefined;
});

/** Top-level digest messages (parents) posted for `date` in the digest channel. */
function parentsFor(b: HostileBot, date: string) {
  return (b.stub.channels.get(DIGEST_CHANNEL) ?? []).filter(
    (m) =>
      !m.thread_ts && m.metadata?.event_type === DIGEST_EVENT_TYPE && m.metadata.event_payload?.date === date,
  );
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("the digest under Slack faults", () => {
  it("runs twice on one day and posts one digest", async () => {
    bot = await startHostileBot(watch);

    const first = await bot.digest();
    const second = await bot.digest();

    expect(first.status).toBe("posted");
    expect(second).toMatchObject({ status: "already-posted", parentTs: first.parentTs });
    expect(parentsFor(bot, first.date)).toHaveLength(1);
  });

  it("two runs at the same time (a scheduler delivering twice) leave one digest", async () => {
    bot = await startHostileBot(watch);

    const [a, b] = await Promise.all([bot.digest(), bot.digest()]);

    // The date's lease in the table lets one run post; the other stops before posting anything.
    expect(parentsFor(bot, a.date)).toHaveLength(1);
    expect([a.status, b.status].sort()).toEqual(["another-run", "posted"]);
    expect(bot.stub.calls.filter((c) => c.method === "chat.delete")).toHaveLength(0);
    const threads = new Set(
      bot.stub.channels
        .get(DIGEST_CHANNEL)!
        .filter((m) => m.thread_ts)
        .map((m) => m.thread_ts),
    );
    expect([...threads]).toEqual([[a, b].find((r) => r.status === "posted")!.parentTs]);
  });

  it("waits out a 429 with Retry-After and a 5xx on chat.postMessage, and posts once", async () => {
    bot = await startHostileBot(watch);
    bot.stub.faults.next("chat.postMessage", [{ status: 429, retryAfter: 0 }, { status: 503 }]);

    const result = await bot.digest();

    expect(result.status).toBe("posted");
    expect(parentsFor(bot, result.date)).toHaveLength(1);
    const statuses = bot.stub.calls.filter((c) => c.method === "chat.postMessage").map((c) => c.status);
    expect(statuses.slice(0, 3)).toEqual([429, 503, 200]);
  });

  it("a run that hits Slack 5xx midway fails readably; the next run posts no second digest", async () => {
    bot = await startHostileBot(watch);
    const stub = bot.stub;
    // The parent goes through; every try of the first reply meets a 503.
    const stop = stub.onMessage((event) => {
      if ("method" in event && event.method === "chat.postMessage" && event.status === 200) {
        stop();
        stub.faults.next(
          "chat.postMessage",
          Array.from({ length: 4 }, () => ({ status: 503 })),
        );
      }
    });

    const error = await rejectionOf(bot.digest());
    const again = await bot.digest();

    expect((error as Error).name).toBe("DigestError");
    expect((error as Error).message).toMatch(
      /Slack refused part 1 of \d+ of the thread, so the rest is missing/,
    );
    expect(again.status).toBe("already-posted");
    expect(parentsFor(bot, again.date)).toHaveLength(1);
    // The warning went into the digest's thread, where readers of the digest see it.
    const warning = stub.channels
      .get(DIGEST_CHANNEL)!
      .find((m) => m.metadata?.event_type === "webhook_digest_warning");
    expect(warning?.thread_ts).toBe(parentsFor(bot, again.date)[0]!.ts);
  });

  it.each([
    ["a 500", 500],
    ["a reset connection", 0],
  ])("posts one digest when Slack stores the parent but the answer is lost to %s", async (_name, status) => {
    bot = await startHostileBot(watch, {
      slackApiUrl: async (stub) => {
        lossy = await startLossyProxy(stub.url);
        return lossy.apiUrl;
      },
    });
    lossy!.loseAnswers("chat.postMessage", 1, status);

    const first = await bot.digest();
    const again = await bot.digest();

    // The lost answer was looked for in the channel, found, and the thread went on under it.
    expect(first.status).toBe("posted");
    expect(again).toMatchObject({ status: "already-posted", parentTs: first.parentTs });
    expect(parentsFor(bot, first.date)).toHaveLength(1);
    const thread = bot.stub.channels.get(DIGEST_CHANNEL)!.filter((m) => m.thread_ts === first.parentTs);
    expect(thread).toHaveLength(first.messagesPosted - 1);
  });

  it("a Nexudus outage fails the run with one readable warning per day and reason, then recovers", async () => {
    bot = await startHostileBot(watch);
    bot.emu.faults.fraction(1, 503);

    const first = await rejectionOf(bot.digest());
    const second = await rejectionOf(bot.digest());
    bot.emu.faults.reset();
    const recovered = await bot.digest();

    for (const error of [first, second]) {
      expect((error as Error).name).toBe("DigestError");
      expect((error as Error).message).toBe("The webhook digest failed: Nexudus answered 503 4 times.");
    }
    const warnings = bot.stub.channels
      .get(DIGEST_CHANNEL)!
      .filter((m) => m.metadata?.event_type === "webhook_digest_warning");
    expect(warnings).toHaveLength(1);
    expect(recovered.status).toBe("posted");
    expect(parentsFor(bot, recovered.date)).toHaveLength(1);
  });
});

describe("expired and failing response_urls", () => {
  it("a button whose response_url expired is acknowledged with 200, nothing thrown", async () => {
    bot = await startHostileBot(watch);
    const responseUrl = bot.stub.newResponseUrl();
    bot.stub.expireResponseUrl(responseUrl);

    const { answer, posts } = await bot.click(ACTION_IDS.pageNext, encodeActionValue({ q: "all", p: 2 }), {
      responseUrl,
    });

    expect(answer.status).toBe(200);
    expect(bot.stub.responses.map((r) => r.status)).toEqual([404]);
    expect(posts).toHaveLength(1);
    expect(watch.lines().some((l) => l.includes("response_url"))).toBe(true);
  });

  it("a pause whose response_url expired still pauses once, and says nothing it cannot", async () => {
    bot = await startHostileBot(watch);
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const responseUrl = bot.stub.newResponseUrl();
    bot.stub.expireResponseUrl(responseUrl);

    const { answer } = await bot.click(ACTION_IDS.pause, encodeActionValue({ id: hook.Id }), {
      userId: ADMIN,
      responseUrl,
    });

    expect(answer.status).toBe(200);
    expect(bot.emu.account.webhooks.find((h) => h.Id === hook.Id)!.Active).toBe(false);
    expect(bot.emu.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
  });

  it("the worker meets an expired response_url: it logs, does not throw, does not retry the work", async () => {
    bot = await startHostileBot(watch, { answerBudgetMs: 100 });
    bot.emu.faults.setLatency(250);
    const { event, responseUrl } = bot.commandEvent("failing");

    const answer = await bot.send(event);
    bot.stub.expireResponseUrl(responseUrl);
    bot.emu.faults.setLatency(0);
    const before = bot.emu.requests.length;
    await bot.settle();

    expect(answer.body.text).toBe("Searching Nexudus…");
    expect(bot.jobs).toHaveLength(1);
    expect(bot.stub.responses.map((r) => r.status)).toEqual([404]);
    // The worker ran the search once; a 404 answer is not a reason to run it again. (The one login may be
    // the handler's or the worker's: on a busy machine the handler's 100 ms can end before it starts one.)
    const byWorker = bot.emu.requests.slice(before).filter((r) => r.path !== "/api/token");
    expect(byWorker.filter((r) => r.path === "/api/sys/webhooks")).toHaveLength(1);
    expect(byWorker.length).toBeLessThanOrEqual(2);
    expect(bot.emu.requests.filter((r) => r.path === "/api/token")).toHaveLength(1);
  });

  it("the worker meets a 5xx from the response_url once: logged, no throw", async () => {
    bot = await startHostileBot(watch);
    bot.stub.faults.next("response_url", [{ status: 503 }]);
    const responseUrl = bot.stub.newResponseUrl();

    await expect(bot.worker(commandJob("failing", USER, responseUrl))).resolves.toBeUndefined();

    expect(bot.stub.responses.map((r) => r.status)).toEqual([503]);
  });

  it("a failing views.publish on App Home is logged and answered 200", async () => {
    bot = await startHostileBot(watch);
    bot.stub.faults.next("views.publish", [{ status: 500 }, { status: 500 }]);

    const answer = await bot.send(
      bot.event({
        body: homeOpenedBody({ userId: USER, eventId: "EvFault01" }),
        contentType: "application/json",
      }),
    );

    expect(answer.status).toBe(200);
    expect(bot.stub.calls.filter((c) => c.method === "views.publish").map((c) => c.status)).toEqual([
      500, 500,
    ]);
  });
});
