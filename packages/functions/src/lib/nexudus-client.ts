import type { Config } from "@nwh/core/config";
import { createNexudusClient, type NexudusClient } from "@nwh/core/nexudus";
import { nexudusLogger } from "./logger";

/**
 * `NEXUDUS_CLIENT_LIMITER=off` is internal tuning for `npm run bench`, not part of the configuration
 * contract: it removes the client's deliberate waits (≥ 100 ms between exchanges) so that the bot's own
 * per-request overhead can be measured against an emulator whose rate limits are off too.
 */
function limiterSetting(): false | undefined {
  return process.env.NEXUDUS_CLIENT_LIMITER === "off" ? false : undefined;
}

/** The Nexudus client for this configuration; created once per Lambda environment by its callers. */
export function nexudusClientFor(config: Config): NexudusClient {
  return createNexudusClient({
    baseUrl: config.NEXUDUS_BASE_URL,
    auth: {
      scheme: config.NEXUDUS_AUTH,
      username: config.NEXUDUS_USERNAME,
      password: config.NEXUDUS_PASSWORD,
    },
    limiter: limiterSetting(),
    logger: nexudusLogger,
  });
}
