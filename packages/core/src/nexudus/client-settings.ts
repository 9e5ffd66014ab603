import type { Config } from "../config/config-schema";
import type { NexudusClientOptions } from "./client-types";

/** The configuration names the client reads. */
export type NexudusConfig = Pick<
  Config,
  | "NEXUDUS_BASE_URL"
  | "NEXUDUS_AUTH"
  | "NEXUDUS_USERNAME"
  | "NEXUDUS_PASSWORD"
  | "NEXUDUS_TOTP_SECRET"
  | "NEXUDUS_DATES"
  | "NEXUDUS_TIMEZONE"
>;

/**
 * The client options that come from the configuration (`NEXUDUS_*`), so every caller builds the client the
 * same way: `createNexudusClient({ ...nexudusSettingsFrom(config), logger })`.
 */
export function nexudusSettingsFrom(
  config: NexudusConfig,
): Pick<NexudusClientOptions, "baseUrl" | "auth" | "dates"> {
  return {
    baseUrl: config.NEXUDUS_BASE_URL,
    auth: {
      scheme: config.NEXUDUS_AUTH,
      username: config.NEXUDUS_USERNAME,
      password: config.NEXUDUS_PASSWORD,
      ...(config.NEXUDUS_TOTP_SECRET ? { totpSecret: config.NEXUDUS_TOTP_SECRET } : {}),
    },
    dates: {
      reading: config.NEXUDUS_DATES,
      ...(config.NEXUDUS_TIMEZONE ? { timeZone: config.NEXUDUS_TIMEZONE } : {}),
    },
  };
}
