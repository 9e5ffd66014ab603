import { ACTION_IDS, encodeActionValue } from "@nwh/core/blocks";
import { parseConfig } from "@nwh/core/config";
import { locationsKeyOf, tokenKeyOf } from "@nwh/core/store";
import { type LocalTable, startLocalTable } from "@nwh/dynamo-local";
import { type Emulator, startEmulator } from "@nwh/emulator";
import { type SlackStub, startSlackStub } from "@nwh/slack-stub";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../src";
import { sharedRateBudgetFor } from "../src/lib/nexudus-client";
import { actionBody, commandBody, SIGNING_SECRET, signedEvent } from "./support/api-gateway";
import {
  ADMIN,
  BOT_TOKEN,
  buildHandlers,
  type Handlers,
  LAMBDA_CONTEXT,
  tableValues,
  USER,
} from "./support/bot";
import { afterInterim, textOf } from "./support/slack-checks";

/*
 * Several Lambda environments (each its own handlers, clients and caches, as separate cold starts have)
 * on one Nexudus, one Slack and one table (dynalite over HTTP, through the real adapter).
 */

const CHANNEL = "C0DIGEST01";

let emu: Emulator | undefined;
let stub: SlackStub | undefined;
let table: LocalTable | undefined;
afterEach(async () => {
  await Promise.all([emu?.close(), stub?.close(), table?.close()]);
  emu = stub = table = undefined;
});

/** A clock that moves only when told to. */
function manualClock(start = Date.now()) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

async function world(options: { now?: () => number } = {}) {
  emu = await startEmulator({ rateLimit: false, ...(options.now ? { now: options.now } : {}) });
  stub = await startSlackStub({ token: BOT_TOKEN });
  table = await startLocalTable();
  return {
    emu,
    stub,
    values: {
      ...tableValues(table),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: stub.apiUrl,
      NEXUDUS_BASE_URL: emu.url,
      NEXUDUS_USERNAME: emu.credentials.username,
      NEXUDUS_PASSWORD: emu.credentials.password,
      SLACK_ALLOWED_USER_IDS: USER,
      SLACK_ADMIN_USER_IDS: ADMIN,
      DIGEST_CHANNEL: CHANNEL,
    },
  };
}

const tokenRequests = (e: Emulator) => e.requests.filter((r) => r.path === "/api/token");

