import type { SlackMessage } from "../blocks/models";
import { COMMAND_TABLE, type CommandRow, type HelpGroup } from "./command-table";
import { escapeMrkdwn } from "./mrkdwn";

const GROUP_TITLES: Readonly<Record<HelpGroup, string>> = {
  status: "Status",
  filter: "Filters",
  date: "Dates",
  exclude: "Leaving things out",
  order: "Order and pages",
  one: "One webhook",
  subscribe: "Channel subscriptions",
  admin: "For admins",
};

const INTRO =
  "Type /webhooks alone for an overview. Terms are combined: every one must match. " +
  "Keys and keywords ignore case; quote values with spaces, e.g.";

const tick = (text: string) => `\`${escapeMrkdwn(text)}\``;

function rowLine(row: CommandRow): string {
  const usage = row.usage.split(", ").map(tick).join(", ");
  const aliases = row.aliases.length > 0 ? ` (also ${row.aliases.map(tick).join(", ")})` : "";
  const examples = row.examples.filter((e) => e !== row.usage);
  const shown = examples.length > 0 ? `  e.g. ${examples.slice(0, 3).map(tick).join(" ")}` : "";
  return `• ${usage}${aliases}: ${escapeMrkdwn(row.summary)}${shown}`;
}

/**
 * The Block Kit help, generated from COMMAND_TABLE (the table the parser reads), so it cannot drift from
 * what the parser accepts.
 */
export function helpMessage(): SlackMessage {
  const rows: readonly CommandRow[] = COMMAND_TABLE;
  const groups = Object.keys(GROUP_TITLES) as HelpGroup[];
  const blocks: SlackMessage["blocks"] = [
    { type: "header", text: { type: "plain_text", text: "Searching webhooks with /webhooks", emoji: true } },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `${escapeMrkdwn(INTRO)} ${tick('name:"invoice sync"')}.`,
      },
    },
  ];
  for (const group of groups) {
    const lines = rows.filter((r) => r.group === group).map(rowLine);
    if (lines.length === 0) continue;
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: `*${GROUP_TITLES[group]}*\n${lines.join("\n")}` },
    });
  }
  blocks.push({
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: `Examples: ${[
          "failing",
          'failing location:"Downtown Hub"',
          "xero invoice",
          "action:invoice triggered:before:30d",
          "disabled -host:example-coworking.com sort:-updated",
        ]
          .map(tick)
          .join("  ")}`,
      },
    ],
  });
  return {
    text: "How to search webhooks with /webhooks: failing, disabled, name:, action:, location:, errors:, triggered:, sort:, page:",
    blocks,
  };
}
