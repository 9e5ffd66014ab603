import type { CommandRow } from "../row-types";

/**
 * Channel subscriptions: commands written first (`subscribe <search> [options]`, `subscriptions`,
 * `unsubscribe N`), and the options a subscription takes after its search.
 */
export const SUBSCRIPTION_ROWS = [
  {
    kind: "command",
    takes: "subscription",
    name: "subscribe",
    aliases: [],
    group: "subscribe",
    usage: "subscribe failing location:12",
    summary:
      "admins: this channel gets the alerts and the daily digest for the webhooks the search matches (exclusions and location names included); the bot must be in the channel",
    examples: [
      'subscribe failing location:"Downtown Hub"',
      "subscribe failing -action:BookingCreate digest at:08:30",
    ],
    nexudus: "(checked on the records the watch and the digest read: no request of its own)",
  },
  {
    kind: "command",
    takes: "nothing",
    name: "subscriptions",
    aliases: [],
    group: "subscribe",
    usage: "subscriptions",
    summary: "this channel's subscriptions, numbered, each with a Remove button (admins see every channel's)",
    examples: ["subscriptions"],
    nexudus: "(none: read from the bot's table)",
  },
  {
    kind: "command",
    takes: "number",
    name: "unsubscribe",
    aliases: [],
    group: "subscribe",
    usage: "unsubscribe 2",
    summary: "admins: removes this channel's subscription with that number in /webhooks subscriptions",
    examples: ["unsubscribe 1"],
    nexudus: "(none: removed from the bot's table)",
  },
  {
    kind: "syntax",
    name: "alerts",
    aliases: [],
    group: "subscribe",
    usage: "alerts, digest",
    summary:
      'after subscribe: take only the alerts, or only the daily digest (default both); quote the word to search names for it ("digest")',
    examples: ["subscribe failing alerts", "subscribe disabled digest"],
    nexudus: "-",
  },
  {
    kind: "syntax",
    name: "at",
    aliases: [],
    group: "subscribe",
    usage: "at:08:30",
    summary: "after subscribe: the digest's time, on the 24-hour clock (default 08:00)",
    examples: ["subscribe failing at:07:45"],
    nexudus: "-",
  },
  {
    kind: "syntax",
    name: "tz",
    aliases: [],
    group: "subscribe",
    usage: "tz:Europe/Paris",
    summary:
      "after subscribe: the zone of the digest's time and of the search's dates (default DIGEST_TIMEZONE)",
    examples: ["subscribe failing at:07:45 tz:America/New_York"],
    nexudus: "-",
  },
  {
    kind: "syntax",
    name: "mention",
    aliases: [],
    group: "subscribe",
    usage: "mention:@oncall",
    summary:
      "after subscribe: who an escalation mentions, a user group or people picked with Slack's @ autocomplete (or their ids), comma-separated",
    examples: ["subscribe disabled mention:S0123ABCD"],
    nexudus: "-",
  },
] as const satisfies readonly CommandRow[];