describe("one table shared by every Lambda environment", () => {
  it("shares one Nexudus token: a second environment reuses it, and once it expires one refresh serves both", async () => {
    // Prepare: two environments on a clock the test moves (the emulator's tokens expire on it too).
    const clock = manualClock();
    const w = await world({ now: clock.now });
    const logger = createLogger({ logLevel: "SILENT" });
    const tuning = { answerBudgetMs: 2000, workerBudgetMs: 20_000, nexudusLimiter: false };
    const [a, b] = [1, 2].map(() => buildHandlers(w.values, { tuning, logger, clock }));
    const search = (env: Handlers) => env.deps.nexudus.searchWebhooks({ page: "1", size: "1" });

    // Act: A logs in; B searches; the token expires; both search at once.
    await search(a!);
    await search(b!);
    const afterBoth = tokenRequests(w.emu).length;
    // From now on a password login would be refused: a token request that succeeds is the refresh.
    w.emu.credentials.password = "changed-since";
    clock.advance(2 * 60 * 60_000);
    await Promise.all([search(a!), search(b!)]);

    // Assess
    expect(afterBoth).toBe(1);
    const tokens = tokenRequests(w.emu);
    expect(tokens).toHaveLength(2);
    expect(tokens.map((t) => t.status)).toEqual([200, 200]);
  });

  it("shares the locations: a fresh environment's first /webhooks failing asks Nexudus for the search only", async () => {
    // Prepare: environment A answers a search (reading the locations); B is a cold start after it.
    const w = await world();
    const logger = createLogger({ logLevel: "SILENT" });
    const tuning = { answerBudgetMs: 2000, workerBudgetMs: 20_000, nexudusLimiter: false };
    const [a, b] = [1, 2].map(() => buildHandlers(w.values, { tuning, logger }));
    const failing = (env: Handlers) =>
      env.slack(
        signedEvent({
          body: commandBody({ text: "failing", userId: USER, responseUrl: w.stub.newResponseUrl() }),
          contentType: "application/x-www-form-urlencoded",
        }),
        LAMBDA_CONTEXT,
      ) as Promise<APIGatewayProxyStructuredResultV2>;
    const businesses = () => w.emu.requests.filter((r) => r.path.startsWith("/api/sys/businesses"));
    const first = await failing(a!);
    // A's token and locations are stored without the answer waiting for them.
    const [base, user] = [w.values.NEXUDUS_BASE_URL!, w.values.NEXUDUS_USERNAME!];
    for (const key of [locationsKeyOf(base, user), tokenKeyOf(base, user)])
      await expect.poll(() => a!.deps.store.values.get(key)).toBeDefined();
    const before = w.emu.requests.length;

    // Act
    const second = await failing(b!);

    // Assess: the same answer, location names included, with B's only Nexudus request the search.
    expect(businesses()).toHaveLength(1);
    expect(w.emu.requests.slice(before).map((r) => r.path)).toEqual(["/api/sys/webhooks"]);
    const shown = w.emu.account.businesses.map((b) => b.Name).filter((name) => first.body?.includes(name));
    expect(shown.length).toBeGreaterThan(0);
    for (const name of shown) expect(second.body).toContain(name);
  });

  it("keeps one rate budget for every environment: a burst from two is reserved in the table, far sends are not", async () => {
    // Prepare: two environments with the client's limiter on; a third handle on the same budget looks.
    const w = await world();
    const logger = createLogger({ logLevel: "SILENT" });
    const [a, b] = [1, 2].map(() => buildHandlers(w.values, { logger }));
    const config = parseConfig(w.values);
    const onlooker = sharedRateBudgetFor(config, a!.deps.store, { now: () => Date.now() });
    const search = (env: Handlers) => env.deps.nexudus.searchWebhooks({ page: "1", size: "1" });

    // Act: one search alone (far from the limit), then 12 at once in each environment.
    await search(a!);
    const alone = await onlooker.look(Date.now());
    await Promise.all([a!, b!].flatMap((env) => Array.from({ length: 12 }, () => search(env))));
    const burst = await onlooker.look(Date.now());

    // Assess: the lone search (and its token) never reached the table; then every request Nexudus saw is
    // in it: the burst's, and the two before, reported with the first reservation (and any slot given up
    // because it was reached late).
    expect(alone.others).toBe(0);
    expect(w.emu.requests.filter((r) => r.path.startsWith("/api/sys"))).toHaveLength(25);
    expect(burst.others).toBeGreaterThanOrEqual(w.emu.requests.length);
    expect(w.emu.requests.map((r) => r.status)).toEqual(Array(w.emu.requests.length).fill(200));
  });

  it("two digest runs started at the same moment in two environments post one digest", async () => {
    const w = await world();
    const logger = createLogger({ logLevel: "SILENT" });
    const [a, b] = [1, 2].map(() => buildHandlers(w.values, { logger }));

    const results = await Promise.all([a!.digest(), b!.digest()]);

    expect(results.map((r) => r.status).sort()).toEqual(["another-run", "posted"]);
    const parents = w.stub.calls.filter(
      (c) => c.method === "chat.postMessage" && c.status === 200 && !c.args.thread_ts,
    );
    expect(parents).toHaveLength(1);
  });

  it("four concurrent Pause clicks in four environments make one PUT and one audit line", async () => {
    // Prepare
    const w = await world();
    const logger = createLogger({ logLevel: "SILENT" });
    const envs = [1, 2, 3, 4].map(() => buildHandlers(w.values, { logger }));
    const hook = w.emu.account.webhooks.find((h) => h.Active)!;
    const value = encodeActionValue({ id: hook.Id });
    const urls = envs.map(() => w.stub.newResponseUrl());

    // Act: each environment takes one click and hands it to its worker; the four workers run at once.
    for (const [i, env] of envs.entries()) {
      const body = actionBody({ actionId: ACTION_IDS.pause, value, userId: ADMIN, responseUrl: urls[i]! });
      const answer = (await env.slack(
        signedEvent({ body, contentType: "application/x-www-form-urlencoded" }),
        LAMBDA_CONTEXT,
      )) as APIGatewayProxyStructuredResultV2;
      expect(answer.statusCode).toBe(200);
    }
    await Promise.all(envs.map((env) => env.worker(env.queued.shift())));

    // Assess
    expect(w.emu.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
    expect(hook.Active).toBe(false);
    const posts = urls.map((url) =>
      afterInterim(w.stub.responses.filter((r) => url.endsWith(r.path)).map((r) => r.body)),
    );
    expect(posts.flat().filter((p) => p.response_type === "in_channel")).toHaveLength(1);
    expect(posts.filter((p) => textOf(p[0]).includes("is already paused"))).toHaveLength(3);
  });
});
