import { createHmac } from "node:crypto";
import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SlackStub, signSlackRequest, startSlackStub } from "../src";

describe("slack stub", () => {
  let stub: SlackStub;
  let client: WebClient;

  beforeEach(async () => {
    stub = await startSlackStub({ token: "xoxb-test" });
    client = new WebClient("xoxb-test", {
      slackApiUrl: stub.apiUrl,
      retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 20 },
    });
  });
  afterEach(() => stub.close());

  it("records chat.postMessage from a real WebClient and keeps blocks and metadata as objects", async () => {
    const answer = await client.chat.postMessage({
      channel: "C1",
      text: "hello",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "hi" } }],
      metadata: { event_type: "webhook_digest", event_payload: { date: "2026-11-30" } },
    });

    expect(answer.ok).toBe(true);
    expect(stub.calls).toHaveLength(1);
    expect(stub.calls[0]!.method).toBe("chat.postMessage");
    expect(stub.calls[0]!.token).toBe("xoxb-test");
    expect(stub.calls[0]!.args.blocks).toEqual([{ type: "section", text: { type: "mrkdwn", text: "hi" } }]);
    expect(stub.channels.get("C1")![0]!.ts).toBe(answer.ts);
  });

  it("returns metadata from conversations.history only when asked, newest first, without thread replies", async () => {
    const parent = await client.chat.postMessage({
      channel: "C1",
      text: "a",
      metadata: { event_type: "x", event_payload: { n: 1 } },
    });
    await client.chat.postMessage({ channel: "C1", text: "reply", thread_ts: parent.ts });
    await client.chat.postMessage({ channel: "C1", text: "b" });

    const withMeta = await client.conversations.history({ channel: "C1", include_all_metadata: true });
    const without = await client.conversations.history({ channel: "C1" });

    expect(withMeta.messages!.map((m) => m.text)).toEqual(["b", "a"]);
    expect(withMeta.messages![1]!.metadata).toEqual({ event_type: "x", event_payload: { n: 1 } });
    expect(without.messages![1]!.metadata).toBeUndefined();
  });

  it("answers invalid_auth to a wrong token", async () => {
    const other = new WebClient("xoxb-wrong", { slackApiUrl: stub.apiUrl });
    await expect(other.chat.postMessage({ channel: "C1", text: "x" })).rejects.toThrow(/invalid_auth/);
  });

  it("plays queued faults, e.g. a 429 with Retry-After that WebClient honours", async () => {
    stub.faults.next("chat.postMessage", [{ status: 429, retryAfter: 0 }]);

    const answer = await client.chat.postMessage({ channel: "C1", text: "after 429" });

    expect(answer.ok).toBe(true);
    expect(stub.calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it("accepts five posts per response_url, then answers 404; expired URLs answer 404", async () => {
    const url = stub.newResponseUrl();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: `n${i}` }),
      });
      statuses.push(res.status);
    }
    const expired = stub.newResponseUrl();
    stub.expireResponseUrl(expired);
    const res = await fetch(expired, { method: "POST", body: "{}" });

    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(res.status).toBe(404);
    expect(stub.responses[0]!.body).toEqual({ text: "n0" });
  });

  it("waitFor resolves once a response arrives", async () => {
    const url = stub.newResponseUrl();
    setTimeout(() => void fetch(url, { method: "POST", body: JSON.stringify({ text: "late" }) }), 20);

    const got = await stub.waitFor(() => stub.responses.find((r) => r.body.text === "late"));

    expect(got.status).toBe(200);
  });
});

describe("signSlackRequest", () => {
  it("computes Slack's v0 signature", () => {
    const body = "command=%2Fwebhooks&text=failing";
    const headers = signSlackRequest("s3cret", body, 1_700_000_000);
    const expected = createHmac("sha256", "s3cret").update(`v0:1700000000:${body}`).digest("hex");

    expect(headers["x-slack-request-timestamp"]).toBe("1700000000");
    expect(headers["x-slack-signature"]).toBe(`v0=${expected}`);
  });
});
