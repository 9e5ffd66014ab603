import type { Reply, UserInteraction } from "@nwh/core/interaction";
import { deadlineAt } from "@nwh/core/time";
import { type SlackStub, startSlackStub } from "@nwh/slack-stub";
import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ARRIVAL_KEY, arrivalOf, requestArrival } from "../src/lib/arrival";
import { createLogger } from "../src/lib/logger";
import { createSlackOutbox } from "../src/outbox/slack-outbox";
import { BOT_TOKEN } from "./support/bot";

/** A clock that moves only when told to. */
function manualClock(start = 1_800_000_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

const reply = (text: string, to: Reply["to"] = "clicker"): Reply => ({
  to,
  message: { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] },
  replace: to === "clicker",
});

describe("the request's arrival", () => {
  it("is API Gateway's requestContext.timeEpoch, else the handler's start; never in the future", () => {
    const clock = manualClock();
    const now = clock.now();

    expect(requestArrival({ requestContext: { timeEpoch: now - 1200 } }, clock)).toEqual({
      [ARRIVAL_KEY]: now - 1200,
    });
    expect(requestArrival({ requestContext: {} }, clock)[ARRIVAL_KEY]).toBe(now);
    expect(requestArrival({ requestContext: { timeEpoch: "soon" } }, clock)[ARRIVAL_KEY]).toBe(now);
    expect(requestArrival(undefined, clock)[ARRIVAL_KEY]).toBe(now);
    expect(requestArrival({ requestContext: { timeEpoch: now + 5000 } }, clock)[ARRIVAL_KEY]).toBe(now);
  });

  it("reaches a listener through Bolt's context; a missing or odd value falls back to the listener's start", () => {
    expect(arrivalOf({ [ARRIVAL_KEY]: 1000 }, 1500)).toBe(1000);
    expect(arrivalOf({}, 1500)).toBe(1500);
    expect(arrivalOf({ [ARRIVAL_KEY]: "1000" }, 1500)).toBe(1500);
    expect(arrivalOf({ [ARRIVAL_KEY]: 9000 }, 1500)).toBe(1500);
  });
});

