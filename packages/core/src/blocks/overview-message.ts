import type { KnownBlock } from "@slack/types";
import { formatCount } from "../text/format-count";
import { ACTION_IDS } from "./action-ids";
import { button, buttonValue, context, divider, header, section } from "./block-kit";
import { type Fit, fitToLimits } from "./fit-to-limits";
import type { OverviewModel, OverviewTotals, SlackMessage } from "./models";
import { skippedNote } from "./skipped-note";
import { slackDate } from "./slack-date";
import { AUTO_DISABLE_AFTER } from "./status";
import { count as countOf } from "./untrusted-text";
import { detailsButton, prepareRecord, rowText } from "./webhook-row";

/** "3 webhooks", or "an unknown number of webhooks" where Nexudus did not say. */
function count(n: number | undefined, noun: string): string {
  return n === undefined ? `an unknown number of ${noun}s` : countOf(n, noun);
}

/** How many of the worst failing webhooks the overview shows at most. */
const WORST_SHOWN = 5;

/**
 * The search behind each count of the overview, as typed: the count is its `TotalItems`
 * (`loadOverview` runs these) and the button next to it runs it. Disabled and paused split inactive
 * webhooks at Nexudus's auto-disable, as `webhookStatus` does.
 */
export const OVERVIEW_SEARCHES: Readonly<Record<keyof OverviewTotals, string>> = {
  failing: "failing",
  disabled: `disabled errors:${AUTO_DISABLE_AFTER}..`,
  paused: `disabled errors:..${AUTO_DISABLE_AFTER - 1}`,
  stale: "stale",
  all: "all",
};

/** Where Details opened from the overview leads back to: the overview itself (an empty query). */
const FROM_OVERVIEW = { q: "", p: 1 };

/** A search the overview offers as a button (`ACTION_IDS.runSearch`, value `{ q }`). */
function searchRow(text: string, label: string, q: string) {
  // One button per section: an action_id may appear only once per block, and all of these share one.
  return section(
    text,
    button({ text: label, actionId: ACTION_IDS.runSearch, value: buttonValue({ q }) ?? "{}" }),
  );
}

function overviewBlocks(model: OverviewModel, { density, rows }: Fit): KnownBlock[] {
  const { all, failing, disabled, paused, stale } = model.totals;
  const q = OVERVIEW_SEARCHES;
  const blocks: KnownBlock[] = [
    header("Nexudus webhooks"),
    searchRow(
      `:large_orange_circle: *${count(failing, "failing webhook")}* (one or more consecutive errors)`,
      "Show failing",
      q.failing,
    ),
    searchRow(
      `:no_entry: *${count(disabled, "webhook")} disabled* by Nexudus after ${AUTO_DISABLE_AFTER} failures`,
      "Show disabled",
      q.disabled,
    ),
    searchRow(
      `:double_vertical_bar: *${count(paused, "webhook")} paused* by a person or an API client`,
      "Show paused",
      q.paused,
    ),
    searchRow(
      `:hourglass: *${count(stale, "stale webhook")}*: no successful delivery for 7 days`,
      "Show stale",
      q.stale,
    ),
    searchRow(`:card_index: *${count(all, "webhook")}* in all`, "Show all", q.all),
    searchRow(":question: The search syntax, with examples", "Help", "help"),
  ];
  const worst = model.worst
    .slice(0, Math.min(WORST_SHOWN, rows))
    .map((r) => prepareRecord(r, model.locations, model));
  if (worst.length > 0) {
    blocks.push(
      divider(),
      context(`*Worst failing* (${worst.length} of ${failing === undefined ? "?" : formatCount(failing)})`),
    );
    for (const p of worst) {
      blocks.push(section(rowText(p, density, model.now), detailsButton(p.record.Id, FROM_OVERVIEW)));
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
  // "?" where Nexudus did not say: the fallback text stays one short line.
  const n = (x: number | undefined) => (x === undefined ? "?" : formatCount(x));
  const { all, failing, disabled, paused, stale } = model.totals;
  return `Webhooks: ${n(failing)} failing, ${n(disabled)} disabled by Nexudus, ${n(paused)} paused, ${n(stale)} stale, ${n(all)} in all`;
}

/**
 * The answer to a bare `/webhooks`: totals (failing, disabled by Nexudus, paused, stale, all), a button for
 * each (running the search the count comes from, `OVERVIEW_SEARCHES`) and for `help`, and the worst
 * failing webhooks with **Details** buttons that lead back to the overview.
 */
export function overviewMessage(model: OverviewModel): SlackMessage {
  return fitToLimits((fit) => ({ text: fallbackText(model), blocks: overviewBlocks(model, fit) }), {
    rows: Math.min(WORST_SHOWN, model.worst.length),
  });
}

/** The App Home tab: the same overview as a view (`views.publish`), within the Home tab's limits. */
export function homeView(model: OverviewModel): { type: "home"; blocks: KnownBlock[] } {
  const { blocks } = fitToLimits((fit) => ({ blocks: overviewBlocks(model, fit) }), {
    surface: "home",
    rows: Math.min(WORST_SHOWN, model.worst.length),
  });
  return { type: "home", blocks };
}
