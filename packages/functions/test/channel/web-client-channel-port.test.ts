import { slackErrorOf } from "@nwh/core/slack";
import { type SlackStub, startSlackStub } from "@nwh/slack-stub";
import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { webClientChannelPort } from "../../src/channel/web-client-channel-port";

/* The watch's Slack port over a real WebClient, against the Slack stub on loopback. */

const TOKEN = "xoxb-port-test-0001";
const CHANNEL = "C0PORT0001";
const section = (text: string) => [{ type: "section" as const, text: { type: "mrkdwn" as const, text } }];

describe("the channel port", () => {
  let stub: SlackStub;
  let web: WebClient;
  let once: WebClient;

  beforeEach(async () => {
    stub = await startSlackStub({ token: TOKEN });
    web = new WebClient(TOKEN, { slackApiUrl: stub.apiUrl, retryConfig: { retries: 0 } });
    once = new WebClient(TOKEN, {
      slackApiUrl: stub.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
  });
  afterEach(() => stub.close());

  it.each([
    { what: "with metadata", metadata: { event_type: "webhook_incident_line", event_payload: { line: 2 } } },
    { what: "without", metadata: undefined },
  ])(
    "takes back a reply ($what) that Slack posted outside its thread, its parent deleted, and says thread_not_found",
    async ({ metadata }) => {
      // Prepare: a parent a person then deletes.
      const port = webClientChannelPort(web, { once, sleep: async () => {} });
      const { ts: parent } = await port.postMessage({
        channel: CHANNEL,
        text: "parent",
        blocks: section("parent"),
      });
      await port.postMessage({ channel: CHANNEL, thread_ts: parent, text: "one", blocks: section("one") });
      stub.deleteMessage(CHANNEL, parent);

      // Act
      const refused = await port
        .postMessage({
          channel: CHANNEL,
          thread_ts: parent,
          text: "two",
          blocks: section("two"),
          ...(metadata ? { metadata } : {}),
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );

      // Assess: the caller is told the thread is gone; the stray message was deleted again.
      expect(slackErrorOf(refused)).toBe("thread_not_found");
      expect((stub.channels.get(CHANNEL) ?? []).filter((m) => !m.thread_ts)).toEqual([]);
      expect(stub.calls.filter((c) => c.method === "chat.delete")).toHaveLength(1);
    },
  );

  it("posts a reply in a thread that is there, and deletes nothing", async () => {
    const port = webClientChannelPort(web, { once, sleep: async () => {} });
    const { ts: parent } = await port.postMessage({
      channel: CHANNEL,
      text: "parent",
      blocks: section("parent"),
    });

    const reply = await port.postMessage({
      channel: CHANNEL,
      thread_ts: parent,
      text: "one",
      blocks: section("one"),
    });

    expect(stub.channels.get(CHANNEL)?.find((m) => m.ts === reply.ts)?.thread_ts).toBe(parent);
    expect(stub.calls.filter((c) => c.method === "chat.delete")).toHaveLength(0);
  });
});
