/** Whether the bot can post in a channel (`conversations.info`'s `is_member`). */
export type Membership =
  | { kind: "member"; name?: string }
  | { kind: "not-member"; name?: string }
  /** Slack does not show the bot this channel: a private one it is not in, or no such channel. */
  | { kind: "not-found" };

/** What the subscriptions need to know of Slack's channels. */
export interface ChannelDirectory {
  /** Throws when Slack could not answer (the caller says so; it never means "not a member"). */
  membership(channel: string, signal?: AbortSignal): Promise<Membership>;
}

/** A user group (`usergroups.list`). */
export interface UserGroup {
  id: string;
  /** The `@handle`, without `@`. */
  handle: string;
  name: string;
}

/** The workspace's user groups, for the subscription form's mention select. */
export interface UserGroupDirectory {
  /** Throws when Slack could not answer (a free workspace has none; the form then offers people only). */
  list(signal?: AbortSignal): Promise<UserGroup[]>;
}
