import { ConfigError, type ConfigIssue } from "./config-error";
import { CONFIG_KEYS, type Config, ConfigSchema } from "./config-schema";

/**
 * Validates configuration text (an environment, or the environment merged with the secret) and applies
 * the defaults. Throws `ConfigError` naming every missing or malformed key; values never appear in it.
 */
export function parseConfig(source: Record<string, string | undefined>): Config {
  // Only known keys go to zod: the environment holds much else, and none of it should reach an issue.
  const known: Record<string, string | undefined> = {};
  for (const key of CONFIG_KEYS) known[key] = source[key];
  const result = ConfigSchema.safeParse(known);
  if (result.success) return result.data;
  const issues: ConfigIssue[] = result.error.issues.map((issue) => {
    const [key, index] = issue.path;
    return {
      key: String(key ?? "configuration"),
      problem: typeof index === "number" ? `${issue.message} (item ${index + 1})` : issue.message,
    };
  });
  throw new ConfigError(issues);
}
