import type { Button, KnownBlock } from "@slack/types";
import { readableQuery } from "../query/term-text";
import { SLACK_LIMITS } from "../slack/limits";
import { formatCount } from "../text/format-count";
import { ACTION_IDS } from "./action-ids";
import { actions, button, buttonValue, context, header, section } from "./block-kit";
import { fitToLimits } from "./fit-to-limits";
import type { SearchResultModel, SlackMessage, Viewer } from "./models";
import type { ShareOptions } from "./share-options";
import { skippedNote } from "./skipped-note";
import { slackDate } from "./slack-date";
import { statusLegend, webhookStatus } from "./status";
import { capitalize, count, inlineCode, safeText, userMention } from "./untrusted-text";
import { detailsButton, prepareRecord, rowMenu, rowText, toggleButton } from "./webhook-row";

/** The "Shared by <@U…>" line of a shared message (a malformed user id is never put in a mention). */
export function sharedByLine(byUserId: string): string {
  return `Shared by ${userMention(byUserId) ?? "a teammate"}`;
}

/** The notice of `options` as the first block, if any. */
export function noticeBlocks(options: ShareOptions): KnownBlock[] {
  return options.notice ? [section(options.notice)] : [];
}

/** A fallback text led by the notice of `options`, if any. */
export function withNotice(text: string, options: ShareOptions): string {
  return options.notice ? `${options.notice} ${text}` : text;
}

/** Whether a page follows this one: from the page count, else from what Nexudus said. */
function hasNext(model: SearchResultModel): boolean {
  return model.totalPages !== undefined ? model.page < model.totalPages : model.hasNextPage === true;
}

/** "12" or, when Nexudus did not say, "an unknown number of". */
function totalText(model: SearchResultModel): string {
  return model.totalItems === undefined ? "" : formatCount(model.totalItems);
}

function pagingButtons(model: SearchResultModel): Button[] {
  const out: Button[] = [];
  const lastPage = Math.max(1, model.totalPages ?? model.page);
  if (model.page > 1) {
    const value = buttonValue({ q: model.query, p: Math.min(model.page - 1, lastPage) });
    if (value) out.push(button({ text: "◀ Previous", actionId: ACTION_IDS.pagePrev, value }));
  }
  if (hasNext(model)) {
    const value = buttonValue({ q: model.query, p: model.page + 1 });
    if (value) out.push(button({ text: "Next ▶", actionId: ACTION_IDS.pageNext, value }));
  }
  return out;
}

function footerContext(
  model: SearchResultModel,
  options: ShareOptions,
  ...notes: Array<string | undefined>
): string[] {
  const lines: string[] = [];
  if (model.excluded !== undefined) lines.push(`${formatCount(model.excluded)} left out by your exclusions`);
  const skipped = skippedNote(model.skipped);
  if (skipped) lines.push(skipped);
  for (const note of notes) if (note) lines.push(note);
  if (options.shared) lines.push(sharedByLine(options.shared.byUserId));
  lines.push(`As of ${slackDate(model.now)}`);
  // What the status icons of these rows mean, once, in the order of severity.
  if (model.records.length > 0) lines.push(statusLegend(model.records.map(webhookStatus)));
  return lines;
}

function emptyResults(model: SearchResultModel, options: ShareOptions): SlackMessage {
  const query = inlineCode(readableQuery(model.query), 200);
  const pastEnd = model.page > 1 && (model.totalItems === undefined || model.totalItems > 0);
  const pages = model.totalPages;
  const unreadable = (model.skipped ?? 0) > 0;
  const text = unreadable
    ? "Nexudus sent webhooks for this page, but none of them could be read."
    : pastEnd
      ? pages !== undefined && pages > 0
        ? `Page ${model.page} is past the end: this search has ${pages} page${pages === 1 ? "" : "s"}.`
        : `Page ${model.page} is past the end of this search.`
      : `No webhooks match${query ? ` ${query}` : ""}. Try \`/webhooks all\`, or \`/webhooks help\` for the syntax and examples.`;
  const blocks: KnownBlock[] = [
    ...noticeBlocks(options),
    header(capitalize(safeText(model.title, 150)) || "Webhooks"),
    section(text),
  ];
  const paging = pagingButtons(model);
  if (paging.length > 0) blocks.push(actions(paging));
  blocks.push(context(...footerContext(model, options)));
  const fallback = unreadable
    ? "None of the webhooks Nexudus sent for this page could be read."
    : pastEnd
      ? `Page ${model.page} is past the end of the results.`
      : "No webhooks match this search.";
  return { text: withNotice(fallback, options), blocks };
}

