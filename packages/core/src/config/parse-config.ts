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
  if (result.success) {
    const relations = crossChecks(result.data);
    if (relations.length > 0) throw new ConfigError(relations);
    return result.data;
  }
  const issues: ConfigIssue[] = result.error.issues.map((issue) => {
    const [key, index] = issue.path;
    return {
      key: String(key ?? "configuration"),
      problem: typeof index === "number" ? `${issue.message} (item ${index + 1})` : issue.message,
    };
  });
  throw new ConfigError(issues);
}

/** Rules between values, which no single field can check. */
function crossChecks(config: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (config.ALERT_AT_RISK <= config.ALERT_MIN_ERRORS)
    issues.push({
      key: "ALERT_AT_RISK",
      problem: "must be above ALERT_MIN_ERRORS (an incident escalates after it opens) and below 10",
    });
  return issues;
}
