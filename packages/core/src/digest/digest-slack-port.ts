import type { KnownBlock } from "@slack/types";
/** Metadata of a Slack message, as `conversations.history` returns it with `include_all_metadata`. */
export interface SlackMessageMetadata {
  event_type: string;
  event_payload?: Record<string, unknown>;
}

/**
 * What the digest needs from Slack. The functions package implements it on Slack's WebClient (which waits
 * out 429 `Retry-After` answers); tests use an in-memory fake.
 */
export interface DigestSlackPort {
  /** `chat.postMessage`. */
  postMessage(args: {
    channel: string;
    text: string;
    blocks: KnownBlock[];
    thread_ts?: string;
    metadata?: SlackMessageMetadata;
  }): Promise<{ ts: string }>;
  /** The channel's messages since `oldestEpochSeconds` (`conversations.history` with metadata), any order. */
  recentMessages(
    channel: string,
    oldestEpochSeconds: number,
  ): Promise<Array<{ ts: string; metadata?: SlackMessageMetadata }>>;
}
