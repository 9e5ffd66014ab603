import { context, header, section } from "../blocks/block-kit";
import type { SlackMessage } from "../blocks/models";
import { safeText } from "../blocks/untrusted-text";
import { SLACK_LIMITS } from "../slack/limits";
import { AREA_TITLES, type CheckArea, type DoctorReport } from "./check-result";
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

/**
 * The setup check as a Slack message (ephemeral, for an admin): per area, each check's status, title and
 * finding, with the fix under anything wrong. Findings quote Slack's and AWS's answers, so they are escaped.
 */
export function doctorMessage(report: DoctorReport): SlackMessage {
  const blocks: SlackMessage["blocks"] = [
    header(report.failed ? "Setup check: problems found" : "Setup check"),
  ];
  for (const area of Object.keys(AREA_TITLES) as CheckArea[]) {
    const results = report.results.filter((r) => r.area === area);
    if (results.length === 0) continue;
    const lines = results.map((r) => {
      const line = `${EMOJI[r.status]} *${safeText(r.title, 80)}*: ${safeText(r.finding, 400)}`;
      return r.fix && r.status !== "ok" ? `${line}\n      _${safeText(r.fix, 400)}_` : line;
    });
    // One section per area, split when the area's lines would pass a section's limit.
    let chunk = `*${AREA_TITLES[area]}*`;
    for (const line of lines) {
      if (chunk.length + line.length + 1 > SLACK_LIMITS.sectionText - 100) {
        blocks.push(section(chunk));
        chunk = line;
      } else chunk = `${chunk}\n${line}`;
    }
    blocks.push(section(chunk));
  }
  blocks.push(context(`${doctorSummary(report)} The same check runs from a terminal: \`npm run doctor\`.`));
  return { text: doctorSummary(report), blocks };
}
