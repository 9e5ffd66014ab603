import type { Clock } from "@nwh/core/clock";
import type { DigestSlackPort, SlackMessageMetadata } from "@nwh/core/digest";
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

/** An in-memory `DigestSlackPort`, with a switch to make the next calls fail. */
export interface MemorySlackPort extends DigestSlackPort {
  /** Every message posted, in order. */
  readonly messages: StoredSlackMessage[];
  /** The next `postMessage` calls throw these errors, in order. */
  failNextPosts(...errors: Error[]): void;
  /** The next `recentMessages` calls throw these errors, in order. */
  failNextHistory(...errors: Error[]): void;
}

/**
 * A Slack channel kept in memory, behaving like `chat.postMessage`, `chat.delete` and `conversations.history` where the
 * digest relies on them: `ts` strictly increasing, history lists only top-level messages (not thread
 * replies) since `oldest`, newest first, with their metadata. For tests, benchmarks and dry runs.
 */
export function createMemorySlackPort(clock: Clock): MemorySlackPort {
  const messages: StoredSlackMessage[] = [];
  const postFailures: Error[] = [];
  const historyFailures: Error[] = [];
  let lastMicros = 0;
  return {
    messages,
    failNextPosts: (...errors) => void postFailures.push(...errors),
    failNextHistory: (...errors) => void historyFailures.push(...errors),
    async postMessage(args) {
      const failure = postFailures.shift();
      if (failure) throw failure;
      lastMicros = Math.max(lastMicros + 1, clock.now() * 1000);
      const ts = `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, "0")}`;
      // A structured copy, as the message would travel over the wire.
      messages.push(structuredClone({ ...args, ts }));
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
  };
}
