import { type SlackStub, startSlackStub } from "@nwh/slack-stub";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Reply } from "../src/lib/answer-action";
import { logger } from "../src/lib/logger";
import {
  ARRIVAL_KEY,
  arrivalOf,
  byDeadline,
  CLICK_AFTER_WORK_MS,
  clickTimes,
  OutOfTimeError,
  requestArrival,
  SLACK_ANSWER_LIMIT_MS,
  SLACK_ANSWER_MARGIN_MS,
  withinDeadline,
} from "../src/lib/within-budget";
import { MIN_POST_MS, postReplies } from "../src/listeners/actions/answer-button";

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

const reply = (text: string, audit = false): Reply => ({
  message: { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] },
  responseType: audit ? "in_channel" : "ephemeral",
  replaceOriginal: !audit,
  ...(audit ? { audit: true as const } : {}),
});

describe("the request's arrival", () => {
  it("is API Gateway's requestContext.timeEpoch, else the handler's start; never in the future", () => {
    const clock = manualClock();
    const now = clock.now();

    expect(requestArrival({ requestContext: { timeEpoch: now - 1200 } }, clock.now)).toEqual({
      [ARRIVAL_KEY]: now - 1200,
    });
    expect(requestArrival({ requestContext: {} }, clock.now)[ARRIVAL_KEY]).toBe(now);
    expect(requestArrival({ requestContext: { timeEpoch: "soon" } }, clock.now)[ARRIVAL_KEY]).toBe(now);
    expect(requestArrival(undefined, clock.now)[ARRIVAL_KEY]).toBe(now);
    expect(requestArrival({ requestContext: { timeEpoch: now + 5000 } }, clock.now)[ARRIVAL_KEY]).toBe(now);
  });

  it("reaches a listener through Bolt's context; a missing or odd value falls back to the listener's start", () => {
    expect(arrivalOf({ [ARRIVAL_KEY]: 1000 }, 1500)).toBe(1000);
    expect(arrivalOf({}, 1500)).toBe(1500);
    expect(arrivalOf({ [ARRIVAL_KEY]: "1000" }, 1500)).toBe(1500);
    expect(arrivalOf({ [ARRIVAL_KEY]: 9000 }, 1500)).toBe(1500);
  });
});

describe("clickTimes: one deadline from the arrival", () => {
  it("ends everything 300 ms before Slack's 3 s and the Nexudus work 1 s before that", () => {
    const times = clickTimes({ arrivedAt: 10_000, answerBudgetMs: 2000 });

    expect(SLACK_ANSWER_LIMIT_MS - SLACK_ANSWER_MARGIN_MS).toBe(2700);
    expect(times.deadline).toBe(12_700);
    expect(times.workDeadline).toBe(12_700 - CLICK_AFTER_WORK_MS);
  });

  it("keeps a smaller answer budget, counted from the arrival too", () => {
    expect(clickTimes({ arrivedAt: 10_000, answerBudgetMs: 100 }).workDeadline).toBe(10_100);
  });

  it("after a cold start that used 2.2 s, leaves no time for Nexudus and 500 ms for the hand-off", () => {
    const clock = manualClock();
    const arrivedAt = clock.now();
    clock.advance(2200);

    const times = clickTimes({ arrivedAt, answerBudgetMs: 2000 });

    expect(times.workDeadline - clock.now()).toBeLessThanOrEqual(0);
    expect(times.deadline - clock.now()).toBe(500);
  });
});

describe("withinDeadline", () => {
  it("hands over work that ends after the deadline, unless it records a change already made", async () => {
    const clock = manualClock();
    const deadline = clock.now() + 100;
    const slowWork = async ({ signal }: { signal: AbortSignal }) => {
      clock.advance(150);
      // The deadline passed (on the clock) while Nexudus answered: the abort comes from the timer.
      if (!signal.aborted) await new Promise((resolve) => signal.addEventListener("abort", resolve));
      return { changed: signal.aborted };
    };

    const plain = await withinDeadline(deadline, slowWork, { now: clock.now });
    const kept = await withinDeadline(clock.now() + 100, slowWork, {
      now: clock.now,
      keep: (value) => value.changed,
    });

    expect(plain).toEqual({ late: true });
    expect(kept).toEqual({ late: false, value: { changed: true } });
  });
});

describe("byDeadline", () => {
  it("rejects with OutOfTimeError when the deadline passes first, and settles like the promise otherwise", async () => {
    const clock = manualClock();

    const never = byDeadline(clock.now(), new Promise(() => undefined), clock.now);
    const quick = byDeadline(clock.now() + 1000, Promise.resolve(7), clock.now);

    await expect(never).rejects.toBeInstanceOf(OutOfTimeError);
    await expect(quick).resolves.toBe(7);
  });
});

describe("postReplies: each post gets what is left before the deadline", () => {
  let stub: SlackStub;
  let level: ReturnType<typeof logger.getLevelName>;
  beforeEach(async () => {
    stub = await startSlackStub();
    level = logger.getLevelName();
    logger.setLogLevel("SILENT");
  });
  afterEach(async () => {
    logger.setLogLevel(level);
    await stub.close();
  });

  it("posts the answer and its audit line in order when there is time", async () => {
    const clock = manualClock();
    const url = stub.newResponseUrl();

    await postReplies(url, [reply("answer"), reply("audit", true)], clock.now() + 2000, { now: clock.now });

    expect(stub.responses.map((r) => r.body.text)).toEqual(["answer", "audit"]);
  });

  it("does not start a post with less than MIN_POST_MS left: the audit line after a slow first post is dropped", async () => {
    const clock = manualClock();
    const url = stub.newResponseUrl();
    const deadline = clock.now() + 1000;
    // Every post takes 950 ms on the clock.
    const slowFetch: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      clock.advance(950);
      return answer;
    };

    await postReplies(url, [reply("answer"), reply("audit", true)], deadline, {
      now: clock.now,
      fetch: slowFetch,
    });
    const late = stub.newResponseUrl();
    await postReplies(late, [reply("answer")], clock.now() + MIN_POST_MS - 1, { now: clock.now });

    expect(stub.responses.map((r) => r.body.text)).toEqual(["answer"]);
    expect(stub.responses.every((r) => r.path === new URL(url).pathname)).toBe(true);
  });
});
