import type { KnownBlock } from "@slack/types";
import { ACTION_IDS } from "./action-ids";
import { button, buttonValue, context, divider, header, section } from "./block-kit";
import { type Fit, fitToLimits } from "./fit-to-limits";
import type { OverviewModel, SlackMessage } from "./models";
import { slackDate } from "./slack-date";
import { count } from "./untrusted-text";
import { detailsButton, prepareRecord, rowText } from "./webhook-row";

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

function overviewBlocks(model: OverviewModel, { density, rows }: Fit): KnownBlock[] {
  const { all, failing, disabled } = model.totals;
  const blocks: KnownBlock[] = [
    header("Nexudus webhooks"),
    searchRow(
      `:large_orange_circle: *${count(failing, "failing webhook")}* (one or more consecutive errors)`,
      "Show failing",
      "failing",
    ),
    searchRow(
      `:no_entry: *${count(disabled, "disabled webhook")}* (paused, or disabled by Nexudus after 10 failures)`,
      "Show disabled",
      "disabled",
    ),
    searchRow(":hourglass: *Stale*: no successful delivery for 7 days", "Show stale", "stale"),
    searchRow(`:card_index: *${count(all, "webhook")}* in all`, "Show all", "all"),
    searchRow(":question: The search syntax, with examples", "Help", "help"),
  ];
  const worst = model.worst
    .slice(0, Math.min(WORST_SHOWN, rows))
    .map((r) => prepareRecord(r, model.locations));
  if (worst.length > 0) {
    blocks.push(
      divider(),
      context(`*Worst failing* (${worst.length} of ${failing.toLocaleString("en-US")})`),
    );
    for (const p of worst) {
      blocks.push(
        section(rowText(p, density, model.now), detailsButton(p.record.Id, { q: "failing", p: 1 })),
      );
    }
  } else if (failing === 0 && all > 0) {
    blocks.push(divider(), section(":white_check_mark: Every webhook delivered its last event."));
  }
  blocks.push(context(`As of ${slackDate(model.now)}  ·  Type \`/webhooks help\` for the search syntax.`));
  return blocks;
}

function fallbackText(model: OverviewModel): string {
  const { all, failing, disabled } = model.totals;
  return `Webhooks: ${failing.toLocaleString("en-US")} failing, ${disabled.toLocaleString("en-US")} disabled, ${all.toLocaleString("en-US")} in all`;
}

/**
 * The answer to a bare `/webhooks`: totals (failing, disabled, all), a button for each common search
 * (`failing`, `disabled`, `stale`, `all`, `help`) and the worst failing webhooks with **Details** buttons.
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
