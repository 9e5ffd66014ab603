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
