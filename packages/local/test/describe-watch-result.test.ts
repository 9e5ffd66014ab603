import { emptyWatchResult, type WatchRunResult } from "@nwh/core/alerts";
import { describe, expect, it } from "vitest";
import { describeWatchResult } from "../src/describe-watch-result";

/* `npm run watch`'s and the prompt's one line about a poll: its counts explain the messages posted. */

function result(extra: Partial<WatchRunResult>): WatchRunResult {
  return { ...emptyWatchResult(), status: "watched", firstRun: false, read: 20, ...extra };
}

describe("describeWatchResult", () => {
  it("says 1 incident, not 1 incidents, and what each posted message was", () => {
    const line = describeWatchResult(
      result({
        opened: 1,
        escalated: 2,
        updated: 2,
        posted: 2,
        postedAs: { summaries: 0, incidents: 1, folds: 1 },
        lines: 3,
      }),
    );

    expect(line).toBe(
      'Watch: read 20 webhooks; 1 incident opened, 2 escalated, 2 updated, 0 closed; posted 1 incident message, 1 "+N more" message, 3 thread lines.',
    );
  });

  it("sums up a first poll, and says when nothing was posted", () => {
    const first = describeWatchResult(
      result({ firstRun: true, opened: 12, posted: 1, postedAs: { summaries: 1, incidents: 0, folds: 0 } }),
    );
    expect(first).toContain("12 incidents opened");
    expect(first).toContain("posted 1 summary (first poll:");
    expect(describeWatchResult(result({}))).toContain("0 closed; posted nothing.");
  });

  it("says why alerts are off: DEFAULT_SUBSCRIPTION=off is not 'set ALERT_CHANNEL'", () => {
    const defaultOff = describeWatchResult({ ...emptyWatchResult(), status: "off", off: "default-off" });
    const noChannel = describeWatchResult({ ...emptyWatchResult(), status: "off", off: "no-channel" });

    expect(defaultOff).toBe(
      "Watch: alerts are off: DEFAULT_SUBSCRIPTION=off, and no channel subscribes to alerts (set DEFAULT_SUBSCRIPTION=on, or type /webhooks subscribe … in a channel).",
    );
    expect(defaultOff).not.toContain("set ALERT_CHANNEL");
    expect(noChannel).toContain("neither ALERT_CHANNEL nor DIGEST_CHANNEL is set");
  });
});
