import { validateMessage } from "@nwh/core/blocks";
import { SLACK_LIMITS } from "@nwh/core/slack";
import { generateAccount } from "@nwh/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forwardRequest, type LoopbackServer, passAnswer, serveOnLoopback } from "../support/loopback-proxy";
import { ADMIN, type HostileBot, startHostileBot, USER } from "./support/hostile-bot";
import { watchForLeaks } from "./support/leak-watch";

/*
 * A Nexudus that ignores `size` (issue 13, item 2). Its documentation gives a maximum but public scripts pass
 * sizes up to 100,000, so a server that answers with every record is plausible. Rendering all of them made a
 * 64-block answer from 60 records and an 825 KB one from 2,000, both refused by Slack. Whatever the size of
 * the page Nexudus returns, the answer lists the page size asked for and is a valid Slack message.
 */

const watch = watchForLeaks();
let bot: HostileBot;
let proxy: LoopbackServer;
/** How many records the hostile Nexudus puts in every page of a search, whatever `size` said. */
let forcedSize = 60;
let upstream = "";
/** The ids of the records the hostile Nexudus answered with, in order, per request. */
const answered: number[][] = [];

/**
 * Reads as many records as `forcedSize` from the real emulator (through the bot's recording proxy, 1,000 a
 * page, which is the emulator's limit) and answers with all of them in one page.
 */
async function oversizedPage(path: string, authorization: string | undefined): Promise<string> {
  const url = new URL(path, upstream);
  // Page 1 only: what a later page of a size-ignoring server holds is anyone's guess.
  const page = 1;
  const records: Array<{ Id: number }> = [];
  let first: Record<string, unknown> | undefined;
  for (let part = 1; records.length < forcedSize; part++) {
    url.searchParams.set("size", "1000");
    url.searchParams.set("page", String(part));
    const answer = await fetch(url, { headers: authorization ? { authorization } : {} });
    const envelope = (await answer.json()) as Record<string, unknown> & { Records: Array<{ Id: number }> };
    first ??= envelope;
    records.push(...envelope.Records);
    if (envelope.Records.length < 1000) break;
  }
  const kept = records.slice(0, forcedSize);
  answered.push(kept.map((r) => r.Id));
  const total = Number(first?.TotalItems ?? kept.length);
  return JSON.stringify({
    ...first,
    Records: kept,
    CurrentPage: page,
    CurrentPageSize: forcedSize,
    TotalPages: Math.max(1, Math.ceil(total / forcedSize)),
  });
}

beforeAll(async () => {
  proxy = await serveOnLoopback((req, res) => {
    const path = req.url ?? "/";
    if (req.method === "GET" && /\/sys\/webhooks\/?(\?|$)/.test(path)) {
      oversizedPage(path, req.headers.authorization).then(
        (body) => {
          res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
          res.end(body);
        },
        () => res.destroy(),
      );
      return;
    }
    forwardRequest(req, res, new URL(upstream), (answer) => passAnswer(answer, res));
  });
  bot = await startHostileBot(watch, {
    allowed: [USER],
    admins: [ADMIN],
    clientLimiter: false,
    account: generateAccount({ webhooks: 2_100, locations: 5, failingRatio: 0.5, seed: 13, now: Date.now() }),
    env: { NEXUDUS_BASE_URL: `http://127.0.0.1:${proxy.port}/api` },
  });
  upstream = bot.proxy.url.replace(/\/api$/, "/");
});
afterAll(async () => {
  await bot?.close();
  await proxy?.close();
});

/** The ids of the webhooks listed in a message (their Details buttons). */
function listedIds(message: { blocks: Array<{ accessory?: { value?: string } }> }): number[] {
  return message.blocks
    .map((b) => (b.accessory?.value ? JSON.parse(b.accessory.value).id : undefined))
    .filter((id): id is number => typeof id === "number");
}

describe("a Nexudus that ignores the page size", () => {
  it.each([60, 2_000])("lists 10 of the %i records it answers a size-10 search with", async (n) => {
    forcedSize = n;
    answered.length = 0;

    const { answer, final } = await bot.command("all", ADMIN);

    expect(answer.status).toBe(200);
    expect(answered.at(-1)).toHaveLength(n);
    expect(validateMessage(final)).toEqual([]);
    expect(final.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    expect(JSON.stringify(final).length).toBeLessThan(40_000);
    expect(listedIds(final)).toEqual(answered.at(-1)!.slice(0, 10));
    expect(JSON.stringify(final.blocks)).toContain("showing 1–10");
  });

  it("lists 25 of them when 25 are asked for", async () => {
    forcedSize = 2_000;
    answered.length = 0;

    const { final } = await bot.command("failing size:25", USER);

    expect(validateMessage(final)).toEqual([]);
    // The first 25 Nexudus sent, in the bot's own order (errors highest first, then the oldest success).
    expect([...listedIds(final)].sort()).toEqual([...answered.at(-1)!.slice(0, 25)].sort());
  });

  it("still shows at most 5 of the worst in the overview", async () => {
    forcedSize = 2_000;

    const { final } = await bot.command("", USER);

    expect(validateMessage(final)).toEqual([]);
    expect(listedIds(final)).toHaveLength(5);
  });
});
