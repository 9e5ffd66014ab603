import { describe, expect, it } from "vitest";
import {
  channelRefusalAdvice,
  messageGoneOf,
  neededScopeOf,
  refusalScopeOf,
} from "../../src/alerts/slack-refusal";
import { slackErrorOf } from "../../src/slack";

/** An error as the WebClient throws it for a `{ ok: false, error }` answer. */
const platformError = (error: string, more: Record<string, unknown> = {}) =>
  Object.assign(new Error(`An API error occurred: ${error}`), {
    code: "slack_webapi_platform_error",
    data: { ok: false, error, ...more },
  });

describe("Slack refusals", () => {
  it("tell a channel refused for good from the bot refused, and both from what is worth trying again", () => {
    for (const code of ["is_archived", "not_in_channel", "channel_not_found", "restricted_action"])
      expect(refusalScopeOf(platformError(code), "write")).toBe("channel");
    for (const code of ["invalid_auth", "account_inactive", "token_revoked", "token_expired"])
      expect(refusalScopeOf(platformError(code), "write")).toBe("bot");
    for (const code of ["ratelimited", "internal_error", "fatal_error", "service_unavailable", "no_text"])
      expect(refusalScopeOf(platformError(code), "write")).toBeUndefined();
    // A timeout, a reset or a 5xx carries no Slack code at all.
    expect(
      refusalScopeOf(
        Object.assign(new Error("socket hang up"), { code: "slack_webapi_request_error" }),
        "read",
      ),
    ).toBeUndefined();
    expect(refusalScopeOf(undefined, "write")).toBeUndefined();
    expect(slackErrorOf(platformError("is_archived"))).toBe("is_archived");
  });

  it("hold only the channel for a history scope missing on a read: those are per kind of channel", () => {
    // An install without groups:history reads public channels and not private ones.
    const refused = platformError("missing_scope", { needed: "groups:history", provided: "chat:write" });

    expect(refusalScopeOf(refused, "read")).toBe("channel");
    for (const needed of [
      "channels:history",
      "mpim:history",
      "im:history",
      "channels:history,groups:history",
    ])
      expect(refusalScopeOf(platformError("missing_scope", { needed }), "read")).toBe("channel");
    expect(neededScopeOf(refused)).toBe("groups:history");
    expect(channelRefusalAdvice("missing_scope", "groups:history")).toContain("`groups:history` scope");
    expect(channelRefusalAdvice("missing_scope")).toContain("lacks a scope");
    // Only scope names are taken from the answer: it is shown in Slack.
    expect(neededScopeOf(platformError("missing_scope", { needed: "<!channel>" }))).toBeUndefined();
    expect(neededScopeOf(platformError("missing_scope"))).toBeUndefined();
  });

  it("refuse the whole bot for any other missing scope: every channel lacks it", () => {
    // chat:write lost: every post fails, in every channel.
    expect(refusalScopeOf(platformError("missing_scope", { needed: "chat:write" }), "write")).toBe("bot");
    // Slack naming no scope: which is missing, and where, is unknown.
    expect(refusalScopeOf(platformError("missing_scope"), "write")).toBe("bot");
    expect(refusalScopeOf(platformError("missing_scope"), "read")).toBe("bot");
    // A history scope is no reason for a write to fail; nor is a scope that is not a history one for a read.
    expect(refusalScopeOf(platformError("missing_scope", { needed: "groups:history" }), "write")).toBe("bot");
    expect(
      refusalScopeOf(platformError("missing_scope", { needed: "groups:history,chat:write" }), "read"),
    ).toBe("bot");
    expect(refusalScopeOf(platformError("missing_scope", { needed: "<!channel>" }), "read")).toBe("bot");
  });

  it("say what a person does about each channel refusal", () => {
    expect(channelRefusalAdvice("is_archived")).toContain("unarchive");
    expect(channelRefusalAdvice("not_in_channel")).toContain("/invite");
    expect(channelRefusalAdvice("something_new")).toContain("remove the channel's alert subscription");
  });

  it("tell a message a person deleted (its update, its thread) from a refusal and a passing failure", () => {
    for (const code of ["message_not_found", "thread_not_found"]) {
      expect(messageGoneOf(platformError(code))).toBe(true);
      expect(refusalScopeOf(platformError(code), "write")).toBeUndefined();
    }
    for (const code of ["is_archived", "channel_not_found", "internal_error", "cant_update_message"])
      expect(messageGoneOf(platformError(code))).toBe(false);
    expect(messageGoneOf(new Error("An API error occurred: message_not_found"))).toBe(false);
    expect(messageGoneOf(undefined)).toBe(false);
  });
});
