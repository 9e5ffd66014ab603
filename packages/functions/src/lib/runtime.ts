import { systemClock } from "@nwh/core/clock";
import type { Config } from "@nwh/core/config";
import { createLocationsCache, type ServiceDeps } from "@nwh/core/service";
import { type AccessPolicy, accessPolicy } from "./access-policy";
import { type Dispatcher, getDispatcher } from "./dispatcher";
import { loadConfig } from "./load-config";
import { registerSecrets } from "./logger";
import { nexudusClientFor } from "./nexudus-client";

/** Slack's deadline is 3 s; this leaves room for the cold start's tail, the dispatch and the network. */
export const DEFAULT_ANSWER_BUDGET_MS = 2000;
/** The worker answers through `response_url`, which stays valid for 30 minutes; a Lambda has 30 s here. */
export const DEFAULT_WORKER_BUDGET_MS = 20_000;

/** What the slack and worker functions share, built once per Lambda environment. */
export interface Runtime {
  config: Config;
  access: AccessPolicy;
  service: ServiceDeps;
  /** How long a request may wait for Nexudus before it is handed to the worker. */
  answerBudgetMs: number;
  /** How long the worker may take. */
  workerBudgetMs: number;
  dispatcher(): Dispatcher;
}

/**
 * A budget from the environment when set, else the default. `ANSWER_BUDGET_MS` and `WORKER_BUDGET_MS` are
 * internal tuning, not part of the configuration contract: tests shrink them so that the slow path and
 * the worker's timeout run in milliseconds. The answer budget can never exceed 2.5 s (Slack's 3 s rule).
 */
function budget(name: string, fallback: number, max: number): number {
  const raw = Number(process.env[name]);
  return Number.isInteger(raw) && raw > 0 && raw <= max ? raw : fallback;
}

/** Builds the runtime of a configuration. */
export function createRuntime(config: Config): Runtime {
  registerSecrets([config.SLACK_BOT_TOKEN, config.SLACK_SIGNING_SECRET, config.NEXUDUS_PASSWORD]);
  const client = nexudusClientFor(config);
  return {
    config,
    access: accessPolicy(config),
    service: {
      client,
      clock: systemClock,
      config: {
        timeZone: config.DIGEST_TIMEZONE,
        minErrors: config.DIGEST_MIN_ERRORS,
        botUser: config.NEXUDUS_USERNAME,
      },
      locations: createLocationsCache({ client, clock: systemClock }),
    },
    answerBudgetMs: budget("ANSWER_BUDGET_MS", DEFAULT_ANSWER_BUDGET_MS, 2500),
    workerBudgetMs: budget("WORKER_BUDGET_MS", DEFAULT_WORKER_BUDGET_MS, 60_000),
    dispatcher: () => getDispatcher(config.WORKER_FUNCTION_NAME),
  };
}

let shared: Promise<Runtime> | undefined;

/** The runtime of this process: configuration loaded once (environment, then the secret), clients created once. */
export function getRuntime(): Promise<Runtime> {
  if (shared) return shared;
  shared = loadConfig()
    .then(createRuntime)
    .catch((error: unknown) => {
      // Not cached: a later invocation tries again (e.g. after the secret was fixed).
      shared = undefined;
      throw error;
    });
  return shared;
}
