import { detailsMessage } from "../blocks/details-message";
import { queryErrorMessage } from "../blocks/error-messages";
import type { SlackMessage } from "../blocks/models";
import { infoMessage } from "../blocks/notice-messages";
import { overviewMessage } from "../blocks/overview-message";
import { resultsMessage } from "../blocks/results-message";
import type { ShareOptions } from "../blocks/share-options";
import { toggleConfirmMessage } from "../blocks/toggle-messages";
import type { CallOptions } from "../nexudus/client-types";
import { NexudusHttpError, NexudusTooManyRecordsError } from "../nexudus/errors";
import { exclusionLimitError, helpMessage, needsLocationLookup, resolveLocations } from "../query";
import type { Command, SearchQuery } from "../query/query-types";
import { callOptionsOf } from "../time/deadline";
import { loadOverview } from "./load-overview";
import { both, ImpossibleSearchError, loadResults, namesOrEmpty } from "./load-results";
import { pausedByContext } from "./paused-by-context";
import type { ExecuteOptions, ServiceDeps } from "./service-types";

/** Options of the answers that can be shared in a channel. */
export interface AnswerOptions extends ExecuteOptions {
  /** Set when the answer is posted in the channel through **Share**. */
  share?: ShareOptions;
  /** The search a details view or a confirm step came from (for its "Back to results" button). */
  from?: { q: string; p: number };
}

function callOf(options: ExecuteOptions): CallOptions {
  return callOptionsOf(options.deadline);
}

/**
 * Runs a parsed command into its answer. Mistakes in what was typed are answers; a failure of Nexudus is
 * thrown as the client's coded error (the caller decides: hand over to the worker, or say what failed).
 */
export async function runCommand(
  command: Command,
  deps: ServiceDeps,
  options: AnswerOptions,
): Promise<SlackMessage> {
  const call = callOf(options);
  switch (command.kind) {
    case "help":
      return helpMessage();
    case "overview":
      return overviewMessage(await loadOverview(deps, call));
    case "search":
      return searchMessage(command.query, deps, options);
    case "show":
      return showMessage(command.id, deps, options);
    case "pause":
    case "resume":
      return confirmToggle(command.id, command.kind === "resume", deps, options, call);
  }
}

async function searchMessage(
  query: SearchQuery,
  deps: ServiceDeps,
  options: AnswerOptions,
): Promise<SlackMessage> {
  const call = callOf(options);
  let resolved = query;
  if (needsLocationLookup(query)) {
    // The cache holds every location, so one list answers every name; resolveLocations does the matching.
    const outcome = await resolveLocations(query, () => deps.locations.list(call));
    if (!outcome.ok) return queryErrorMessage(outcome.errors);
    resolved = outcome.query;
  }
  try {
    const model = await loadResults(resolved, deps, call);
    return resultsMessage({ ...model, ...pausedByContext(deps) }, options.viewer, options.share ?? {});
  } catch (error) {
    const tooMany =
      error instanceof NexudusTooManyRecordsError ? exclusionLimitError(error.total) : undefined;
    if (tooMany) return queryErrorMessage([tooMany]);
    if (error instanceof ImpossibleSearchError) return queryErrorMessage(error.problems);
    throw error;
  }
}

async function showMessage(id: number, deps: ServiceDeps, options: AnswerOptions): Promise<SlackMessage> {
  const call = callOf(options);
  try {
    const [record, locations] = await both(deps.client.getWebhook(id, call), namesOrEmpty(deps, call));
    return detailsMessage(
      {
        kind: "details",
        record,
        locations,
        now: deps.clock.now(),
        ...(options.from ? { fromQuery: options.from.q, fromPage: options.from.p } : {}),
        ...pausedByContext(deps),
      },
      options.viewer,
      options.share ?? {},
    );
  } catch (error) {
    if (error instanceof NexudusHttpError && error.status === 404) return noSuchWebhook(id);
    throw error;
  }
}

async function confirmToggle(
  id: number,
  active: boolean,
  deps: ServiceDeps,
  options: AnswerOptions,
  call: CallOptions,
): Promise<SlackMessage> {
  try {
    const [record, locations] = await both(deps.client.getWebhook(id, call), namesOrEmpty(deps, call));
    return toggleConfirmMessage(record, active, locations, deps.clock.now(), {
      ...(options.from ? { from: options.from } : {}),
      ...pausedByContext(deps),
    });
  } catch (error) {
    if (error instanceof NexudusHttpError && error.status === 404) return noSuchWebhook(id);
    throw error;
  }
}

/** The answer when no webhook has this id. */
export function noSuchWebhook(id: number): SlackMessage {
  return infoMessage(`No webhook has the id ${id}. Type \`/webhooks all\` to list them.`);
}
