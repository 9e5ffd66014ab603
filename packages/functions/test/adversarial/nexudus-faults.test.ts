import { ACTION_IDS, encodeActionValue, validateMessage } from "@nwh/core/blocks";
import type { FaultKind } from "@nwh/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { afterInterim, textOf } from "../support/slack-checks";
import { ADMIN, type CommandOutcome, type HostileBot, startHostileBot } from "./support/hostile-bot";
import { watchForLeaks } from "./support/leak-watch";

/*
 * Nexudus misbehaving, through the real slack handler (and the worker when the answer is slow): every fault
 * ends in the correct answer or a readable message, never a crash, an unhandled rejection or a leak.
 */

const watch = watchForLeaks();
let bot: HostileBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const sysStatuses = (b: HostileBot) =>
  b.emu.requests.filter((r) => r.path.startsWith("/api/sys/")).map((r) => r.status);

function failingCount(b: HostileBot): number {
  return b.emu.account.webhooks.filter((h) => h.ErrorCount >= 1).length;
}

/** The answer is a 200, ephemeral, valid Slack message. */
function expectReadable(outcome: CommandOutcome): void {
  expect(outcome.answer.status).toBe(200);
  expect(outcome.answer.body.response_type).toBe("ephemeral");
  expect(outcome.final).toBeDefined();
  expect(validateMessage(outcome.final)).toEqual([]);
}

function expectFailingList(b: HostileBot, outcome: CommandOutcome): void {
  expectReadable(outcome);
  expect(outcome.final.text).toContain(`Failing webhooks: ${failingCount(b)} found`);
}

