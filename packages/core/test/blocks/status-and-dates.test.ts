import { describe, expect, it } from "vitest";
import { lastSuccessText, relativeTime, slackDate, utcText } from "../../src/blocks/slack-date";
import {
  errorBar,
  resumeWarning,
  statusEmoji,
  statusLabel,
  statusLegend,
  statusText,
  webhookStatus,
} from "../../src/blocks/status";

describe("errorBar", () => {
  it("fills one step per consecutive error toward the auto-disable at 10", () => {
    expect(errorBar(7)).toBe("▰▰▰▰▰▰▰▱▱▱ 7/10");
    expect(errorBar(0)).toBe("▱▱▱▱▱▱▱▱▱▱ 0/10");
    expect(errorBar(10)).toBe("▰▰▰▰▰▰▰▰▰▰ 10/10");
  });

  it("clamps the bar, says a count past 10 apart (never as 11/10), and treats nonsense as 0", () => {
    expect(errorBar(14)).toBe("▰▰▰▰▰▰▰▰▰▰ 14 (Nexudus disables at 10)");
    expect(errorBar(11)).toBe("▰▰▰▰▰▰▰▰▰▰ 11 (Nexudus disables at 10)");
    expect(errorBar(-3)).toBe("▱▱▱▱▱▱▱▱▱▱ 0/10");
    expect(errorBar(Number.NaN)).toBe("▱▱▱▱▱▱▱▱▱▱ 0/10");
    expect(errorBar(2.7)).toBe("▰▰▱▱▱▱▱▱▱▱ 2/10");
  });
});

describe("statusEmoji and statusLabel", () => {
  it("tell disabled-after-failures, paused, critical, failing and healthy apart", () => {
    const cases: Array<[boolean, number, string, string]> = [
      [false, 10, ":no_entry:", "disabled by Nexudus after 10 failures"],
      [false, 0, ":double_vertical_bar:", "paused"],
      [true, 7, ":red_circle:", "failing, close to auto-disable"],
      [true, 1, ":large_orange_circle:", "failing"],
      [true, 0, ":large_green_circle:", "healthy"],
    ];
    for (const [Active, ErrorCount, emoji, label] of cases) {
      expect(statusEmoji({ Active, ErrorCount })).toBe(emoji);
      expect(statusLabel({ Active, ErrorCount })).toBe(label);
    }
  });
});

describe("paused by a person or disabled by Nexudus", () => {
  const at = "2025-03-09T18:30:00Z";
  const token = "<!date^1741545000^{date_short_pretty} {time}|2025-03-09 18:30 UTC>";

  it("calls inactive with fewer than 10 errors paused (Nexudus only disables at 10), 10 or more disabled", () => {
    expect(webhookStatus({ Active: false, ErrorCount: 9 })).toBe("paused");
    expect(webhookStatus({ Active: false, ErrorCount: 1 })).toBe("paused");
    expect(webhookStatus({ Active: false, ErrorCount: 10 })).toBe("disabled");
    expect(webhookStatus({ Active: false, ErrorCount: 14 })).toBe("disabled");
    expect(statusEmoji({ Active: false, ErrorCount: 9 })).toBe(":double_vertical_bar:");
  });

  it("says who paused it and when: this bot (its own Nexudus user, any case), or the escaped UpdatedBy", () => {
    const paused = { Active: false, ErrorCount: 9, UpdatedOn: at };

    expect(statusText({ ...paused, UpdatedBy: "Bot@Example.com" }, "bot@example.com")).toBe(
      `paused by this bot, ${token}`,
    );
    expect(statusText({ ...paused, UpdatedBy: "ops@example.com" }, "bot@example.com")).toBe(
      `paused by ops@example.com, ${token}`,
    );
    expect(statusText({ ...paused, UpdatedBy: "<!channel> & co" })).toBe(
      `paused by &lt;!channel&gt; &amp; co, ${token}`,
    );
    expect(statusText({ Active: false, ErrorCount: 0, UpdatedBy: null, UpdatedOn: null })).toBe("paused");
    expect(statusText({ Active: false, ErrorCount: 10, UpdatedBy: "bot@example.com", UpdatedOn: at })).toBe(
      "disabled by Nexudus after 10 failures",
    );
    expect(statusText({ Active: true, ErrorCount: 3 })).toBe("failing");
  });

  it("has a one-line legend of the icons shown, in severity order", () => {
    expect(statusLegend(["healthy", "failing", "disabled"])).toBe(
      ":no_entry: disabled by Nexudus after 10 failures  ·  :large_orange_circle: failing  ·  :large_green_circle: healthy",
    );
    expect(statusLegend(["paused", "critical"])).toBe(
      ":red_circle: 7+ errors, close to auto-disable  ·  :double_vertical_bar: paused by a person or an API client",
    );
  });

  it("warns a resume of a webhook with 9 or more errors that the next failure disables it again", () => {
    expect(resumeWarning(10)).toContain("next failed delivery disables it again");
    expect(resumeWarning(9)).toContain("still counts 9 consecutive errors");
    expect(resumeWarning(12)).toContain("still counts 12 consecutive errors");
    expect(resumeWarning(8)).toBeUndefined();
  });
});