describe("the outbox: one send path, each send given what is left before the deadline", () => {
  let stub: SlackStub;
  beforeEach(async () => {
    stub = await startSlackStub({ token: BOT_TOKEN });
  });
  afterEach(async () => {
    await stub.close();
  });

  function outboxOn(clock: { now(): number }, fetch?: typeof globalThis.fetch) {
    return createSlackOutbox({
      web: new WebClient(BOT_TOKEN, { slackApiUrl: stub.apiUrl, retryConfig: { retries: 0 } }),
      slackApiUrl: stub.apiUrl,
      logger: createLogger({ logLevel: "SILENT" }),
      clock,
      ...(fetch ? { fetch } : {}),
    });
  }

  const clickOn = (url: string, ephemeral = true): UserInteraction => ({
    kind: "click",
    actionId: "webhooks_page_next",
    value: "{}",
    userId: "U0USER0001",
    arrivedAt: 0,
    replyTo: { kind: "response_url", url, ephemeral },
  });

  it("posts the answer and its audit line in order when there is time", async () => {
    const clock = manualClock();
    const url = stub.newResponseUrl();

    await outboxOn(clock).deliver(
      clickOn(url),
      [reply("answer"), reply("audit", "audit")],
      deadlineAt(clock.now() + 2000, clock),
    );

    expect(stub.responses.map((r) => r.body.text)).toEqual(["answer", "audit"]);
    expect(stub.responses.map((r) => [r.body.response_type, r.body.replace_original])).toEqual([
      ["ephemeral", true],
      ["in_channel", false],
    ]);
  });

  it("tells each reply whether it went out: sent, failed, or not started for lack of time", async () => {
    const clock = manualClock();
    const settled: string[] = [];
    const tracked = (text: string, to: Reply["to"] = "clicker"): Reply => ({
      ...reply(text, to),
      settle: async (delivered) => void settled.push(`${text}:${delivered}`),
    });
    const gone = new URL(stub.newResponseUrl());
    gone.pathname = `${gone.pathname}-expired`;

    await outboxOn(clock).deliver(
      clickOn(stub.newResponseUrl()),
      [tracked("answer"), tracked("audit", "audit")],
      deadlineAt(clock.now() + 2000, clock),
    );
    await outboxOn(clock).deliver(
      clickOn(gone.href),
      [tracked("lost", "audit")],
      deadlineAt(clock.now() + 2000, clock),
    );
    await outboxOn(clock).deliver(
      clickOn(stub.newResponseUrl()),
      [tracked("late", "audit")],
      deadlineAt(clock.now() + 99, clock),
    );

    expect(settled).toEqual(["answer:true", "audit:true", "lost:false", "late:false"]);
  });

  it("gives a reply's mark back only when it surely did not go out: one whose answer was lost may have landed", async () => {
    const clock = manualClock();
    const settled: string[] = [];
    const tracked = (text: string, to: Reply["to"], channel?: string): Reply => ({
      ...reply(text, to),
      ...(channel ? { channel } : {}),
      settle: async (delivered) => void settled.push(`${text}:${delivered}`),
    });
    // Slack takes the post, and its answer is lost on the way back.
    const lostAnswer: typeof fetch = async (input, init) => {
      await fetch(input, init);
      throw new Error("socket hang up");
    };
    stub.workspace.archivedChannels.add("C0ARCHIVED");

    await outboxOn(clock, lostAnswer).deliver(
      clickOn(stub.newResponseUrl()),
      [tracked("landed", "audit")],
      deadlineAt(clock.now() + 2000, clock),
    );
    await outboxOn(clock).deliver(
      clickOn(stub.newResponseUrl()),
      [tracked("refused", "audit", "C0ARCHIVED")],
      deadlineAt(clock.now() + 2000, clock),
    );

    expect(stub.responses.map((r) => r.body.text)).toEqual(["landed"]);
    expect(settled).toEqual(["landed:true", "refused:false"]);
  });

  it("replaces only an ephemeral original: a click on a message in the channel gets a new ephemeral answer", async () => {
    const clock = manualClock();
    const url = stub.newResponseUrl();

    await outboxOn(clock).deliver(
      clickOn(url, false),
      [reply("answer")],
      deadlineAt(clock.now() + 2000, clock),
    );

    expect(stub.responses.map((r) => r.body.replace_original)).toEqual([false]);
  });

  it("does not start a post with less than the minimum left: the audit line after a slow first post is dropped", async () => {
    const clock = manualClock();
    const url = stub.newResponseUrl();
    // Every post takes 950 ms on the clock.
    const slowFetch: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      clock.advance(950);
      return answer;
    };

    await outboxOn(clock, slowFetch).deliver(
      clickOn(url),
      [reply("answer"), reply("audit", "audit")],
      deadlineAt(clock.now() + 1000, clock),
    );
    const late = stub.newResponseUrl();
    await outboxOn(clock).deliver(clickOn(late), [reply("answer")], deadlineAt(clock.now() + 99, clock));

    expect(stub.responses.map((r) => r.body.text)).toEqual(["answer"]);
    expect(stub.responses.every((r) => r.path === new URL(url).pathname)).toBe(true);
  });

  it("refuses a response_url outside Slack before posting anything", async () => {
    const clock = manualClock();
    let fetched = 0;
    const counting: typeof fetch = async (input, init) => {
      fetched += 1;
      return fetch(input, init);
    };

    await outboxOn(clock, counting).deliver(
      clickOn("https://evil.example/hook"),
      [reply("answer")],
      deadlineAt(clock.now() + 2000, clock),
    );

    expect(fetched).toBe(0);
  });
});
