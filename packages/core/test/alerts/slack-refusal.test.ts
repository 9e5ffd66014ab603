import { describe, expect, it } from "vitest";
import {
  channelRefusalAdvice,
  neededScopeOf,
  refusalScopeOf,
  slackErrorOf,
} from "../../src/alerts/slack-refusal";

/** An error as the WebClient throws it for a `{ ok: false, error }` answer. */
const platformError = (error: string, more: Record<string, unknown> = {}) =>
  Object.assign(new Error(`An API error occurred: ${error}`), {
    code: "slack_webapi_platform_error",
    data: { ok: false, error, ...more },
  });

describe("Slack refusals", () => {
  it("tell a channel refused for good from the bot refused, and both from what is worth trying again", () => {
    for (const code of ["is_archived", "not_in_channel", "channel_not_found", "restricted_action"])
      expect(refusalScopeOf(platformError(code))).toBe("channel");
    for (const code of ["invalid_auth", "account_inactive", "token_revoked", "token_expired"])
      expect(refusalScopeOf(platformError(code))).toBe("bot");
    for (const code of ["ratelimited", "internal_error", "fatal_error", "service_unavailable", "no_text"])
      expect(refusalScopeOf(platformError(code))).toBeUndefined();
    // A timeout, a reset or a 5xx carries no Slack code at all.
    expect(
      refusalScopeOf(Object.assign(new Error("socket hang up"), { code: "slack_webapi_request_error" })),
    ).toBeUndefined();
    expect(refusalScopeOf(undefined)).toBeUndefined();
    expect(slackErrorOf(platformError("is_archived"))).toBe("is_archived");
  });

  it("hold only the channel for a missing scope: scopes are per method and kind of channel", () => {
    // An install without groups:history reads public channels and not private ones.
    const refused = platformError("missing_scope", { needed: "groups:history", provided: "chat:write" });

    expect(refusalScopeOf(refused)).toBe("channel");
    expect(neededScopeOf(refused)).toBe("groups:history");
    expect(channelRefusalAdvice("missing_scope", "groups:history")).toContain("`groups:history` scope");
    expect(channelRefusalAdvice("missing_scope")).toContain("lacks a scope");
    // Only scope names are taken from the answer: it is shown in Slack.
    expect(neededScopeOf(platformError("missing_scope", { needed: "<!channel>" }))).toBeUndefined();
    expect(neededScopeOf(platformError("missing_scope"))).toBeUndefined();
  });

  it("say what a person does about each channel refusal", () => {
    expect(channelRefusalAdvice("is_archived")).toContain("unarchive");
    expect(channelRefusalAdvice("not_in_channel")).toContain("/invite");
    expect(channelRefusalAdvice("something_new")).toContain("remove the channel's alert subscription");
  });
});
