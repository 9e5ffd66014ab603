import type { AlertSlackPort } from "@nwh/core/alerts";
import type { SlackMessageMetadata } from "@nwh/core/digest";
import {
  type ChatPostMessageArguments,
  type ChatUpdateArguments,
  ErrorCode,
  type WebClient,
} from "@slack/web-api";

/** History pages read at most when looking for today's digest (a busy channel still ends quickly). */
const MAX_HISTORY_PAGES = 5;
/** Tries of a top-level post with metadata (the digest, the all-clear, a warning). */
const MAX_POST_ATTEMPTS = 4;
/** How far back a lost post is looked for: it was sent moments ago. */
const LOOKBACK_SECONDS = 15 * 60;

type PostArgs = Parameters<AlertSlackPort["postMessage"]>[0];

export interface ChannelPortOptions {
  /**
   * A client that does not retry by itself (`retries: 0`, `rejectRateLimitedCalls: true`), for the posts
   * that must not be repeated blindly. Without it every post uses `web` and its retries.
   */
  once?: WebClient;
  /** Waits between tries (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
}

const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The error the WebClient throws when Slack answers `thread_not_found`. */
function threadNotFound(): Error {
  return Object.assign(new Error("An API error occurred: thread_not_found"), {
    code: ErrorCode.PlatformError,
    data: { ok: false, error: "thread_not_found" },
  });
}

/**
 * The channel messages of the digest and the watch over a WebClient (which waits out 429 `Retry-After`
 * answers itself): posts, updates in place, and the channel history that makes a lost post findable.
 */
export function webClientChannelPort(web: WebClient, options: ChannelPortOptions = {}): AlertSlackPort {
  const sleep = options.sleep ?? timer;

  async function send(client: WebClient, args: PostArgs): Promise<{ ts: string }> {
    const answer = await client.chat.postMessage(<ChatPostMessageArguments>{
      channel: args.channel,
      text: args.text,
      blocks: args.blocks,
      ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}),
      ...(args.metadata
        ? {
            metadata: {
              event_type: args.metadata.event_type,
              event_payload: args.metadata.event_payload ?? {},
            },
          }
        : {}),
    });
    if (!answer.ts) throw new Error("chat.postMessage answered without a ts");
    // Slack does not refuse a reply to a message deleted meanwhile: it posts it in the channel, outside
    // any thread (its answer's message has no thread_ts). Taken back (as far as Slack lets it) and reported
    // as a read of that thread would be, so the caller (the watch) knows the parent is gone.
    if (args.thread_ts && answer.message && answer.message.thread_ts !== args.thread_ts) {
      await web.chat.delete({ channel: args.channel, ts: answer.ts }).catch(() => {});
      throw threadNotFound();
    }
    return { ts: answer.ts };
  }

  type Found = Array<{ ts: string; metadata?: SlackMessageMetadata }>;
  type Page = {
    messages?: Array<{ ts?: string; metadata?: unknown }>;
    has_more?: boolean;
    response_metadata?: { next_cursor?: string };
  };
  /** Pages of `conversations.history` or `.replies`, at most MAX_HISTORY_PAGES, with their metadata. */
  async function paged(read: (cursor: string | undefined) => Promise<Page>): Promise<Found> {
    const out: Found = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
      const answer = await read(cursor);
      for (const m of answer.messages ?? []) {
        if (!m.ts) continue;
        const meta = m.metadata as SlackMessageMetadata | undefined;
        out.push(meta?.event_type ? { ts: m.ts, metadata: meta } : { ts: m.ts });
      }
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!answer.has_more || !cursor) break;
    }
    return out;
  }

  const recentMessages = (channel: string, oldestEpochSeconds: number) =>
    paged((cursor) =>
      web.conversations.history({
        channel,
        oldest: String(oldestEpochSeconds),
        include_all_metadata: true,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      }),
    );

  // The same scopes as the history (channels:history, groups:history): no new scope for the bot.
  const threadReplies = (channel: string, threadTs: string, oldestEpochSeconds: number) =>
    paged((cursor) =>
      web.conversations.replies({
        channel,
        ts: threadTs,
        oldest: String(oldestEpochSeconds),
        include_all_metadata: true,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      }),
    );

  /** The message already in the channel (or the thread) with these metadata, if Slack stored it. */
  async function findPosted(args: PostArgs & { metadata: SlackMessageMetadata }) {
    const since = Math.floor(Date.now() / 1000) - LOOKBACK_SECONDS;
    // What names the message: its type and the plain values of its payload (a date, an incident id).
    const wanted = Object.entries(args.metadata.event_payload ?? {}).filter(
      ([, value]) => value === null || typeof value !== "object",
    );
    const messages = args.thread_ts
      ? await threadReplies(args.channel, args.thread_ts, since)
      : await recentMessages(args.channel, since);
    return messages.find(
      (m) =>
        m.metadata?.event_type === args.metadata.event_type &&
        wanted.every(([key, value]) => m.metadata?.event_payload?.[key] === value),
    );
  }

  /**
   * chat.postMessage is not idempotent: a 5xx, a timeout or a reset can come after Slack stored the message,
   * and the WebClient's own retry would then post it twice (a second digest for the day, a second thread
   * line). So a post with metadata is retried here: a 429 is waited out (Slack did not post), anything else
   * is looked for in the channel (a reply: in its thread) first and only posted again when it is not there.
   */
  async function postOnce(client: WebClient, args: PostArgs & { metadata: SlackMessageMetadata }) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send(client, args);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        const status = (error as { statusCode?: unknown }).statusCode;
        const lost =
          code === ErrorCode.RequestError || (code === ErrorCode.HTTPError && Number(status) >= 500);
        const throttled = code === ErrorCode.RateLimitedError;
        if (attempt >= MAX_POST_ATTEMPTS || !(lost || throttled)) throw error;
        if (throttled) {
          await sleep(Number((error as { retryAfter?: unknown }).retryAfter ?? 1) * 1000);
          continue;
        }
        const found = await findPosted(args);
        if (found) return { ts: found.ts };
        await sleep(500 * 2 ** (attempt - 1));
      }
    }
  }

  return {
    async updateMessage(args) {
      await web.chat.update(<ChatUpdateArguments>{
        channel: args.channel,
        ts: args.ts,
        text: args.text,
        blocks: args.blocks,
        ...(args.metadata
          ? {
              metadata: {
                event_type: args.metadata.event_type,
                event_payload: args.metadata.event_payload ?? {},
              },
            }
          : {}),
      });
    },
    async postMessage(args) {
      // Posts without metadata cannot be found again; they keep the WebClient's retries.
      if (!options.once || !args.metadata) return send(web, args);
      return postOnce(options.once, { ...args, metadata: args.metadata });
    },
    recentMessages,
    threadReplies,
  };
}
