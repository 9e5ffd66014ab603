import { describe, expect, it } from "vitest";
import { channelRefusalAdvice, refusalScopeOf, slackErrorOf } from "../../src/alerts/slack-refusal";

/** An error as the WebClient throws it for a `{ ok: false, error }` answer. */
const platformError = (error: string) =>
  Object.assign(new Error(`An API error occurred: ${error}`), {
    code: "slack_webapi_platform_error",
    data: { ok: false, error },
  });

describe("Slack refusals", () => {
  it("tell a channel refused for good from the bot refused, and both from what is worth trying again", () => {
    for (const code of ["is_archived", "not_in_channel", "channel_not_found", "restricted_action"])
      expect(refusalScopeOf(platformError(code))).toBe("channel");
    for (const code of ["invalid_auth", "account_inactive", "token_revoked", "missing_scope"])
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

  it("say what a person does about each channel refusal", () => {
    expect(channelRefusalAdvice("is_archived")).toContain("unarchive");
    expect(channelRefusalAdvice("not_in_channel")).toContain("/invite");
    expect(channelRefusalAdvice("something_new")).toContain("remove the channel's alert subscription");
  });
});
