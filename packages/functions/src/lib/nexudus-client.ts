import type { Logger } from "@aws-lambda-powertools/logger";
import type { Config } from "@nwh/core/config";
import { createNexudusClient, type NexudusClient, nexudusSettingsFrom } from "@nwh/core/nexudus";
import { nexudusLoggerOf } from "./logger";

/** The Nexudus client for this configuration; created once per Lambda environment, at the composition root. */
export function nexudusClientFor(
  config: Config,
  options: { logger: Logger; limiter?: boolean; fetch?: typeof fetch },
): NexudusClient {
  return createNexudusClient({
    ...nexudusSettingsFrom(config),
    ...(options.limiter === false ? { limiter: false as const } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    logger: nexudusLoggerOf(options.logger),
  });
}
