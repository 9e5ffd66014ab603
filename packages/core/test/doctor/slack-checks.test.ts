import { describe, expect, it } from "vitest";
import type { SlackAnswer, SlackDoctorPort } from "../../src/doctor";
import { checkSlack, type SlackDoctorInputs } from "../../src/doctor/slack-checks";
import { BOT_SCOPES } from "../../src/slack/scopes";

/*
 * The Slack checks' reasoning on answers the loopback stub does not produce (Slack's own variety: groups,
 * archived and private channels, network failures). The stub-backed paths are tested end to end in
 * packages/local/test/doctor-command.test.ts.
 */

const MANIFEST: string[] = BOT_SCOPES.map((s) => s.scope);

function port(overrides: Partial<SlackDoctorPort> = {}, scopes: string[] | null = MANIFEST): SlackDoctorPort {
  return {
    authTest: async () => ({
      ok: true,
      value: { userId: "U0BOT", team: "Acme" },
      ...(scopes ? { scopes } : {}),
    }),
    channelInfo: async () => ({ ok: false, error: "missing_scope" }),
    channelHistory: async () => ({ ok: true, value: undefined }),
    userGroups: async () => ({ ok: true, value: [{ id: "S0ONCALL01", handle: "oncall" }] }),
    ...overrides,
  };
}

const inputs = (extra: Partial<SlackDoctorInputs> = {}): SlackDoctorInputs => ({
  apiHost: "slack.com",
  signingSecret: "set",
  channels: [{ name: "DIGEST_CHANNEL", id: "C0DIGEST01" }],
  ...extra,
});

const byId = async (p: SlackDoctorPort, i: SlackDoctorInputs) =>
  Object.fromEntries((await checkSlack(p, i)).map((r) => [r.id, r]));

describe("the Slack checks", () => {
  it("needs groups:history, not channels:history, for a private digest channel", async () => {
    // Prepare
    const info = async (): Promise<
      SlackAnswer<{ name: string; isMember: boolean; isPrivate: boolean; isArchived: boolean }>
    > => ({
      ok: true,
      value: { name: "ops-private", isMember: true, isPrivate: true, isArchived: false },
    });

    // Act
    const withBoth = await byId(port({ channelInfo: info }), inputs());
    const publicOnly = await byId(
      port({ channelInfo: info }, ["commands", "chat:write", "channels:history", "channels:read"]),
      inputs(),
    );

    // Assess
    expect(withBoth["slack.scopes"]?.status).toBe("ok");
    expect(publicOnly["slack.scopes"]).toMatchObject({
      status: "fail",
      finding: "the token lacks groups:history (the same in a private channel)",
    });
  });

  it("accepts only the history scope matching the channel, and warns about scopes beyond the manifest", async () => {
    // Act
    const minimal = await byId(
      port({}, ["commands", "chat:write", "groups:history", "channels:read"]),
      inputs(),
    );
    const extra = await byId(port({}, [...MANIFEST, "users:read"]), inputs());
    const unnamed = await byId(port({}, null), inputs());

    // Assess: the channel's kind is unknown through history, so either history scope will do.
    expect(minimal["slack.scopes"]?.status).toBe("ok");
    expect(extra["slack.scopes"]).toMatchObject({
      status: "warn",
      finding: expect.stringContaining("more than the manifest asks for: users:read"),
    });
    expect(unnamed["slack.scopes"]).toMatchObject({
      status: "warn",
      finding: expect.stringContaining("x-oauth-scopes"),
    });
  });

  it("fails an archived channel and a Web API that does not answer", async () => {
    // Act
    const archived = await byId(
      port({
        channelInfo: async () => ({
          ok: true,
          value: { name: "old", isMember: true, isPrivate: false, isArchived: true },
        }),
      }),
      inputs(),
    );
    const down = await byId(
      port({ authTest: async () => ({ ok: false, error: "ECONNREFUSED", network: true }) }),
      inputs(),
    );

    // Assess
    expect(archived["slack.channel.DIGEST_CHANNEL"]).toMatchObject({
      status: "fail",
      finding: "#old (C0DIGEST01) is archived",
    });
    expect(down["slack.token"]).toMatchObject({
      status: "fail",
      finding: "Slack's Web API at slack.com did not answer (ECONNREFUSED)",
    });
    expect(down["slack.channel.DIGEST_CHANNEL"]?.status).toBe("skip");
  });

  it("checks ALERT_MENTION's user groups by handle, id or mention, and leaves users and @here alone", async () => {
    // Act
    const found = await byId(
      port(),
      inputs({
        mentions: {
          name: "ALERT_MENTION",
          values: ["@oncall", "<!subteam^S0ONCALL01|@oncall>", "U0PERSON01", "@here"],
        },
      }),
    );
    const missing = await byId(
      port(),
      inputs({ mentions: { name: "ALERT_MENTION", values: ["@nobody", "S0GONE0001"] } }),
    );
    const noScope = await byId(
      port({ userGroups: async () => ({ ok: false, error: "missing_scope" }) }),
      inputs({ mentions: { name: "ALERT_MENTION", values: ["@oncall"] } }),
    );
    const usersOnly = await byId(
      port(),
      inputs({ mentions: { name: "ALERT_MENTION", values: ["U0PERSON01"] } }),
    );

    // Assess
    expect(found["slack.mentions"]).toMatchObject({ status: "ok", finding: "all 2 groups exist" });
    expect(missing["slack.mentions"]).toMatchObject({
      status: "fail",
      finding: "no user group @nobody, S0GONE0001 in this workspace",
    });
    expect(noScope["slack.mentions"]).toMatchObject({
      status: "warn",
      finding: expect.stringContaining("usergroups:read"),
    });
    expect(usersOnly["slack.mentions"]).toMatchObject({
      status: "ok",
      finding: "ALERT_MENTION names no user group",
    });
  });

  it("says the signing secret can only be verified by a signed request, and fails a missing one", async () => {
    // Act
    const set = await byId(port(), inputs());
    const missing = await byId(port(), inputs({ signingSecret: "missing" }));
    const verified = await byId(port(), inputs({ signingSecret: "verified" }));

    // Assess
    expect(set["slack.signing-secret"]?.finding).toContain("can only be verified by a request Slack signs");
    expect(missing["slack.signing-secret"]?.status).toBe("fail");
    expect(verified["slack.signing-secret"]?.finding).toBe("verified: this request was signed with it");
  });

  it("without DIGEST_CHANNEL, says no digest is posted instead of checking a channel", async () => {
    // Act
    const results = await byId(port(), inputs({ channels: [] }));

    // Assess
    expect(results["slack.channel.DIGEST_CHANNEL"]).toMatchObject({
      status: "skip",
      finding: "DIGEST_CHANNEL is not set: no digest is posted",
    });
  });
});
