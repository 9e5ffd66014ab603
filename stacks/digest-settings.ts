import {
  ConfigError,
  DEFAULT_DIGEST_SCHEDULE,
  DEFAULT_DIGEST_TIMEZONE,
  isScheduleExpression,
  isTimeZone,
} from "@nwh/core/config";

/** When the digest runs: read at synth time, so changing it means a redeploy. */
export interface DigestSettings {
  /** EventBridge Scheduler expression, e.g. `cron(0 8 * * ? *)`. */
  schedule: string;
  /** IANA time zone the expression is evaluated in. */
  timeZone: string;
}

/**
 * Reads `DIGEST_SCHEDULE` and `DIGEST_TIMEZONE` from the deploying shell's environment (defaults: 08:00
 * every day, UTC). A malformed value stops the synth with a `ConfigError` naming the variable.
 */
export function readDigestSettings(env: Record<string, string | undefined>): DigestSettings {
  const schedule = env.DIGEST_SCHEDULE?.trim() || DEFAULT_DIGEST_SCHEDULE;
  const timeZone = env.DIGEST_TIMEZONE?.trim() || DEFAULT_DIGEST_TIMEZONE;
  const issues = [];
  if (!isScheduleExpression(schedule)) {
    issues.push({
      key: "DIGEST_SCHEDULE",
      problem: "must be a schedule expression such as cron(0 8 * * ? *)",
    });
  }
  if (!isTimeZone(timeZone)) {
    issues.push({ key: "DIGEST_TIMEZONE", problem: "must be an IANA time zone such as Europe/London" });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { schedule, timeZone };
}
