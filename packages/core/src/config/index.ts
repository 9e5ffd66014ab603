// The one configuration schema, for the functions, local mode and the stacks: keys, defaults, errors.
export { ConfigError, type ConfigIssue } from "./config-error";
export {
  CONFIG_KEYS,
  CONTRACT_CONFIG_KEYS,
  type Config,
  DEFAULT_SLACK_API_URL,
  isSecretArn,
  LOCAL_MODE_CONFIG_KEYS,
  SECRET_CONFIG_KEYS,
} from "./config-schema";
export { parseConfig } from "./parse-config";
export { requireTableName } from "./require-table-name";
export {
  DEFAULT_ALERT_SCHEDULE,
  DEFAULT_DIGEST_SCHEDULE,
  DEFAULT_DIGEST_TIMEZONE,
  isScheduleExpression,
  isTimeZone,
} from "./schedule";
