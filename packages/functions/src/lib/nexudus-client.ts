import type { Logger } from "@aws-lambda-powertools/logger";
import type { Clock } from "@nwh/core/clock";
import type { Config } from "@nwh/core/config";
import {
  createNexudusClient,
  type NexudusClient,
  nexudusSettingsFrom,
  type TokenCache,
  timerSleep,
} from "@nwh/core/nexudus";
import { type AppStore, sharedTokenCache, tokenKeyOf } from "@nwh/core/store";
import { nexudusLoggerOf } from "./logger";

/** The Nexudus client for this configuration; created once per Lambda environment, at the composition root. */
export function nexudusClientFor(
  config: Config,
  options: { logger: Logger; clock: Clock; limiter?: boolean; fetch?: typeof fetch; tokenCache?: TokenCache },
): NexudusClient {
  return createNexudusClient({
    ...nexudusSettingsFrom(config),
    clock: options.clock,
    ...(options.limiter === false ? { limiter: false as const } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
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
