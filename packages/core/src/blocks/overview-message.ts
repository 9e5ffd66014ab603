import type { KnownBlock } from "@slack/types";
import { ACTION_IDS } from "./action-ids";
import { button, buttonValue, context, divider, header, section } from "./block-kit";
import { fitToLimits } from "./fit-to-limits";
import type { OverviewModel, SlackMessage } from "./models";
import { skippedNote } from "./skipped-note";
import { slackDate } from "./slack-date";
import { count } from "./untrusted-text";
import { detailsButton, prepareRecord, type RowDensity, rowText } from "./webhook-row";

/** "3 failing webhooks", or "Failing webhooks: Nexudus did not say how many". */
function total(n: number | undefined, noun: string): string {
  return n === undefined ? `${noun}s: Nexudus did not say how many` : count(n, noun);
}

/** A total for a sentence: the number, or "an unknown number of". */
function amount(n: number | undefined): string {
  return n === undefined ? "an unknown number of" : n.toLocaleString("en-US");
}

/** How many of the worst failing webhooks the overview shows at most. */
const WORST_SHOWN = 5;

/** A search the overview offers as a button (`ACTION_IDS.runSearch`, value `{ q }`). */
function searchRow(text: string, label: string, q: string) {
  // One button per section: an action_id may appear only once per block, and all of these share one.
  return section(
    text,
    button({ text: label, actionId: ACTION_IDS.runSearch, value: buttonValue({ q }) ?? "{}" }),
  );
}

function overviewBlocks(model: OverviewModel, density: RowDensity): KnownBlock[] {
  const { all, failing, disabled } = model.totals;
  const blocks: KnownBlock[] = [
    header("Nexudus webhooks"),
    searchRow(
      `:large_orange_circle: *${total(failing, "failing webhook")}* (one or more consecutive errors)`,
      "Show failing",
      "failing",
    ),
    searchRow(
      `:no_entry: *${total(disabled, "disabled webhook")}* (paused, or disabled by Nexudus after 10 failures)`,
      "Show disabled",
      "disabled",
    ),
    searchRow(":hourglass: *Stale*: no successful delivery for 7 days", "Show stale", "stale"),
    searchRow(
      `:card_index: *${total(all, "webhook")}*${all === undefined ? "" : " in all"}`,
      "Show all",
      "all",
    ),
    searchRow(":question: The search syntax, with examples", "Help", "help"),
  ];
  const worst = model.worst.slice(0, WORST_SHOWN).map((r) => prepareRecord(r, model.locations));
  if (worst.length > 0) {
    blocks.push(divider(), context(`*Worst failing* (${worst.length} of ${amount(failing)})`));
    for (const p of worst) {
      blocks.push(
        section(rowText(p, density, model.now), detailsButton(p.record.Id, { q: "failing", p: 1 })),
      );
    }
  } else if (failing === 0 && all !== undefined && all > 0 && !model.skipped) {
    blocks.push(divider(), section(":white_check_mark: Every webhook delivered its last event."));
  }
  const skipped = skippedNote(model.skipped);
  if (skipped) blocks.push(context(skipped));
  blocks.push(context(`As of ${slackDate(model.now)}  ·  Type \`/webhooks help\` for the search syntax.`));
  return blocks;
}

function fallbackText(model: OverviewModel): string {
  const { all, failing, disabled } = model.totals;
  // "?" where Nexudus did not say: the fallback text stays one short line.
  const n = (value: number | undefined) => (value === undefined ? "?" : value.toLocaleString("en-US"));
  return `Webhooks: ${n(failing)} failing, ${n(disabled)} disabled, ${n(all)} in all`;
}

/**
 * The answer to a bare `/webhooks`: totals (failing, disabled, all), a button for each common search
 * (`failing`, `disabled`, `stale`, `all`, `help`) and the worst failing webhooks with **Details** buttons.
 */
export function overviewMessage(model: OverviewModel): SlackMessage {
  return fitToLimits((density) => ({ text: fallbackText(model), blocks: overviewBlocks(model, density) }));
}

/** The App Home tab: the same overview as a view (`views.publish`), within the Home tab's limits. */
export function homeView(model: OverviewModel): { type: "home"; blocks: KnownBlock[] } {
  const { blocks } = fitToLimits((density) => ({ blocks: overviewBlocks(model, density) }), "home");
  return { type: "home", blocks };
}
