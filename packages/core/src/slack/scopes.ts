/**
 * The bot token scopes of `slack-app-manifest.yaml`, and what each is for (a test keeps the two equal).
 * `channels:history` and `groups:history` serve the same reads in public or private channels (the bot's own
 * messages found again by their metadata, so a retry never posts twice): an install needs only the one that
 * matches its channels.
 */
export const BOT_SCOPES = [
  { scope: "commands", for: "the /webhooks command", needed: "always" },
  { scope: "chat:write", for: "posting the digest and the alerts", needed: "always" },
  {
    scope: "channels:history",
    for: "reading the bot's own messages back in a public channel (digest, incidents, their threads)",
    needed: "public",
  },
  { scope: "groups:history", for: "the same in a private channel", needed: "private" },
  {
    scope: "channels:read",
    for: "checking the bot is in a channel before subscribing it (conversations.info), and hearing it was invited back (member_joined_channel)",
    needed: "always",
  },
  { scope: "groups:read", for: "the same for a private channel", needed: "private" },
  {
    scope: "usergroups:read",
    for: "the user groups the subscription form offers to mention",
    needed: "optional",
  },
] as const;

/** The scope an app-level token needs for Socket Mode. */
export const SOCKET_MODE_SCOPE = "connections:write";
