import type { Button, KnownBlock } from "@slack/types";
import type { WebhookRecord } from "../nexudus/schemas";
import { actions, context, section } from "./block-kit";
import type { LocationNames, PausedByContext, SlackMessage, ToggleResultModel } from "./models";
import { slackDate } from "./slack-date";
import { resumeWarning } from "./status";
import { safeText, userMention } from "./untrusted-text";
import { backButton, detailsButton, prepareRecord, ROOMY, rowText, toggleButton } from "./webhook-row";

/** Options of `toggleConfirmMessage`. */
export interface ToggleConfirmOptions extends PausedByContext {
  /** The search it was chosen from (a row menu): redrawn after the change, and offered as the way back. */
  from?: { q: string; p: number };
}

/**
 * The answer to `pause 123` / `resume 123` (and to a row menu's Pause…/Resume…): the webhook's summary and
 * one button, behind a confirm dialog, that does it (`active` is the state asked for: `false` = pause).
 * Nothing changes until it is clicked. A resume that the next failure would undo says so. When the webhook
 * is already in that state, says so and offers no button.
 */
export function toggleConfirmMessage(
  record: WebhookRecord,
  active: boolean,
  locations: LocationNames,
  now?: number,
  options: ToggleConfirmOptions = {},
): SlackMessage {
  const p = prepareRecord(record, locations, options);
  const verb = active ? "Resume" : "Pause";
  const name = `“${safeText(p.name, 80)}” (#${record.Id})`;
  if (record.Active === active) {
    return {
      text: `Webhook ${name} is already ${active ? "active" : "paused"}.`,
      blocks: [
        section(`Webhook ${name} is already ${active ? "active" : "paused"}; nothing to do.`),
        section(rowText(p, ROOMY, now)),
      ],
    };
  }
  const warning = active ? resumeWarning(record.ErrorCount) : undefined;
  const buttons: Button[] = [toggleButton(p, ROOMY, options.from, `${verb} webhook #${record.Id}`)];
  const back = options.from && backButton(options.from);
  if (back) buttons.push(back);
  const blocks: KnownBlock[] = [
    section(`${verb} this webhook?`),
    section(rowText(p, ROOMY, now)),
    ...(warning ? [section(`:warning: ${warning}`)] : []),
    actions(buttons),
  ];
  return { text: `${verb} webhook ${name}? Confirm with the button.`, blocks };
}

function didWhat(model: ToggleResultModel): string {
  return model.active ? "resumed" : "paused";
}

/** What the answers about a change name: the webhook (escaped), and who asked for it. */
function subject(model: ToggleResultModel) {
  const p = prepareRecord(model.record, model.locations, model);
  const name = `“${safeText(p.name, 80)}” (#${model.record.Id})`;
  return { p, name, who: userMention(model.actorUserId) ?? "Someone" };
}

/** The webhook as an audit line names it: `webhook “Name” (#id, Location)`. */
function auditedWebhook(model: ToggleResultModel): string {
  const p = prepareRecord(model.record, model.locations);
  return `webhook “${safeText(p.name, 150)}” (#${model.record.Id}, ${safeText(p.location, 100)})`;
}

/**
 * The answer after a pause or resume: what was done and the updated record, with its **Details** button;
 * after a resume at 9 or more errors, the warning that the next failure disables it again.
 */
export function toggledMessage(model: ToggleResultModel): SlackMessage {
  const { p, name, who } = subject(model);
  const icon = model.active ? ":arrow_forward:" : ":double_vertical_bar:";
  const warning = model.active ? resumeWarning(model.record.ErrorCount) : undefined;
  return {
    text: `Webhook ${name} ${didWhat(model)}.`,
    blocks: [
      section(`${icon} Webhook ${name} ${didWhat(model)}.`),
      section(rowText(p, ROOMY, model.now), detailsButton(model.record.Id)),
      ...(warning ? [section(`:warning: ${warning}`)] : []),
      context(`${who} ${didWhat(model)} it ${slackDate(model.now)}`),
    ],
  };
}

/** The one-line audit record of a pause or resume: `<@U…> paused webhook “Name” (#id, Location)`. */
export function auditMessage(model: ToggleResultModel): SlackMessage {
  const line = `${subject(model).who} ${didWhat(model)} ${auditedWebhook(model)}`;
  return { text: line, blocks: [section(line)] };
}

function askedWhat(model: ToggleResultModel): string {
  return model.active ? "resume" : "pause";
}

/**
 * The answer when Nexudus accepted a pause or resume but the webhook could not be read back to confirm it:
 * the change may have been made, so it says neither "done" nor "failed", and offers **Details** to check.
 */
export function toggleUnconfirmedMessage(model: ToggleResultModel): SlackMessage {
  const { name, who } = subject(model);
  const line = `Nexudus accepted the ${askedWhat(model)} of webhook ${name}, but it could not be read back to confirm it was made.`;
  return {
    text: `${line} Check it before trying again.`,
    blocks: [
      section(
        `:grey_question: ${line} Check it with *Details* (or \`/webhooks show ${model.record.Id}\`) before trying again.`,
        detailsButton(model.record.Id),
      ),
      context(`${who} asked to ${askedWhat(model)} it ${slackDate(model.now)}`),
    ],
  };
}

/** The audit line of a pause or resume Nexudus accepted but that could not be confirmed (see above). */
export function unconfirmedAuditMessage(model: ToggleResultModel): SlackMessage {
  const line = `${subject(model).who} asked to ${askedWhat(model)} ${auditedWebhook(model)}: Nexudus accepted it, but it could not be confirmed (the webhook could not be read back)`;
  return { text: line, blocks: [section(line)] };
}
