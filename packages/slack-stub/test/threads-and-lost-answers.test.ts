import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SlackStub, startSlackStub } from "../src";

/* The parts of Slack the watch's idempotency rests on: a thread read back, archived channels, lost answers. */

const CHANNEL = "C0THREADS1";

describe("slack stub: threads, archived channels and lost answers", () => {
  let stub: SlackStub;
  let client: WebClient;

  beforeEach(async () => {
    stub = await startSlackStub({ token: "xoxb-test" });
    client = new WebClient("xoxb-test", { slackApiUrl: stub.apiUrl, retryConfig: { retries: 0 } });
  });
  afterEach(() => stub.close());

  it("answers conversations.replies with the parent and its replies, oldest first, metadata only when asked", async () => {
    // Prepare: a parent, two replies with metadata, and a message of another thread.
    const parent = await client.chat.postMessage({ channel: CHANNEL, text: "parent" });
    const metadata = { event_type: "webhook_incident_line", event_payload: { incident: "i1", line: 1 } };
    await client.chat.postMessage({ channel: CHANNEL, thread_ts: parent.ts!, text: "one", metadata });
    await client.chat.postMessage({ channel: CHANNEL, thread_ts: parent.ts!, text: "two" });
    await client.chat.postMessage({ channel: CHANNEL, text: "elsewhere" });

    // Act
    const plain = await client.conversations.replies({ channel: CHANNEL, ts: parent.ts! });
    const withMetadata = await client.conversations.replies({
      channel: CHANNEL,
      ts: parent.ts!,
      include_all_metadata: true,
    });
    const missing = await client.conversations.replies({ channel: CHANNEL, ts: "1.000009" }).catch(String);

    // Assess
    expect(plain.messages?.map((m) => m.text)).toEqual(["parent", "one", "two"]);
    expect(plain.messages?.[1]?.metadata).toBeUndefined();
    expect(withMetadata.messages?.[1]?.metadata).toEqual(metadata);
    expect(missing).toContain("thread_not_found");
  });

  it("refuses posts and updates in an archived channel, still lets the bot read it, and says it is archived", async () => {
    // Prepare
    const posted = await client.chat.postMessage({ channel: CHANNEL, text: "before" });
    stub.workspace.archivedChannels.add(CHANNEL);
    const failure = (call: Promise<unknown>) =>
      call.then(
        () => "ok",
        (e: unknown) => String(e),
      );

    // Act
    const post = await failure(client.chat.postMessage({ channel: CHANNEL, text: "after" }));
    const update = await failure(client.chat.update({ channel: CHANNEL, ts: posted.ts!, text: "edited" }));
    const history = await client.conversations.history({ channel: CHANNEL });
    const info = await client.conversations.info({ channel: CHANNEL });

    // Assess
    expect(post).toContain("is_archived");
    expect(update).toContain("is_archived");
    expect(history.messages?.map((m) => m.text)).toEqual(["before"]);
    expect(info.channel?.is_archived).toBe(true);
  });

  it("carries out a call whose answer it then loses: the message is stored, the client sees a reset", async () => {
    // Prepare
    stub.faults.next("chat.postMessage", [{ status: 0, answerLost: true }]);

    // Act
    const lost = await client.chat.postMessage({ channel: CHANNEL, text: "stored" }).then(
      () => undefined,
      (e: unknown) => e as { code?: string },
    );
    const next = await client.chat.postMessage({ channel: CHANNEL, text: "answered" });

    // Assess
    expect(lost?.code).toBe("slack_webapi_request_error");
    expect(stub.channels.get(CHANNEL)?.map((m) => m.text)).toEqual(["stored", "answered"]);
    expect(stub.calls.map((c) => c.status)).toEqual([0, 200]);
    expect(next.ok).toBe(true);
  });

  it("a message a person deleted: its update and its thread are not found, and a reply to it lands outside any thread", async () => {
    // Prepare: a parent with one reply, and the bot's own message to delete through the API.
    const parent = await client.chat.postMessage({ channel: CHANNEL, text: "parent" });
    await client.chat.postMessage({ channel: CHANNEL, thread_ts: parent.ts!, text: "one" });
    const own = await client.chat.postMessage({ channel: CHANNEL, text: "own" });
    const failure = (call: Promise<unknown>) =>
      call.then(
        () => "ok",
        (e: unknown) => String(e),
      );

    // Act
    const deleted = stub.deleteMessage(CHANNEL, parent.ts!);
    const twice = stub.deleteMessage(CHANNEL, parent.ts!);
    const update = await failure(client.chat.update({ channel: CHANNEL, ts: parent.ts!, text: "edited" }));
    const thread = await failure(client.conversations.replies({ channel: CHANNEL, ts: parent.ts! }));
    const reply = await client.chat.postMessage({ channel: CHANNEL, thread_ts: parent.ts!, text: "two" });
    const removed = await client.chat.delete({ channel: CHANNEL, ts: own.ts! });
    const again = await failure(client.chat.delete({ channel: CHANNEL, ts: own.ts! }));
    const history = await client.conversations.history({ channel: CHANNEL });

    // Assess
    expect([deleted, twice]).toEqual([true, false]);
    expect(update).toContain("message_not_found");
    expect(thread).toContain("thread_not_found");
    expect(reply.ok).toBe(true);
    expect(reply.message?.thread_ts).toBeUndefined();
    expect(removed.ok).toBe(true);
    expect(again).toContain("message_not_found");
    expect(history.messages?.map((m) => m.text)).toEqual(["two"]);
    expect(stub.calls.filter((c) => c.method === "chat.delete").map((c) => c.status)).toEqual([200, 200]);
  });
});