/**
 * One page of search results: a header, a summary, one section per webhook (status, name, action,
 * location, error bar, who paused it, last success, host, last error; a **Details** button), **Pause** or
 * **Resume** for admins, paging and **Share** buttons and a context line ending in a legend of the status
 * icons. Adapts to stay within Slack's limits for any page size (1–25) and any record content: when a
 * button row per webhook does not fit (24 or 25 rows), an admin's rows each get one menu holding Details
 * and Pause…/Resume… instead, so every action stays on the page; long texts are shortened until the whole
 * fits, and rows that still do not fit are left out, the answer saying how many.
 */
export function resultsMessage(
  model: SearchResultModel,
  viewer: Viewer,
  options: ShareOptions = {},
): SlackMessage {
  if (model.records.length === 0) return emptyResults(model, options);
  const prepared = model.records.map((r) => prepareRecord(r, model.locations, model));
  const title = capitalize(safeText(model.title, SLACK_LIMITS.headerText)) || "Webhooks";
  const from = { q: model.query, p: model.page };

  const footerButtons = pagingButtons(model);
  if (!options.shared) {
    const value = buttonValue({ q: model.query, p: model.page });
    if (value) footerButtons.push(button({ text: "Share in channel", actionId: ACTION_IDS.share, value }));
  }
  // Header, summary, footer context, the footer buttons and the notice if any.
  const fixedBlocks = 3 + (footerButtons.length > 0 ? 1 : 0) + noticeBlocks(options).length;
  const admin = viewer.isAdmin && !options.shared;
  // A direct Pause button (one click and its dialog) while a button row per webhook fits; a row menu after.
  const toggleInline = admin && fixedBlocks + 2 * prepared.length <= SLACK_LIMITS.blocksPerMessage;
  const accessory = (p: (typeof prepared)[number]) =>
    admin && !toggleInline ? rowMenu(p.record, from) : detailsButton(p.record.Id, from);

  const first = (model.page - 1) * model.size + 1;
  const total = totalText(model);
  const ofPages =
    model.totalPages !== undefined && model.totalPages >= model.page ? ` of ${model.totalPages}` : "";
  const summary = (shown: number) =>
    [
      total ? `*${total}* found` : "",
      `page ${model.page}${ofPages}`,
      `showing ${first}–${first + shown - 1}`,
      // Canonical text keeps `<` encoded for the parser; shown, it is escaped once, here.
      model.query ? `query ${inlineCode(readableQuery(model.query), 200)}` : "",
    ]
      .filter(Boolean)
      .join("  ·  ");

  return fitToLimits(
    ({ density, rows, minimal }) => {
      const shown = prepared.slice(0, rows);
      const left = prepared.length - shown.length;
      const leftOut =
        left > 0
          ? `${count(left, "webhook")} of this page left out: they do not fit in one Slack message. Ask for fewer with \`size:\`.`
          : undefined;
      const blocks: KnownBlock[] = [...noticeBlocks(options), header(title)];
      if (!minimal) blocks.push(context(summary(shown.length)));
      for (const p of shown) {
        blocks.push(section(rowText(p, density, model.now), accessory(p)));
        if (toggleInline && !minimal) blocks.push(actions([toggleButton(p, density, from)]));
      }
      if (footerButtons.length > 0) blocks.push(actions(footerButtons));
      if (!minimal) blocks.push(context(...footerContext(model, options, leftOut)));
      else if (leftOut) blocks.push(context(leftOut));
      return {
        text: withNotice(`${title}: ${total ? `${total} found, ` : ""}page ${model.page}${ofPages}`, options),
        blocks,
      };
    },
    { rows: prepared.length },
  );
}
