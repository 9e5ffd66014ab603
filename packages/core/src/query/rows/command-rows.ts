import type { CommandRow } from "../row-types";

/**
 * Commands written first, followed by one webhook's id (`87654321` or `#87654321`, as results show it), or
 * alone.
 */
export const COMMAND_ROWS = [
  {
    kind: "command",
    name: "show",
    aliases: [],
    group: "one",
    usage: "show 87654321",
    summary:
      "one webhook in full, with its description; the id as results show it (#87654321) or a bare id does the same",
    examples: ["show 87654321", "show #87654321", "#87654321", "87654321"],
    nexudus: "GET /sys/webhooks/{id}",
  },
  {
    kind: "command",
    name: "pause",
    aliases: [],
    group: "one",
    usage: "pause 87654321",
    summary: "switch a webhook off (admins, after a confirmation)",
    examples: ["pause 87654321", "pause #87654321"],
    nexudus: "GET, then PUT with Active=false",
  },
  {
    kind: "command",
    name: "resume",
    aliases: [],
    group: "one",
    usage: "resume 87654321",
    summary: "switch a webhook back on (admins, after a confirmation)",
    examples: ["resume 87654321"],
    nexudus: "GET, then PUT with Active=true",
  },
  {
    kind: "command",
    name: "doctor",
    aliases: [],
    group: "admin",
    usage: "doctor",
    summary:
      "checks the bot's setup: Nexudus (reachable, credentials, roles, dates), Slack (token, scopes, channels) and AWS, with a fix for each problem (admins)",
    examples: ["doctor"],
    nexudus: "a few reads: /token, GET /sys/webhooks, /sys/webhooks/{id}, /sys/businesses",
    takesId: false,
  },
  {
    kind: "command",
    name: "incidents",
    aliases: ["alerts"],
    group: "one",
    usage: "incidents, incidents failing",
    summary:
      "the open incidents (the alerts' messages), the worst first, each with a link to its message; after it, a search keeps those with an open webhook it matches (name, location, errors, state, host, error: incidents keep no event, dates or description)",
    examples: ["incidents", 'incidents location:"Downtown Hub"', "incidents host:zapier.com -name:test"],
    nexudus: "none: read from the bot's table (a location name: the locations list)",
    takesId: false,
    takesSearch: true,
  },
  {
    kind: "command",
    name: "muted",
    aliases: ["mutes"],
    group: "one",
    usage: "muted",
    summary: "the webhooks muted from alerts, who muted each and when; admins get an Unmute button",
    examples: ["muted"],
    nexudus: "none: read from the bot's table",
    takesId: false,
  },
] as const satisfies readonly CommandRow[];
