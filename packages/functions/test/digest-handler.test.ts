import { afterEach, describe, expect, it } from "vitest";
import { type Bot, startBot } from "./support/bot";
import { expectAllSlackTrafficSafe } from "./support/slack-checks";

const CHANNEL = "C0DIGEST01";

let bot: Bot | undefined;
afterEach(async () => {
  if (bot) expectAllSlackTrafficSafe(bot.stub);
  await bot?.close();
  bot = undefined;
});

describe("the digest handler", () => {
  it("posts the digest with metadata, and a second run the same day posts nothing", async () => {
    bot = await startBot({ env: { DIGEST_CHANNEL: CHANNEL } });
    const handler = bot.digest;

    const first = await handler({});
    const posted = bot.stub.calls.filter((c) => c.method === "chat.postMessage").length;
    const second = await handler({});

    expect(first.status).toBe("posted");
    expect(first.counts.failing).toBeGreaterThan(0);
    const parent = bot.stub.channels.get(CHANNEL)![0]!;
    expect(parent.metadata?.event_type).toBe("webhook_digest");
    expect(second.status).toBe("already-posted");
    expect(bot.stub.calls.filter((c) => c.method === "chat.postMessage")).toHaveLength(posted);
  });

  it("waits out a 429 from chat.postMessage and still posts", async () => {
    bot = await startBot({ env: { DIGEST_CHANNEL: CHANNEL } });
    bot.stub.faults.next("chat.postMessage", [{ status: 429, retryAfter: 0 }]);
    const handler = bot.digest;

    const result = await handler({});

    expect(result.status).toBe("posted");
    expect(bot.stub.calls.filter((c) => c.method === "chat.postMessage").map((c) => c.status)[0]).toBe(429);
  });

  it("throws, naming the key, when DIGEST_CHANNEL is missing", async () => {
    bot = await startBot();
    const handler = bot.digest;

    await expect(handler({})).rejects.toThrow(/DIGEST_CHANNEL/);
    expect(bot.stub.calls).toHaveLength(0);
  });
});
