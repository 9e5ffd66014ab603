/** The digest's default schedule: 08:00 every day, in `DIGEST_TIMEZONE`. */
export const DEFAULT_DIGEST_SCHEDULE = "cron(0 8 * * ? *)";

/** The watch's default schedule: a poll every five minutes, well before ten retries can disable a webhook. */
export const DEFAULT_ALERT_SCHEDULE = "rate(5 minutes)";

/** The digest's default time zone. */
export const DEFAULT_DIGEST_TIMEZONE = "UTC";

// EventBridge Scheduler's three expression forms; the service validates the fields themselves at deploy.
const SCHEDULE_EXPRESSION =
  /^(?:cron\((?:\S+ ){5}\S+\)|rate\(\d+ (?:minute|minutes|hour|hours|day|days)\)|at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\))$/;

/** True for an EventBridge Scheduler expression: `cron(m h dom mon dow year)`, `rate(n unit)` or `at(…)`. */
export function isScheduleExpression(value: string): boolean {
  return SCHEDULE_EXPRESSION.test(value);
}

let canonicalZones: Set<string> | undefined;

/** True for a time zone name the runtime knows (IANA, e.g. `Europe/London`, or `UTC`). */
export function isTimeZone(value: string): boolean {
  if (value.trim() === "") return false;
  // A canonical name is looked up in the runtime's own list (about 3 ms the first time): the first
  // `DateTimeFormat` of a process initialises ICU's date formatting, 20–25 ms that every cold start paid
  // just to check `DIGEST_TIMEZONE`. Any other name (an alias, other letter case) is tried as before.
  canonicalZones ??= new Set(
    typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [],
  );
  if (value === "UTC" || canonicalZones.has(value)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