describe("slackDate", () => {
  it("writes a date token in seconds with a UTC fallback", () => {
    const ms = Date.parse("2025-01-02T08:30:45Z");
    expect(slackDate(ms)).toBe("<!date^1735806645^{date_short_pretty} {time}|2025-01-02 08:30 UTC>");
    expect(utcText(ms)).toBe("2025-01-02 08:30 UTC");
  });

  it("escapes a given fallback so it cannot end the token or inject one", () => {
    const out = slackDate(0, "a|b <!channel> & c");
    expect(out).toBe("<!date^0^{date_short_pretty} {time}|a/b &lt;!channel&gt; &amp; c>");
  });

  it("answers plainly for an invalid time", () => {
    expect(slackDate(Number.NaN)).toBe("unknown date");
    expect(slackDate(8.64e15 + 1)).toBe("unknown date");
  });
});

describe("relativeTime and lastSuccessText", () => {
  const now = Date.parse("2025-03-10T08:00:00Z");

  it("phrases spans the way people say them", () => {
    expect(relativeTime(now - 30_000, now)).toBe("just now");
    expect(relativeTime(now - 60_000, now)).toBe("1 minute ago");
    expect(relativeTime(now - 5 * 3_600_000, now)).toBe("5 hours ago");
    expect(relativeTime(now - 3 * 86_400_000, now)).toBe("3 days ago");
    expect(relativeTime(now - 21 * 86_400_000, now)).toBe("3 weeks ago");
    expect(relativeTime(now - 90 * 86_400_000, now)).toBe("3 months ago");
    expect(relativeTime(now - 800 * 86_400_000, now)).toBe("2 years ago");
    expect(relativeTime(now + 10_000, now)).toBe("just now");
    expect(relativeTime(now + 3_600_000, now)).toBe("in the future");
  });

  it("says never delivered for a failing webhook without a success, and shows the date otherwise", () => {
    expect(lastSuccessText({ LastTrigger: null, ErrorCount: 3 }, now)).toBe("never delivered");
    expect(lastSuccessText({ LastTrigger: null, ErrorCount: 0 }, now)).toBe("no deliveries yet");
    // Only a null or absent LastTrigger is "never": .NET's placeholder or garbled text is unknown.
    expect(lastSuccessText({ LastTrigger: "0001-01-01T00:00:00", ErrorCount: 3 }, now)).toBe("unknown");
    expect(lastSuccessText({ LastTrigger: "yesterday-ish", ErrorCount: 3 }, now)).toBe("unknown");
    expect(lastSuccessText({ ErrorCount: 3 }, now)).toBe("never delivered");
    expect(lastSuccessText({ LastTrigger: "/Date(1741334400000)/", ErrorCount: 1 })).toBe(
      "<!date^1741334400^{date_short_pretty} {time}|2025-03-07 08:00 UTC>",
    );
    expect(lastSuccessText({ LastTrigger: "2025-03-07T08:00:00Z", ErrorCount: 1 }, now)).toBe(
      "3 days ago (<!date^1741334400^{date_short_pretty} {time}|2025-03-07 08:00 UTC>)",
    );
    expect(lastSuccessText({ LastTrigger: "2025-03-07T08:00:00", ErrorCount: 1 })).toBe(
      "<!date^1741334400^{date_short_pretty} {time}|2025-03-07 08:00 UTC>",
    );
  });
});
