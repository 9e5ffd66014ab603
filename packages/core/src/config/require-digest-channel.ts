import { ConfigError } from "./config-error";
import type { Config } from "./config-schema";

/** `DIGEST_CHANNEL` is optional for searching but required for the digest: returns it or throws `ConfigError`. */
export function requireDigestChannel(config: Config): string {
  if (config.DIGEST_CHANNEL === undefined) {
    throw new ConfigError([{ key: "DIGEST_CHANNEL", problem: "is missing (required for the digest)" }]);
  }
  return config.DIGEST_CHANNEL;
}
