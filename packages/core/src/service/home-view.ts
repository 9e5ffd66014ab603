import type { KnownBlock } from "@slack/types";
import { incidentsListMessage } from "../alerts/incident-lists";
import { ACTION_IDS, decodeActionValue } from "../blocks/action-ids";
import { actions, button, buttonValue, context, divider, header } from "../blocks/block-kit";
import type { SlackMessage } from "../blocks/models";
import { homeView } from "../blocks/overview-message";
import { SLACK_LIMITS } from "../slack/limits";
import { callOptionsOf } from "../time/deadline";
import { loadOverview } from "./load-overview";
import type { ExecuteOptions, ServiceDeps } from "./service-types";
import { standingOf } from "./standing-of";

/** A view for the App Home tab. */
export interface HomeView {
  type: "home";
  blocks: KnownBlock[];
}

/**
 * The App Home tab: the overview, then the open incidents when the alerts keep any (read from the table
 * alongside Nexudus). A failure of Nexudus is thrown (see `homeFailureView`); a failed read of the
 * incidents only says so on the tab.
 */
export async function loadHomeView(deps: ServiceDeps, options: ExecuteOptions): Promise<HomeView> {
  const alerts = deps.alerts;
  const incidents = alerts?.store.openIncidents().then(
    (list) => ({ ok: true as const, list }),
    () => ({ ok: false as const }),
  );
  const standing = alerts ? standingOf(alerts) : undefined;
  const view = homeView(await loadOverview(deps, callOptionsOf(options.deadline)));
  if (!incidents) return view;
  const [read, stands] = await Promise.all([incidents, standing]);
  // Alerts never set up (no channel configured, nothing recorded, never watched): the overview alone.
  const neverWatched = stands === undefined || stands.kind !== "watching";
  if (!alerts?.config.channel && (!read.ok || read.list.length === 0) && neverWatched) return view;
  const room = SLACK_LIMITS.blocksPerView - view.blocks.length - 2;
  if (room < 2) return view;
  const section: KnownBlock[] = read.ok
    ? (incidentsListMessage(read.list, { now: deps.clock.now(), ...(stands ? { standing: stands } : {}) })
        .blocks as KnownBlock[])
    : [
        context(
          "The open incidents could not be read from the bot's table just now; reopen the tab to retry.",
        ),
      ];
  const kept =
    section.length > room
      ? [...section.slice(0, room - 1), context("…more with `/webhooks incidents`")]
      : section;
  return { ...view, blocks: [...view.blocks, divider(), header("Open incidents"), ...kept] };
}

/** Buttons that only make sense on a message in a channel: a click on the Home tab has nowhere to post. */
const CHANNEL_ONLY: ReadonlySet<string> = new Set([ACTION_IDS.share]);

/** The blocks without channel-only buttons; an actions block left empty is dropped. */
function withoutChannelOnly(blocks: readonly KnownBlock[]): KnownBlock[] {
  const out: KnownBlock[] = [];
  for (const block of blocks) {
    if (block.type === "actions") {
      const elements = block.elements.filter(
        (e) => !("action_id" in e && e.action_id !== undefined && CHANNEL_ONLY.has(e.action_id)),
      );
      if (elements.length > 0) out.push({ ...block, elements });
      continue;
    }
    if (block.type === "section" && block.accessory && "action_id" in block.accessory) {
      const id = block.accessory.action_id;
      if (id !== undefined && CHANNEL_ONLY.has(id)) {
        const { accessory: _dropped, ...rest } = block;
        out.push(rest);
        continue;
      }
    }
    out.push(block);
  }
  return out;
}

/** Whether the blocks already lead back to the overview (a `runSearch` button with an empty query). */
function leadsToOverview(blocks: readonly KnownBlock[]): boolean {
  return blocks.some(
    (block) =>
      block.type === "actions" &&
      block.elements.some(
        (e) =>
          e.type === "button" && e.action_id === ACTION_IDS.runSearch && decodeActionValue(e.value)?.q === "",
      ),
  );
}

/**
 * The Home tab showing the answer to a click made on it (clicks there have no `response_url`), with a
 * way back to the overview: a common search with an empty query, which is the overview (unless the
 * answer has one already: Details opened from the overview). **Share in channel** is left out: the tab
 * has no channel to post in.
 */
export function homeAnswerView(message: SlackMessage): HomeView {
  const blocks = withoutChannelOnly(message.blocks as KnownBlock[]);
  if (leadsToOverview(blocks)) return { type: "home", blocks: blocks.slice(0, SLACK_LIMITS.blocksPerView) };
  const back = actions([
    button({
      text: "Back to overview",
      actionId: ACTION_IDS.runSearch,
      value: buttonValue({ q: "" }) ?? "{}",
    }),
  ]);
  return { type: "home", blocks: [...blocks.slice(0, SLACK_LIMITS.blocksPerView - 1), back] };
}
