import type { Logger } from "@aws-lambda-powertools/logger";
import type { Clock } from "@nwh/core/clock";
import type { Config } from "@nwh/core/config";
import {
  createNexudusClient,
  type HttpFetch,
  NEXUDUS_LIMITS,
  type NexudusClient,
  nexudusSettingsFrom,
  type SharedRateBudget,
  type TokenCache,
  timerSleep,
} from "@nwh/core/nexudus";
import {
  type AppStore,
  rateBudgetKeyOf,
  sharedRateBudget,
  sharedTokenCache,
  tokenKeyOf,
} from "@nwh/core/store";
import { describeError, nexudusLoggerOf } from "./logger";
import { nodeHttpFetch } from "./node-http-fetch";

/** The Nexudus client for this configuration; created once per Lambda environment, at the composition root. */
export function nexudusClientFor(
  config: Config,
  options: {
    logger: Logger;
    clock: Clock;
    limiter?: boolean;
    /** Shared with the other environments of this API user (consulted near the limit only). */
    rateBudget?: SharedRateBudget;
    /** Default: {@link nodeHttpFetch}, with connections of this client's own. */
    fetch?: HttpFetch;
    tokenCache?: TokenCache;
  },
): NexudusClient {
  const { logger, rateBudget } = options;
  return createNexudusClient({
    ...nexudusSettingsFrom(config),
    clock: options.clock,
    ...(options.limiter === false
      ? { limiter: false as const }
      : rateBudget
        ? {
            limiter: {
              ...NEXUDUS_LIMITS,
              shared: {
                budget: rateBudget,
                // The request goes on this environment's own limits; the next reservation reports it.
                onError: (error: unknown) =>
                  logger.warn("shared rate budget unavailable", describeError(error)),
              },
            },
          }
        : {}),
    fetch: options.fetch ?? nodeHttpFetch(),
    ...(options.tokenCache ? { tokenCache: options.tokenCache } : {}),
    logger: nexudusLoggerOf(options.logger),
  });
}

/**
 * The Nexudus token every environment of this deployment shares, in the table (bearer scheme only: the
 * basic scheme has no token).
 */
export function sharedTokenCacheFor(config: Config, store: AppStore, clock: Clock): TokenCache | undefined {
  if (config.NEXUDUS_AUTH !== "bearer") return undefined;
  return sharedTokenCache({
    values: store.values,
    leases: store.leases,
    key: tokenKeyOf(config.NEXUDUS_BASE_URL, config.NEXUDUS_USERNAME),
    clock,
    sleep: timerSleep,
  });
}

/** The request budget every environment of this deployment shares with the others of its API user. */
export function sharedRateBudgetFor(config: Config, store: AppStore, clock: Clock): SharedRateBudget {
  return sharedRateBudget({
    cell: store.cell(rateBudgetKeyOf(config.NEXUDUS_BASE_URL, config.NEXUDUS_USERNAME)),
    clock,
    sleep: timerSleep,
  });
}

/**
 * The Nexudus client of a deployed function: the token and the rate budget shared with every other
 * environment of this API user through the table. The token cache is returned too, for the setup check.
 */
export function sharedNexudusClientFor(
  config: Config,
  store: AppStore,
  options: { logger: Logger; clock: Clock; limiter?: boolean },
): { client: NexudusClient; tokenCache?: TokenCache } {
  const tokenCache = sharedTokenCacheFor(config, store, options.clock);
  const client = nexudusClientFor(config, {
    ...options,
    rateBudget: sharedRateBudgetFor(config, store, options.clock),
    ...(tokenCache ? { tokenCache } : {}),
  });
  return { client, ...(tokenCache ? { tokenCache } : {}) };
}