describe("Nexudus faults, through the slack handler", () => {
  it.each<[string, FaultKind[]]>([
    ["a 409 with Retry-After", [409]],
    ["a 429 with Retry-After", [429]],
    ["a run of 500, 502 and 503", [500, 502, 503]],
    ["two dropped connections", ["drop", "drop"]],
    ["a malformed JSON body", ["malformed"]],
  ])("recovers from %s and answers the search correctly", async (_name, faults) => {
    bot = await startHostileBot(watch);
    bot.emu.faults.sequence(faults);

    const outcome = await bot.command("failing");

    expectFailingList(bot, outcome);
    const statuses = sysStatuses(bot);
    expect(statuses.slice(0, faults.length)).toEqual(
      faults.map((f) => (typeof f === "number" ? f : f === "malformed" ? 200 : 0)),
    );
    expect(statuses.at(-1)).toBe(200);
  });

  it("waits as long as the 409's Retry-After says before trying again", async () => {
    bot = await startHostileBot(watch);
    bot.emu.faults.sequence([409]);

    await bot.command("failing");

    const sys = bot.emu.requests.filter((r) => r.path.startsWith("/api/sys/"));
    const throttled = sys.find((r) => r.status === 409)!;
    const retried = sys.find((r) => r.path === throttled.path && r.at > throttled.at)!;
    expect(retried.status).toBe(200);
    // The emulator's 409 says Retry-After: 1.
    expect(retried!.at - throttled!.at).toBeGreaterThanOrEqual(990);
  });

  it("hands a throttled search to the worker when Retry-After is longer than the answer budget", async () => {
    // Retry-After (1 s) does not fit in 300 ms: the worker, which has the time, waits it out.
    bot = await startHostileBot(watch, { answerBudgetMs: 300 });
    // Locations are cached after a first search, so the 409 meets the webhook search itself.
    await bot.command("failing");
    const before = sysStatuses(bot).length;
    bot.emu.faults.sequence([409]);

    const outcome = await bot.command("failing");

    expect(outcome.slow).toBe(true);
    expectFailingList(bot, outcome);
    expect(sysStatuses(bot).slice(before)).toEqual([409, 200]);
  });

  it.each<[string, FaultKind, RegExp]>([
    ["500", 500, /Nexudus answered 500 \d times; please try again/],
    ["502 with an HTML body", 502, /Nexudus answered 502 \d times; please try again/],
    ["503 with Retry-After", 503, /Nexudus answered 503 \d times; please try again/],
    ["429", 429, /Nexudus is rate-limiting the bot right now/],
    ["a dropped connection", "drop", /could not reach Nexudus/],
    ["malformed JSON", "malformed", /does not understand \(\(body\): not valid JSON/],
  ])("gives up on endless %s with a readable message", async (_name, fault, expected) => {
    bot = await startHostileBot(watch, { workerBudgetMs: 8000 });
    bot.emu.faults.fraction(1, fault);

    const outcome = await bot.command("failing");

    expectReadable(outcome);
    expect(textOf(outcome.final)).toMatch(expected);
    expect(textOf(outcome.final)).not.toMatch(/<html|Bad Gateway|Brok/);
  });

  it("answers through the worker when a request hangs, and correctly", async () => {
    bot = await startHostileBot(watch, { answerBudgetMs: 300 });
    bot.emu.faults.sequence(["timeout"]);

    const outcome = await bot.command("failing");

    expect(outcome.slow).toBe(true);
    expect(outcome.answer.body.text).toBe("Searching Nexudus…");
    expectFailingList(bot, outcome);
    expect(bot.stub.responses.filter((r) => r.path === new URL(outcome.responseUrl).pathname)).toHaveLength(
      1,
    );
  });

  it("tells the user in time when every request hangs", async () => {
    bot = await startHostileBot(watch, { answerBudgetMs: 200, workerBudgetMs: 500 });
    bot.emu.faults.fraction(1, "timeout");

    const outcome = await bot.command("failing");

    expectReadable(outcome);
    expect(textOf(outcome.final)).toContain("Nexudus did not answer in time");
  });

  it("tolerates new fields (schema drift it can live with) and names a mistyped field it cannot", async () => {
    bot = await startHostileBot(watch);
    const [first, second] = bot.emu.account.webhooks;
    Object.assign(first!, { Tags: [{ Id: 1, Name: "<!channel>" }], Retries: { Max: 3 } });

    const tolerated = await bot.command("all size:3");
    (second as unknown as Record<string, unknown>).ErrorCount = "3";
    const refused = await bot.command("all size:3");

    expectReadable(tolerated);
    expect(tolerated.final.text).toContain("All webhooks:");
    expectReadable(refused);
    // One record the bot cannot read is skipped and counted, not fatal for the page.
    expect(textOf(refused.final)).toContain("1 record Nexudus sent could not be read");
  });

  it("renews an access token that expires in the middle of a run, once, and answers correctly", async () => {
    bot = await startHostileBot(watch);
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    const emu = bot.emu;
    let sysSeen = 0;
    bot.proxy.onRequest((path) => {
      // `show ID` reads the webhook and the locations: the token dies between the two.
      if (path.startsWith("/api/sys/") && ++sysSeen === 2) emu.faults.expireTokens();
    });

    const first = await bot.command(`show ${hook.Id}`);
    emu.faults.expireTokens();
    const second = await bot.command("failing");

    expectReadable(first);
    expect(textOf(first.final)).toContain(hook.Description!);
    expectFailingList(bot, second);
    const tokenRequests = emu.requests.filter((r) => r.path === "/api/token");
    const unauthorized = emu.requests.filter((r) => r.status === 401);
    expect(unauthorized.length).toBeGreaterThanOrEqual(1);
    // One login, then one renewal per expiry at most.
    expect(tokenRequests.length).toBeLessThanOrEqual(1 + unauthorized.length);
    expect(emu.requests.filter((r) => r.path.startsWith("/api/sys/")).at(-1)!.status).toBe(200);
  });

  it("a pause that meets a 503 and a dropped connection still changes the webhook exactly once", async () => {
    bot = await startHostileBot(watch);
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    bot.emu.faults.sequence([503, "drop"]);

    const clicked = await bot.click(ACTION_IDS.pause, encodeActionValue({ id: hook.Id }), {
      userId: ADMIN,
    });
    const posts = afterInterim(clicked.posts);

    expect(bot.emu.account.webhooks.find((h) => h.Id === hook.Id)!.Active).toBe(false);
    expect(bot.emu.requests.filter((r) => r.method === "PUT" && r.status === 200)).toHaveLength(1);
    expect(posts.map((p) => p.response_type)).toEqual(["ephemeral", "in_channel"]);
    expect(String(posts[1].text)).toContain(`<@${ADMIN}> paused webhook`);
  });

  it("a pause whose write is refused says why and does not claim success", async () => {
    bot = await startHostileBot(watch);
    const hook = bot.emu.account.webhooks.find((h) => h.Active)!;
    bot.emu.faults.sequence(["write-refused"]);

    const clicked = await bot.click(ACTION_IDS.pause, encodeActionValue({ id: hook.Id }), {
      userId: ADMIN,
    });
    const posts = afterInterim(clicked.posts);

    expect(bot.emu.account.webhooks.find((h) => h.Id === hook.Id)!.Active).toBe(true);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(textOf(posts[0])).toContain("Nexudus refused the change");
  });
});
