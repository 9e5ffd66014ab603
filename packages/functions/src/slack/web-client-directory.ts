import { slackErrorOf } from "@nwh/core/slack";
import type { ChannelDirectory, UserGroupDirectory } from "@nwh/core/subscriptions";
import type { WebClient } from "@slack/web-api";

/**
 * Whether the bot is in a channel, from `conversations.info` (`channels:read` for public channels,
 * `groups:read` for private ones). A private channel the bot is not in is `channel_not_found` to it.
 */
export function webClientChannels(web: WebClient): ChannelDirectory {
  return {
    async membership(channel, signal) {
      signal?.throwIfAborted();
      try {
        const answer = await web.conversations.info({ channel });
        const info = answer.channel as { is_member?: boolean; name?: string } | undefined;
        const name = typeof info?.name === "string" ? { name: info.name } : {};
        return info?.is_member === true ? { kind: "member", ...name } : { kind: "not-member", ...name };
      } catch (error) {
        if (slackErrorOf(error) === "channel_not_found") return { kind: "not-found" };
        throw error;
      }
    },
  };
}

/** The workspace's active user groups, from `usergroups.list` (`usergroups:read`). */
export function webClientUserGroups(web: WebClient): UserGroupDirectory {
  return {
    async list(signal) {
      signal?.throwIfAborted();
      const answer = await web.usergroups.list({ include_disabled: false });
      return (answer.usergroups ?? []).flatMap((g) =>
        typeof g.id === "string" && typeof g.handle === "string"
          ? [{ id: g.id, handle: g.handle, name: typeof g.name === "string" ? g.name : g.handle }]
          : [],
      );
    },
  };
}
