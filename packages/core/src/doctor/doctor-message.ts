import { context, header, section } from "../blocks/block-kit";
import type { SlackMessage } from "../blocks/models";
import { safeText } from "../blocks/untrusted-text";
import { SLACK_LIMITS } from "../slack/limits";
import { AREA_TITLES, type CheckArea, type CheckResult, type DoctorReport } from "./check-result";
import { doctorSummary } from "./format-doctor-text";

const EMOJI = { ok: ":white_check_mark:", warn: ":warning:", fail: ":x:", skip: ":heavy_minus_sign:" };

/** The immediate answer to `/webhooks doctor` while the worker runs the checks. */
export function checkingSetupMessage(): SlackMessage {
  return {
    text: "Checking the bot's setup…",
    blocks: [
      section(
        ":stethoscope: Checking the bot's setup (Nexudus, Slack, AWS); the answer comes here in a few seconds…",
      ),
    ],
  };
}

/** Block text the report may use: Slack refuses a message from about 12,000 chars of it. */
const TEXT_BUDGET = SLACK_LIMITS.totalBlockText - 1500;

function lineOf(r: CheckResult): string {
  const line = `${EMOJI[r.status]} *${safeText(r.title, 80)}*: ${safeText(r.finding, 400)}`;
  return r.fix && r.status !== "ok" ? `${line}\n      _${safeText(r.fix, 400)}_` : line;
}

/**
 * The setup check as a Slack message (ephemeral, for an admin): per area, each check's status, title and
 * finding, with the fix under anything wrong. Findings quote Slack's and AWS's answers, so they are escaped.
 * When the report would pass Slack's limits, passed checks are left out first, then the rest is cut, and
 * the message says how many are not shown.
 */
export function doctorMessage(report: DoctorReport): SlackMessage {
  const blocks: SlackMessage["blocks"] = [
    header(report.failed ? "Setup check: problems found" : "Setup check"),
  ];
  const lines = new Map(report.results.map((r) => [r, lineOf(r)]));
  const shown = new Set(report.results);
  let total = [...lines.values()].reduce((n, l) => n + l.length + 1, 0);
  // Over the budget: drop what passed, then what was not tested, then the last lines.
  for (const drop of ["ok", "skip", "warn", "fail"] as const) {
    for (const r of [...report.results].reverse()) {
      if (total <= TEXT_BUDGET) break;
      if (r.status !== drop || !shown.has(r)) continue;
      shown.delete(r);
      total -= lines.get(r)!.length + 1;
    }
  }
  for (const area of Object.keys(AREA_TITLES) as CheckArea[]) {
    const results = report.results.filter((r) => r.area === area && shown.has(r));
    if (results.length === 0) continue;
    // One section per area, split when the area's lines would pass a section's limit.
    let chunk = `*${AREA_TITLES[area]}*`;
    for (const r of results) {
      const line = lines.get(r)!;
      if (chunk.length + line.length + 1 > SLACK_LIMITS.sectionText - 100) {
        blocks.push(section(chunk));
        chunk = line;
      } else chunk = `${chunk}\n${line}`;
    }
    blocks.push(section(chunk));
  }
  const hidden = report.results.length - shown.size;
  const more =
    hidden > 0
      ? ` ${hidden} more not shown here: \`npm run doctor\` prints every check.`
      : " The same check runs from a terminal: `npm run doctor`.";
  blocks.push(context(`${doctorSummary(report)}${more}`));
  return { text: doctorSummary(report), blocks: blocks.slice(0, SLACK_LIMITS.blocksPerMessage) };
}
