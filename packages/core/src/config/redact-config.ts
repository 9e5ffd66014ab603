import { CONFIG_KEYS, type Config, type ConfigKey } from "./config-schema";

/**
 * A log-safe view of a configuration: for each key, whether it has a value (and how many IDs a list
 * holds), never the value itself.
 */
export function redactConfig(config: Config): Record<ConfigKey, string> {
  const view = {} as Record<ConfigKey, string>;
  for (const key of CONFIG_KEYS) {
    const value: unknown = config[key];
    view[key] = Array.isArray(value) ? `${value.length} ids` : value === undefined ? "unset" : "set";
  }
  return view;
}

/** The configuration names that `source` gives a non-blank value, in schema order (for logs). */
export function listSetKeys(source: Record<string, unknown>): ConfigKey[] {
  return CONFIG_KEYS.filter((key) => {
    const value = source[key];
    return value !== undefined && value !== null && String(value).trim() !== "";
  });
}
