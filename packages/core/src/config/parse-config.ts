import { ConfigError, type ConfigIssue } from "./config-error";
import { CONFIG_FIELDS, CONFIG_KEYS, type Config } from "./config-schema";

/**
 * Validates configuration text (an environment, or the environment merged with the secret) and applies
 * the defaults. Throws `ConfigError` naming every missing or malformed key; values never appear in it.
 */
export function parseConfig(source: Record<string, string | undefined>): Config {
  // Only known keys are read: the environment holds much else, and none of it should reach an issue.
  const values: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  for (const key of CONFIG_KEYS) {
    const outcome = CONFIG_FIELDS[key](source[key]);
    if (outcome.ok) values[key] = outcome.value;
    else for (const problem of outcome.problems) issues.push({ key, problem });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const config = values as Config;
  const relations = crossChecks(config);
  if (relations.length > 0) throw new ConfigError(relations);
  return config;
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
