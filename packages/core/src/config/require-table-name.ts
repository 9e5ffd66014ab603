import { ConfigError } from "./config-error";
import type { Config } from "./config-schema";

/** `APP_TABLE_NAME`, which every function needs (local mode embeds one): returns it or throws `ConfigError`. */
export function requireTableName(config: Config): string {
  if (config.APP_TABLE_NAME === undefined) {
    throw new ConfigError([
      { key: "APP_TABLE_NAME", problem: "is missing (the stack sets it; local mode embeds a table)" },
    ]);
  }
  return config.APP_TABLE_NAME;
}
