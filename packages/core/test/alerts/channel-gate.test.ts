import { describe, expect, it } from "vitest";
import type { WatchState } from "../../src/alerts/alert-store";
import { channelGate } from "../../src/alerts/channel-gate";

const NOW = Date.UTC(2026, 10, 30, 8, 0, 0);
const DAY = 24 * 60 * 60_000;

/** An error as the WebClient throws it for Slack's `{ ok: false, error }` answer. */
const refusal = (error: string) =>
  Object.assign(new Error(`An API error occurred: ${error}`), {
    code: "slack_webapi_platform_error",
    data: { ok: false, error },
  });

describe("the channel gate", () => {
  it("a channel refused again a day later keeps its notice's state: still unsaid, its lost try still looked for", async () => {
    // Prepare: refused yesterday; its notice was sent and its answer lost.
    const state: WatchState = {
      failures: 0,
      folds: {},
      refused: {
        C0ARCHIVED: {
          error: "is_archived",
          since: NOW - DAY,
          retryAt: NOW,
          routing: "",
          said: false,
          noticeTriedAt: NOW - DAY + 1000,
        },
      },
    };
    const gate = channelGate({ state, now: NOW, retryMs: DAY });

    // Act: tried again, refused again.
    const error = await gate
      .call("C0ARCHIVED", "write", () => Promise.reject(refusal("is_archived")))
      .catch((e: unknown) => e);

    // Assess
    expect(gate.failsPoll(error)).toBe(false);
    expect(state.refused?.C0ARCHIVED).toEqual({
      error: "is_archived",
      since: NOW - DAY,
      retryAt: NOW + DAY,
      routing: "",
      said: false,
      noticeTriedAt: NOW - DAY + 1000,
    });
  });

  it("a channel refused anew (its routing changed) starts a new refusal, to be said with a new notice", async () => {
    const state: WatchState = {
      failures: 0,
      folds: {},
      refused: {
        C0ARCHIVED: {
          error: "is_archived",
          since: NOW - DAY,
          retryAt: NOW + DAY,
          routing: "old",
          said: false,
          noticeTriedAt: NOW - 1,
        },
      },
    };
    const gate = channelGate({ state, now: NOW, retryMs: DAY, routingOf: () => "new" });

    await gate.call("C0ARCHIVED", "write", () => Promise.reject(refusal("is_archived"))).catch(() => {});

    expect(state.refused?.C0ARCHIVED).toEqual({
      error: "is_archived",
      since: NOW,
      retryAt: NOW + DAY,
      routing: "new",
      said: false,
    });
  });
});

/*
 * The gate's release of a held channel by the bot's join: pure, on a watch state as the table holds it.
 */

const CHANNEL = "C0ALERTS01";
/** When Slack refused the channel (a whole second and a half). */
const REFUSED = 1_700_000_000_500;

function heldState(): WatchState {
  return {
    failures: 0,
    folds: {},
    refused: {
      [CHANNEL]: {
        error: "not_in_channel",
        since: REFUSED,
        retryAt: REFUSED + DAY,
        routing: "r",
        said: true,
      },
    },
  };
}

const gateAt = (now: number, joinedAt: number | undefined, state = heldState()) =>
  channelGate({
    state,
    now,
    retryMs: DAY,
    routingOf: () => "r",
    joinedAt: (channel) => (channel === CHANNEL ? joinedAt : undefined),
  });

describe("a held channel and the bot's join", () => {
  it("opens for a join later than the refusal, or in its own second; stays held for none or an older one", () => {
    const now = REFUSED + 10 * 60_000;

    expect(gateAt(now, undefined).open(CHANNEL)).toBe(false);
    expect(gateAt(now, REFUSED - 1_500).open(CHANNEL)).toBe(false);
    expect(gateAt(now, REFUSED - 500).open(CHANNEL)).toBe(true);
    expect(gateAt(now, REFUSED + 60_000).open(CHANNEL)).toBe(true);
    // Another channel's join lifts nothing here.
    expect(gateAt(now, undefined).open("C0OTHER001")).toBe(true);
  });

  it("a refusal met again after the join starts again, to be said, and holds until the next join", async () => {
    const state = heldState();
    const joined = REFUSED + 60_000;
    const retriedAt = REFUSED + 10 * 60_000;
    const gate = gateAt(retriedAt, joined, state);

    const error = await gate
      .call(CHANNEL, "write", () => Promise.reject(refusal("is_archived")))
      .catch((e) => e);

    expect(gate.failsPoll(error)).toBe(true);
    expect(state.refused?.[CHANNEL]).toMatchObject({ error: "is_archived", since: retriedAt, said: false });
    expect(gateAt(retriedAt + 5 * 60_000, joined, state).open(CHANNEL)).toBe(false);
  });

  it("a join in the very second of the poll that it lets retry lifts the hold once: refused again, it holds (review)", async () => {
    // Prepare: invited back; the next poll starts 400 ms later, in the join's own second.
    const state = heldState();
    const joined = REFUSED + 60_000;
    const pollAt = joined + 400;
    const gate = gateAt(pollAt, joined, state);
    let tries = 0;
    const refuse = () => {
      tries += 1;
      return Promise.reject(refusal("is_archived"));
    };

    // Act: three calls in that poll, all refused; then the next poll.
    const errors = [];
    for (let i = 0; i < 3; i++) errors.push(await gate.call(CHANNEL, "write", refuse).catch((e) => e));

    // Assess: one try, said once (one refusal failing the poll), and still held at the next poll.
    expect(tries).toBe(1);
    expect(errors.filter((e) => gate.failsPoll(e))).toHaveLength(1);
    expect(state.refused?.[CHANNEL]).toMatchObject({ since: pollAt, said: false, joined });
    expect(gateAt(pollAt + 5 * 60_000, joined, state).open(CHANNEL)).toBe(false);
    // A later join lifts it again.
    expect(gateAt(pollAt + 5 * 60_000, joined + 2_000, state).open(CHANNEL)).toBe(true);
  });
});
