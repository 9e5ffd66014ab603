import type { AlertSlackPort } from "@nwh/core/alerts";
import type { Clock } from "@nwh/core/clock";
import type { SlackMessageMetadata } from "@nwh/core/digest";
import type { KnownBlock } from "@slack/types";

/** A message as the in-memory port stored it. */
export interface StoredSlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: KnownBlock[];
  thread_ts?: string;
  metadata?: SlackMessageMetadata;
}

/** An in-memory `AlertSlackPort` (the digest's port and `chat.update`), with switches to make calls fail. */
export interface MemorySlackPort extends AlertSlackPort {
  /** Every message posted, in order. */
  readonly messages: StoredSlackMessage[];
  /** The next `postMessage` calls throw these errors, in order. */
  failNextPosts(...errors: Error[]): void;
  /** The next `recentMessages` calls throw these errors, in order. */
  failNextHistory(...errors: Error[]): void;
  /**
   * The next `postMessage` calls are carried out (the message is stored) and then throw these errors, in
   * order: Slack's answer lost on the way back (a timeout, a reset).
   */
  loseNextPostAnswers(...errors: Error[]): void;
  /** The next `threadReplies` calls throw these errors, in order. */
  failNextReplies(...errors: Error[]): void;
  /** Every `chat.update`, in order (the message itself is changed in `messages`). */
  readonly updates: StoredSlackMessage[];
  /** Top-level messages of a channel, in order. */
  parents(channel: string): StoredSlackMessage[];
  /** The replies in a message's thread, in order. */
  thread(channel: string, ts: string): StoredSlackMessage[];
  /**
   * A person deletes a message: it leaves `messages`, and from then on `chat.update` of it answers
   * `message_not_found`, and its thread (a read, a reply) `thread_not_found`, as the channel port reports.
   */
  deleteMessage(channel: string, ts: string): void;
}

/** An error as the WebClient throws it for Slack's `{ ok: false, error }` answer. */
function slackError(error: string): Error {
  return Object.assign(new Error(`An API error occurred: ${error}`), {
    code: "slack_webapi_platform_error",
    data: { ok: false, error },
  });
}

/**
 * A Slack channel kept in memory, behaving like `chat.postMessage`, `chat.update`, `conversations.history`
 * and `conversations.replies` where the watch and the digest rely on them: `ts` strictly increasing,
 * history lists only top-level messages (not thread replies) since `oldest`, newest first, replies list a
 * thread (its parent included), each with its metadata. For tests, benchmarks and dry runs.
 */
export function createMemorySlackPort(clock: Clock): MemorySlackPort {
  const messages: StoredSlackMessage[] = [];
  const updates: StoredSlackMessage[] = [];
  const postFailures: Error[] = [];
  const historyFailures: Error[] = [];
  const lostAnswers: Error[] = [];
  const repliesFailures: Error[] = [];
  const deleted = new Set<string>();
  let lastMicros = 0;
  return {
    messages,
    updates,
    parents: (channel) => messages.filter((m) => m.channel === channel && !m.thread_ts),
    thread: (channel, ts) => messages.filter((m) => m.channel === channel && m.thread_ts === ts),
    async updateMessage(args) {
      const at = messages.findIndex((m) => m.channel === args.channel && m.ts === args.ts);
      if (at < 0) throw slackError("message_not_found");
      const updated = structuredClone({
        ...messages[at]!,
        text: args.text,
        blocks: args.blocks,
        ...(args.metadata ? { metadata: args.metadata } : {}),
      });
      messages[at] = updated;
      updates.push(updated);
    },
    failNextPosts: (...errors) => void postFailures.push(...errors),
    failNextHistory: (...errors) => void historyFailures.push(...errors),
    loseNextPostAnswers: (...errors) => void lostAnswers.push(...errors),
    failNextReplies: (...errors) => void repliesFailures.push(...errors),
    deleteMessage(channel, ts) {
      const at = messages.findIndex((m) => m.channel === channel && m.ts === ts);
      if (at >= 0) messages.splice(at, 1);
      deleted.add(`${channel}#${ts}`);
    },
    async postMessage(args) {
      const failure = postFailures.shift();
      if (failure) throw failure;
      if (args.thread_ts && deleted.has(`${args.channel}#${args.thread_ts}`))
        throw slackError("thread_not_found");
      lastMicros = Math.max(lastMicros + 1, clock.now() * 1000);
      const ts = `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, "0")}`;
      // A structured copy, as the message would travel over the wire.
      messages.push(structuredClone({ ...args, ts }));
      const lost = lostAnswers.shift();
      if (lost) throw lost;
      return { ts };
    },
    async recentMessages(channel, oldestEpochSeconds) {
      const failure = historyFailures.shift();
      if (failure) throw failure;
      return messages
        .filter((m) => m.channel === channel && !m.thread_ts && Number(m.ts) >= oldestEpochSeconds)
        .reverse()
        .map((m) => ({ ts: m.ts, ...(m.metadata ? { metadata: m.metadata } : {}) }));
    },
    async threadReplies(channel, threadTs, oldestEpochSeconds) {
      const failure = repliesFailures.shift();
      if (failure) throw failure;
      if (deleted.has(`${channel}#${threadTs}`)) throw slackError("thread_not_found");
      return messages
        .filter(
          (m) =>
            m.channel === channel &&
            (m.ts === threadTs || m.thread_ts === threadTs) &&
            Number(m.ts) >= oldestEpochSeconds,
        )
        .map((m) => ({ ts: m.ts, ...(m.metadata ? { metadata: m.metadata } : {}) }));
    },
  };
}
