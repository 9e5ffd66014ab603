import type { KnownBlock } from "@slack/types";
import { ACTION_IDS } from "../blocks/action-ids";
import { actions, button, buttonValue } from "../blocks/block-kit";
import type { SlackMessage } from "../blocks/models";
import { homeView } from "../blocks/overview-message";
import { SLACK_LIMITS } from "../slack/limits";
import { loadOverview } from "./load-overview";
import { failureMessage } from "./messages";
import type { ExecuteOptions, ServiceDeps } from "./service-types";

/** A view for the App Home tab. */
export interface HomeView {
  type: "home";
  blocks: KnownBlock[];
}

/** The App Home tab: the overview; when Nexudus fails, the reason instead. Never throws. */
export async function homeViewFor(deps: ServiceDeps, options: ExecuteOptions): Promise<HomeView> {
  try {
    const call = {
      ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    return homeView(await loadOverview(deps, call));
  } catch (error) {
    if (options.rethrow?.(error)) throw error;
    return { type: "home", blocks: failureMessage(error).blocks };
  }
}

/**
 * The Home tab showing the answer to a click made on it (clicks there have no `response_url`), with a
 * way back to the overview: a common search with an empty query, which is the overview.
 */
export function homeAnswerView(message: SlackMessage): HomeView {
  const back = actions([
    button({
      text: "Back to overview",
      actionId: ACTION_IDS.runSearch,
      value: buttonValue({ q: "" }) ?? "{}",
    }),
  ]);
  return { type: "home", blocks: [...message.blocks.slice(0, SLACK_LIMITS.blocksPerView - 1), back] };
}
