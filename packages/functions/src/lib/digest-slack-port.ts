import type { DigestSlackPort, SlackMessageMetadata } from "@nwh/core/digest";
import type { ChatPostMessageArguments, WebClient } from "@slack/web-api";

/** History pages read at most when looking for today's digest (a busy channel still ends quickly). */
const MAX_HISTORY_PAGES = 5;

/** The digest's Slack port over a WebClient (which waits out 429 `Retry-After` answers itself). */
export function webClientDigestPort(web: WebClient): DigestSlackPort {
  return {
    async postMessage(args) {
      const answer = await web.chat.postMessage(<ChatPostMessageArguments>{
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
      return { ts: answer.ts };
    },
    async recentMessages(channel, oldestEpochSeconds) {
      const out: Array<{ ts: string; metadata?: SlackMessageMetadata }> = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
        const answer = await web.conversations.history({
          channel,
          oldest: String(oldestEpochSeconds),
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        for (const m of answer.messages ?? []) {
          if (!m.ts) continue;
          const meta = m.metadata as SlackMessageMetadata | undefined;
          out.push(meta?.event_type ? { ts: m.ts, metadata: meta } : { ts: m.ts });
        }
        cursor = answer.response_metadata?.next_cursor || undefined;
        if (!answer.has_more || !cursor) break;
      }
      return out;
    },
  };
}
