import { compileIncidentQuery, INCIDENT_FIELDS_NOTE } from "../alerts/incident-filter";
import { incidentsListMessage, mutedListMessage } from "../alerts/incident-lists";
import { detailsMessage } from "../blocks/details-message";
import { queryErrorMessage } from "../blocks/error-messages";
import type { SlackMessage } from "../blocks/models";
import { infoMessage } from "../blocks/notice-messages";
import { overviewMessage } from "../blocks/overview-message";
import { resultsMessage } from "../blocks/results-message";
import type { ShareOptions } from "../blocks/share-options";
import { toggleConfirmMessage } from "../blocks/toggle-messages";
import { doctorMessage } from "../doctor/doctor-message";
import type { CallOptions } from "../nexudus/client-types";
import { NexudusHttpError } from "../nexudus/errors";
import type { Business } from "../nexudus/schemas";
import {
  formatQuery,
  helpMessage,
  mentionsLocation,
  needsLocationLookup,
  queryHints,
  queryNotes,
  resolveLocations,
  unknownLocationIds,
  withoutOrder,
} from "../query";
import { escapeMrkdwn } from "../query/mrkdwn";
import type { Command, QueryError, SearchQuery } from "../query/query-types";
import { callOptionsOf } from "../time/deadline";
import { loadOverview } from "./load-overview";
import { both, ImpossibleSearchError, loadResults, namesOrEmpty } from "./load-results";
import { isOutOfTime } from "./messages";
import { pausedByContext } from "./paused-by-context";
import type { ExecuteOptions, ServiceDeps } from "./service-types";
import { standingOf } from "./standing-of";

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
    case "subscribe":
    case "subscriptions":
    case "unsubscribe":
      // The pipeline sends these to the subscriptions service; here only a button could carry one.
      return infoMessage(`Type \`/webhooks ${command.kind} …\` in the channel it is for.`);
    case "doctor":
      // It runs in the worker, after a request Slack signed: that request verified the signing secret.
      return deps.doctor
        ? doctorMessage(
            await deps.doctor({
              signingSecretVerified: true,
              ...(options.deadline ? { deadline: options.deadline } : {}),
            }),
          )
        : infoMessage("The setup check is not available here: run `npm run doctor` from a terminal.");
    case "incidents":
      if (!deps.alerts) return infoMessage(ALERTS_UNAVAILABLE);
      if (command.query) return incidentsSearchMessage(command.query, deps, deps.alerts, call);
      {
        const [open, standing] = await Promise.all([
          deps.alerts.store.openIncidents(),
          standingOf(deps.alerts),
        ]);
        return incidentsListMessage(open, { now: deps.clock.now(), ...(standing ? { standing } : {}) });
      }
    case "muted":
      return deps.alerts
        ? mutedListMessage(await deps.alerts.store.mutes(), options.viewer)
        : infoMessage(ALERTS_UNAVAILABLE);
  }
}

const ALERTS_UNAVAILABLE =
  "Alerts keep their state in the bot's table, which is not configured here (`APP_TABLE_NAME`).";

/**
 * `/webhooks incidents <search>`: the open incidents with an open webhook the search matches, checked on
 * what each incident keeps; its location names resolved as a search's.
 */
async function incidentsSearchMessage(
  query: SearchQuery,
  deps: ServiceDeps,
  alerts: NonNullable<ServiceDeps["alerts"]>,
  call: CallOptions,
): Promise<SlackMessage> {
  const located = await locate(query, deps, call);
  if (!located.ok) return queryErrorMessage(located.errors);
  const now = deps.clock.now();
  const compiled = compileIncidentQuery(located.query, {
    now,
    timeZone: deps.config.timeZone,
    minErrors: deps.config.minErrors,
  });
  if (!compiled.ok) return queryErrorMessage(compiled.errors);
  const { ignored } = withoutOrder(query);
  const notes = [
    INCIDENT_FIELDS_NOTE,
    ...(ignored.length > 0
      ? [
          `${ignored.map((t) => `\`${escapeMrkdwn(t)}\``).join(", ")} left out: incidents are listed the worst first.`,
        ]
      : []),
  ];
  const [open, standing] = await Promise.all([alerts.store.openIncidents(), standingOf(alerts)]);
  const incidents = open.filter(compiled.test);
  return incidentsListMessage(incidents, {
    now,
    search: { text: formatQuery(query), notes },
    ...(standing ? { standing } : {}),
  });
}

async function searchMessage(
  query: SearchQuery,
  deps: ServiceDeps,
  options: AnswerOptions,
): Promise<SlackMessage> {
  const call = callOf(options);
  const located = await locate(query, deps, call);
  if (!located.ok) return queryErrorMessage(located.errors);
  try {
    const model = await loadResults(located.query, deps, call);
    // What the terms stand for, and on an empty answer what the user may have meant.
    const notes = [
      ...queryNotes(located.query),
      ...(model.totalItems === 0 ? queryHints(located.query).map((h) => h.message) : []),
    ];
    const share = options.share ?? {};
    const notice = [share.notice, ...notes].filter(Boolean).join("\n");
    return resultsMessage(
      { ...model, ...pausedByContext(deps) },
      options.viewer,
      notice ? { ...share, notice } : share,
    );
  } catch (error) {
    if (error instanceof ImpossibleSearchError) return queryErrorMessage(error.problems);
    throw error;
  }
}

/**
 * Resolves location names to ids and checks ids against the account's locations, from one cached list.
 * A name needs the list; an id is only checked, so if the list cannot be read the id is searched as typed.
 */
async function locate(
  query: SearchQuery,
  deps: ServiceDeps,
  call: CallOptions,
): Promise<{ ok: true; query: SearchQuery } | { ok: false; errors: QueryError[] }> {
  if (!mentionsLocation(query)) return { ok: true, query };
  let list: readonly Business[];
  try {
    list = await deps.locations.list(call);
  } catch (error) {
    if (needsLocationLookup(query) || isOutOfTime(error) || call.signal?.aborted) throw error;
    return { ok: true, query };
  }
  const unknown = unknownLocationIds(query, list);
  if (unknown.length > 0) return { ok: false, errors: unknown };
  return resolveLocations(query, async () => list);
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
