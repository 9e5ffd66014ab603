import type { Config } from "@nwh/core/config";
import { createNexudusClient, type NexudusClient } from "@nwh/core/nexudus";
import { nexudusLogger } from "./logger";

/** The Nexudus client for this configuration; created once per Lambda environment by its callers. */
export function nexudusClientFor(config: Config): NexudusClient {
  return createNexudusClient({
    baseUrl: config.NEXUDUS_BASE_URL,
    auth: {
      scheme: config.NEXUDUS_AUTH,
      username: config.NEXUDUS_USERNAME,
      password: config.NEXUDUS_PASSWORD,
    },
    logger: nexudusLogger,
  });
}
