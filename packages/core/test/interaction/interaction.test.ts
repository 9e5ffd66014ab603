import { parseInteraction } from "@nwh/core/interaction";
import { byDeadline, DeadlineError, deadlineAt, notAfter, TIMING } from "@nwh/core/time";
import { describe, expect, it } from "vitest";
import { answerTimes } from "../../src/interaction/answer-times";
import { manualClock } from "../service/support";
import { testClock } from "../support/test-clock";

describe("parseInteraction: what the worker accepts", () => {
  it("keeps valid interactions (known fields only) and drops anything malformed", () => {
    const job = {
      kind: "command",
      text: "failing",
      userId: "U0A1B2C3",
      arrivedAt: 1_800_000_000_000,
      replyTo: { kind: "response_url", url: "https://hooks.slack.com/x", ephemeral: true },
    };
    const home = { kind: "home", userId: "U0A1B2C3", arrivedAt: 1, replyTo: { kind: "home" } };

    expect(parseInteraction({ ...job, extra: "dropped" })).toEqual(job);
    expect(parseInteraction(home)).toEqual(home);
    expect(parseInteraction({ ...job, userId: "<!channel>" })).toBeUndefined();
    expect(parseInteraction({ ...job, replyTo: { ...job.replyTo, url: "ftp://x" } })).toBeUndefined();
    expect(parseInteraction({ ...job, kind: "click" })).toBeUndefined();
    expect(parseInteraction({ ...job, channelId: "not a channel" })).toBeUndefined();
    expect(parseInteraction({ kind: "action", actionId: "x", userId: "U0A1B2C3" })).toBeUndefined();
    expect(parseInteraction(null)).toBeUndefined();
    // The kind picks the schema: a name every object inherits is no kind.
    expect(parseInteraction({ ...job, kind: "toString" })).toBeUndefined();
    expect(parseInteraction({ ...job, kind: "__proto__" })).toBeUndefined();
    expect(parseInteraction("command")).toBeUndefined();
  });

  it("checks each kind with its own schema, whichever kind comes first", () => {
    const view = {
      kind: "view",
      callbackId: "subscription_form",
      values: { query: "failing", channels: ["C0A1B2C3"] },
      privateMetadata: "",
      userId: "U0A1B2C3",
      arrivedAt: 1,
      replyTo: { kind: "home" },
    };
    const click = { ...view, kind: "click", actionId: "webhooks_details", value: "1" };

    expect(parseInteraction(view)).toEqual(view);
    expect(parseInteraction({ ...view, values: { query: 3 } })).toBeUndefined();
    expect(parseInteraction(click)).toEqual({
      kind: "click",
      actionId: "webhooks_details",
      value: "1",
      userId: "U0A1B2C3",
      arrivedAt: 1,
      replyTo: { kind: "home" },
    });
    expect(parseInteraction({ ...click, replyTo: { kind: "response_url" } })).toBeUndefined();
  });

  it("reads a click value longer than Slack allows as no value (the button then no longer works)", () => {
    const click = {
      kind: "click",
      actionId: "webhooks_details",
      value: "x".repeat(2001),
      userId: "U0A1B2C3",
      arrivedAt: 1,
      replyTo: { kind: "home" },
    };

    expect(parseInteraction(click)).toMatchObject({ value: "" });
  });
});

describe("answerTimes: one deadline from the arrival", () => {
  const timing = { answerBudgetMs: 2000, workerBudgetMs: 20_000 };

  it("ends everything 300 ms before Slack's 3 s and the Nexudus work 1 s before that", () => {
    const times = answerTimes(10_000, timing);

    expect(TIMING.slackAnswerLimitMs - TIMING.slackAnswerMarginMs).toBe(2700);
    expect(times.replyBy).toBe(12_700);
    expect(times.workBy).toBe(12_700 - TIMING.replyReserveMs);
  });

  it("keeps a smaller answer budget, counted from the arrival too", () => {
    expect(answerTimes(10_000, { ...timing, answerBudgetMs: 100 }).workBy).toBe(10_100);
  });

  it("after a cold start that used 2.2 s, leaves no time for Nexudus and 500 ms for the hand-off", () => {
    const clock = manualClock(1_800_000_000_000);
    const arrivedAt = clock.now();
    clock.advance(2200);

    const times = answerTimes(arrivedAt, timing);

    expect(times.workBy - clock.now()).toBeLessThanOrEqual(0);
    expect(times.replyBy - clock.now()).toBe(500);
  });
});

describe("Deadline", () => {
  it("byDeadline rejects with DeadlineError once the signal aborts, and settles like the promise otherwise", async () => {
    const clock = manualClock(1_800_000_000_000);
    const passed = new AbortController();
    passed.abort();

    const never = byDeadline(deadlineAt(clock.now(), clock, passed.signal), new Promise(() => undefined));
    const quick = byDeadline(deadlineAt(clock.now() + 60_000, clock), Promise.resolve(7));

    await expect(never).rejects.toBeInstanceOf(DeadlineError);
    await expect(quick).resolves.toBe(7);
  });

  it("notAfter keeps the earlier of the two instants, and the earlier deadline's signal", () => {
    const clock = manualClock(1_800_000_000_000);
    const outer = new AbortController();
    const deadline = deadlineAt(clock.now() + 5000, clock, outer.signal);

    const sooner = notAfter(deadline, clock.now() + 1000, clock);
    const later = notAfter(deadline, clock.now() + 9000, clock);
    outer.abort();

    expect(sooner.at).toBe(clock.now() + 1000);
    expect(later).toBe(deadline);
    expect(sooner.signal.aborted).toBe(true);
  });

  it("takes its timer from the clock when the clock has one: it aborts when that clock reaches the deadline", async () => {
    const clock = testClock(1_800_000_000_000);
    const deadline = deadlineAt(clock.now() + 5000, clock);
    const work = notAfter(deadline, clock.now() + 1000, clock);
    const pending = byDeadline(work, new Promise(() => undefined));

    clock.advance(999);
    const beforeWork = work.signal.aborted;
    clock.advance(1);
    const atWork = [work.signal.aborted, deadline.signal.aborted];
    clock.advance(4000);

    expect(beforeWork).toBe(false);
    expect(atWork).toEqual([true, false]);
    expect(deadline.signal.aborted).toBe(true);
    await expect(pending).rejects.toBeInstanceOf(DeadlineError);
    expect(deadlineAt(clock.now() - 1, clock).signal.aborted).toBe(true);
  });
});
