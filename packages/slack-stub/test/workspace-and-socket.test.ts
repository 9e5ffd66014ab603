import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { type SlackStub, STUB_DEFAULT_SCOPES, startSlackStub } from "../src";

describe("slack stub: the workspace the token sees", () => {
  let stub: SlackStub;
  let client: WebClient;

  beforeEach(async () => {
    stub = await startSlackStub({ token: "xoxb-test" });
    client = new WebClient("xoxb-test", { slackApiUrl: stub.apiUrl, retryConfig: { retries: 0 } });
  });
  afterEach(() => stub.close());

  it("names the granted scopes in x-oauth-scopes, as Slack does, and a test can take one away", async () => {
    // Act
    const before = await fetch(`${stub.apiUrl}auth.test`, {
      method: "POST",
      headers: { authorization: "Bearer xoxb-test" },
    });
    stub.workspace.scopes = stub.workspace.scopes.filter((s) => s !== "groups:history");
    const after = await client.auth.test();

    // Assess
    expect(before.headers.get("x-oauth-scopes")).toBe(STUB_DEFAULT_SCOPES.join(","));
    // WebClient reads the header into response_metadata.scopes.
    expect(after.response_metadata?.scopes).toEqual(
      STUB_DEFAULT_SCOPES.filter((s) => s !== "groups:history"),
    );
  });

  it("answers conversations.info with membership, and refuses posts where the bot is not", async () => {
    // Prepare
    stub.workspace.notMemberOf.add("C0OUTSIDE1");
    stub.workspace.missingChannels.add("C0GONE0001");
    const failure = (call: Promise<unknown>) =>
      call.then(
        () => "ok",
        (e: unknown) => String(e),
      );

    // Act
    stub.workspace.scopes = stub.workspace.scopes.filter((s) => s !== "channels:read");
    const withoutScope = await failure(client.conversations.info({ channel: "C0INSIDE01" }));
    stub.workspace.scopes.push("channels:read");
    const history = await failure(client.conversations.history({ channel: "C0OUTSIDE1" }));
    const member = await client.conversations.info({ channel: "C0INSIDE01" });
    const outside = await client.conversations.info({ channel: "C0OUTSIDE1" });
    const gone = await failure(client.conversations.info({ channel: "C0GONE0001" }));
    const post = await failure(client.chat.postMessage({ channel: "C0OUTSIDE1", text: "hi" }));

    // Assess
    expect(withoutScope).toMatch(/missing_scope/);
    expect(history).toMatch(/not_in_channel/);
    expect(member.channel?.is_member).toBe(true);
    expect(outside.channel?.is_member).toBe(false);
    expect(gone).toMatch(/channel_not_found/);
    expect(post).toMatch(/not_in_channel/);
  });

  it("lists user groups only with usergroups:read", async () => {
    // Prepare
    stub.workspace.usergroups.push({ id: "S0ONCALL01", handle: "oncall", name: "On call" });

    // Act
    stub.workspace.scopes = stub.workspace.scopes.filter((s) => s !== "usergroups:read");
    const without = client.usergroups.list({});
    await without.catch(() => {});
    stub.workspace.scopes.push("usergroups:read");
    const withScope = await client.usergroups.list({});

    // Assess
    await expect(without).rejects.toThrow(/missing_scope/);
    expect(withScope.usergroups?.map((g) => g.handle)).toEqual(["oncall"]);
  });
});

describe("slack stub: Socket Mode", () => {
  let stub: SlackStub;

  beforeEach(async () => {
    stub = await startSlackStub({ token: "xoxb-test", appToken: "xapp-1-test" });
  });
  afterEach(() => stub.close());

  it("hands an app token a one-use WebSocket URL, says hello, and matches acks to envelopes", async () => {
    // Prepare
    const app = new WebClient("xapp-1-test", { slackApiUrl: stub.apiUrl, retryConfig: { retries: 0 } });
    const { url } = await app.apps.connections.open({});
    const ws = new WebSocket(url!);
    const first = new Promise<Record<string, unknown>>((resolve) =>
      ws.once("message", (data) => resolve(JSON.parse(String(data)))),
    );
    await stub.socketMode.waitForConnection();
    ws.on("message", (data) => {
      const envelope = JSON.parse(String(data)) as { envelope_id?: string; payload?: { text?: string } };
      if (envelope.envelope_id)
        ws.send(
          JSON.stringify({
            envelope_id: envelope.envelope_id,
            payload: { text: `re ${envelope.payload?.text}` },
          }),
        );
    });

    // Act
    const ack = await stub.socketMode.send("slash_commands", { command: "/webhooks", text: "failing" });
    const again = new WebSocket(url!);
    const refused = new Promise<string>((resolve) => again.once("error", (e) => resolve(String(e))));

    // Assess
    expect((await first).type).toBe("hello");
    expect(ack.payload).toEqual({ text: "re failing" });
    expect(await refused).toMatch(/401/);
    ws.close();
  });

  it("refuses a bot token and a wrong app token, as Slack does", async () => {
    // Act
    const bot = new WebClient("xoxb-test", { slackApiUrl: stub.apiUrl, retryConfig: { retries: 0 } });
    const wrong = new WebClient("xapp-1-other", { slackApiUrl: stub.apiUrl, retryConfig: { retries: 0 } });

    // Assess
    await expect(bot.apps.connections.open({})).rejects.toThrow(/not_allowed_token_type/);
    await expect(wrong.apps.connections.open({})).rejects.toThrow(/invalid_auth/);
    await expect(stub.socketMode.send("interactive", {})).rejects.toThrow(/no Socket Mode connection/);
  });
});
