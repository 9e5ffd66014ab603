import type { Button, KnownBlock } from "@slack/types";
import { actionName } from "../nexudus/actions";
import { parseNexudusDate } from "../nexudus/schemas";
import { SLACK_LIMITS } from "../slack/limits";
import { redactUrl } from "../text/redact";
import { ACTION_IDS } from "./action-ids";
import { actions, button, buttonValue, context, fieldsSection, header, section } from "./block-kit";
import type { DetailsModel, SlackMessage, Viewer } from "./models";
import { noticeBlocks, sharedByLine, withNotice } from "./results-message";
import type { ShareOptions } from "./share-options";
import { lastSuccessText, slackDate } from "./slack-date";
import { errorBar, statusEmoji, statusText } from "./status";
import { codeBlock, inlineCode, safeParagraphs, safeText } from "./untrusted-text";
import { backButton, prepareRecord, ROOMY, toggleButton } from "./webhook-row";

function dateField(value: string | null | undefined): string {
  const at = parseNexudusDate(value);
  return at ? slackDate(at.getTime()) : "unknown";
}

/**
 * One webhook in full: status, action (name and number), location, Active, errors with the bar, last
 * success, created and updated (and by whom), the target URL (redacted, as code: never a link), the
 * description and the last error. Buttons: **Share** (not when shared), **Pause** or **Resume** for admins
 * (confirm dialog), and **Back to results** when `fromQuery` is set: `ACTION_IDS.runSearch` with
 * `{ q: fromQuery, p: fromPage ?? 1 }`, i.e. the search is run again at that page (not shown when shared,
 * where it would re-run someone else's search). An empty `fromQuery` is the overview (a bare `/webhooks`,
 * the Home tab): the button then reads **Back to overview**.
 */
export function detailsMessage(
  model: DetailsModel,
  viewer: Viewer,
  options: ShareOptions = {},
): SlackMessage {
  const r = model.record;
  const p = prepareRecord(r, model.locations, model);
  const name = safeText(p.name, SLACK_LIMITS.headerText);
  const updatedBy = r.UpdatedBy ? ` by ${safeText(r.UpdatedBy, 100)}` : "";
  const fields = [
    `*Status*\n${statusEmoji(r)} ${statusText(r, model.botUser)}`,
    `*Action*\n${actionName(r.Action)} (${r.Action})`,
    `*Location*\n${model.locations.has(r.BusinessId) ? `${safeText(p.location, 200)} (#${r.BusinessId})` : safeText(p.location, 200)}`,
    `*Active*\n${r.Active ? "Yes" : "No"}`,
    `*Consecutive errors*\n${errorBar(r.ErrorCount)}`,
    `*Last success*\n${lastSuccessText(r, model.now)}`,
    `*Created*\n${dateField(r.CreatedOn)}`,
    `*Updated*\n${dateField(r.UpdatedOn)}${updatedBy}`,
  ];
  const uniqueId = inlineCode(r.UniqueId, 100);
  fields.push(`*Id*\n#${r.Id}${uniqueId ? `  ·  ${uniqueId}` : ""}`);

  const blocks: KnownBlock[] = [...noticeBlocks(options), header(name), fieldsSection(fields)];
  blocks.push(section(`*Target URL*\n${inlineCode(redactUrl(r.URL), 1500) || "(none)"}`));
  const description = safeParagraphs(r.Description, 1500);
  if (description) blocks.push(section(`*Description*\n${description}`));
  const lastError = codeBlock(r.LastError, 2000);
  if (lastError) blocks.push(section(`*Last error*\n${lastError}`));

  const buttons: Button[] = [];
  if (!options.shared) {
    const share = buttonValue({ id: r.Id });
    if (share) buttons.push(button({ text: "Share in channel", actionId: ACTION_IDS.share, value: share }));
    if (viewer.isAdmin) {
      const from = model.fromQuery !== undefined ? { q: model.fromQuery, p: model.fromPage ?? 1 } : undefined;
      // Marked as drawn on details: after the change the details are redrawn, not the list.
      buttons.push(toggleButton(p, ROOMY, { ...from, v: "details" }));
    }
    const back = model.fromQuery !== undefined && backButton({ q: model.fromQuery, p: model.fromPage ?? 1 });
    if (back) buttons.push(back);
  }
  if (buttons.length > 0) blocks.push(actions(buttons));
  const footer = [`As of ${slackDate(model.now)}`];
  if (options.shared) footer.unshift(sharedByLine(options.shared.byUserId));
  blocks.push(context(...footer));

  return {
    text: withNotice(
      `Webhook “${safeText(p.name, 80)}” (#${r.Id}): ${statusText(r, model.botUser, { date: false })}, ${Math.max(0, r.ErrorCount)} consecutive errors`,
      options,
    ),
    blocks,
  };
}
