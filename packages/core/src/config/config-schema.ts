import { isBase32Secret } from "../nexudus/totp";
import {
  DEFAULT_ALERT_SCHEDULE,
  DEFAULT_DIGEST_SCHEDULE,
  DEFAULT_DIGEST_TIMEZONE,
  isScheduleExpression,
  isTimeZone,
} from "./schedule";

/*
 * The configuration contract (DESIGN.md, "Configuration"). Every value arrives as text (an environment
 * variable or a string in the JSON secret). Every message below is written here and describes the rule,
 * never the input: `ConfigError` prints them, and inputs may be credentials.
 *
 * Plain functions, not zod: the configuration is read at every cold start, and building its schema with
 * zod (about 140 schema objects) cost some 20 ms of the slack function's init, for rules that are each a
 * line of code.
 */

/** Slack's own Web API. */
export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";
/** Nexudus's API. */
export const DEFAULT_NEXUDUS_BASE_URL = "https://spaces.nexudus.com/api";

const SECRET_ARN = /^arn:[\w-]+:secretsmanager:[\w-]+:\d{12}:secret:\S+$/;

/** True for a Secrets Manager secret ARN (`arn:aws:secretsmanager:region:account:secret:name-suffix`). */
export function isSecretArn(value: string): boolean {
  return SECRET_ARN.test(value);
}

/** What a field makes of its text: the value, or the problems (each names the rule, never the input). */
export type FieldOutcome<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** One configuration key's rule: unset or blank text → missing; other text → read. */
export type ConfigField<T> = (input: unknown) => FieldOutcome<T>;

type Reader<T> = (text: string) => FieldOutcome<T>;

const ok = <T>(value: T): FieldOutcome<T> => ({ ok: true, value });
const fail = (...problems: string[]): FieldOutcome<never> => ({ ok: false, problems });

/**
 * A field from its reader and what an unset key means (`required`, `optional`, or a default). An unset
 * variable and an empty one mean the same: "use the default" (or "missing" when required).
 */
function field<T>(read: Reader<T>, unset: { required: true }): ConfigField<T>;
function field<T>(read: Reader<T>, unset: { optional: true }): ConfigField<T | undefined>;
function field<T>(read: Reader<T>, unset: { default: NoInfer<T> }): ConfigField<T>;
function field<T>(
  read: Reader<T>,
  unset: { required: true } | { optional: true } | { default: T },
): ConfigField<T | undefined> {
  return (input) => {
    if (input === undefined || (typeof input === "string" && input.trim() === "")) {
      if ("default" in unset) return ok(unset.default);
      return "required" in unset ? fail("is missing") : ok(undefined);
    }
    return typeof input === "string" ? read(input) : fail("must be text");
  };
}

const required = { required: true } as const;
const optional = { optional: true } as const;

/** The text as given (secrets and names are not trimmed: a space may be part of them). */
const asGiven: Reader<string> = (text) => ok(text);

/** The trimmed text, when `test` accepts it. */
function trimmed(test: (value: string) => boolean, problem: string): Reader<string> {
  return (text) => {
    const value = text.trim();
    return test(value) ? ok(value) : fail(problem);
  };
}

const matching = (pattern: RegExp) => (value: string) => pattern.test(value);

const isHttpUrl = (value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);

function httpUrl(normalize: (url: string) => string): Reader<string> {
  return (text) => {
    const value = text.trim();
    const problems: string[] = [];
    if (!isHttpUrl(value)) problems.push("must be an http(s) URL");
    // Whatever its scheme: a URL that holds credentials is told so too.
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (url && (url.username !== "" || url.password !== "")) problems.push("must not contain credentials");
    return problems.length > 0 ? fail(...problems) : ok(normalize(value));
  };
}

/** One of `words`, any case. */
function oneOf<const W extends string>(words: readonly W[], problem: string): Reader<W> {
  return (text) => {
    const value = text.trim().toLowerCase();
    return (words as readonly string[]).includes(value) ? ok(value as W) : fail(problem);
  };
}

/** A two-word switch (`true`/`false`, `on`/`off`), any case: `true` for the first word. */
function switchOf(on: string, off: string): Reader<boolean> {
  const read = oneOf([on, off], `must be ${on} or ${off}`);
  return (text) => {
    const word = read(text);
    return word.ok ? ok(word.value === on) : word;
  };
}

function integer(min: number, max: number): Reader<number> {
  const problem = `must be a whole number from ${min} to ${max}`;
  return (text) => {
    const value = text.trim();
    if (!/^\d+$/.test(value)) return fail(problem);
    const n = Number(value);
    return n >= min && n <= max ? ok(n) : fail(problem);
  };
}

/** A comma-separated list (blanks dropped), each item matching `pattern`; a bad item is named by its place. */
function commaList(pattern: RegExp, problem: string): Reader<string[]> {
  return (text) => {
    const items = text
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== "");
    const problems = items.flatMap((item, index) =>
      pattern.test(item) ? [] : [`${problem} (item ${index + 1})`],
    );
    return problems.length > 0 ? fail(...problems) : ok(items);
  };
}

const userIdList = () => commaList(/^[UW][A-Z0-9]{2,}$/, "must list Slack user IDs (U… or W…)");
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
const CHANNEL_PROBLEM = "must be a channel ID such as C0123456789";
const TIME_ZONE_PROBLEM = "must be an IANA time zone such as Europe/London";

/** The configuration's rules, key by key: text in, typed values with defaults out. Unknown keys are ignored. */
export const CONFIG_FIELDS = {
  SLACK_SIGNING_SECRET: field(asGiven, required),
  SLACK_BOT_TOKEN: field(
    (text) => (/^xoxb-\S+$/.test(text) ? ok(text) : fail("must be a bot token starting with xoxb-")),
    required,
  ),
  SLACK_API_URL: field(
    httpUrl((url) => (url.endsWith("/") ? url : `${url}/`)),
    { default: DEFAULT_SLACK_API_URL },
  ),
  // Socket Mode (local mode only): the app-level token with `connections:write`.
  SLACK_APP_TOKEN: field(
    trimmed(matching(/^xapp-\S+$/), "must be an app-level token starting with xapp-"),
    optional,
  ),
  NEXUDUS_BASE_URL: field(
    httpUrl((url) => url.replace(/\/+$/, "")),
    { default: DEFAULT_NEXUDUS_BASE_URL },
  ),
  NEXUDUS_USERNAME: field(asGiven, required),
  NEXUDUS_PASSWORD: field(asGiven, required),
  NEXUDUS_AUTH: field(oneOf(["bearer", "basic"], "must be bearer or basic"), { default: "bearer" }),
  // Two-factor accounts: the authenticator's key, from which the client computes each login's code.
  NEXUDUS_TOTP_SECRET: field(
    trimmed(
      isBase32Secret,
      "must be the base32 key of the Nexudus user's authenticator (letters A-Z and digits 2-7, at least 16)",
    ),
    optional,
  ),
  NEXUDUS_DATES: field(oneOf(["utc", "local"], "must be utc or local"), { default: "utc" }),
  NEXUDUS_TIMEZONE: field(trimmed(isTimeZone, TIME_ZONE_PROBLEM), optional),
  SLACK_ALLOWED_USER_IDS: field(userIdList(), { default: [] }),
  SLACK_ADMIN_USER_IDS: field(userIdList(), { default: [] }),
  DIGEST_CHANNEL: field(trimmed(matching(CHANNEL_ID), CHANNEL_PROBLEM), optional),
  DIGEST_TIMEZONE: field(trimmed(isTimeZone, TIME_ZONE_PROBLEM), { default: DEFAULT_DIGEST_TIMEZONE }),
  // Nexudus disables a webhook at 10 consecutive errors, so a threshold above 10 would never match.
  DIGEST_MIN_ERRORS: field(integer(1, 10), { default: 1 }),
  DIGEST_ALL_CLEAR: field(switchOf("true", "false"), { default: true }),
  // The configured channels (ALERT_CHANNEL/DIGEST_CHANNEL) take everything, like a subscription to all;
  // once channels are subscribed, `off` leaves each webhook to the channels whose search matches it.
  DEFAULT_SUBSCRIPTION: field(switchOf("on", "off"), { default: true }),
  PORT: field(integer(0, 65535), { default: 3000 }),
  APP_SECRET_ARN: field(trimmed(isSecretArn, "must be a Secrets Manager secret ARN"), optional),
  WORKER_FUNCTION_NAME: field(
    trimmed(matching(/^[\w:.-]{1,170}$/), "must be a Lambda function name or ARN"),
    optional,
  ),
  ALERT_CHANNEL: field(trimmed(matching(CHANNEL_ID), CHANNEL_PROBLEM), optional),
  // Escalation (ALERT_AT_RISK) must come after the opening and before Nexudus disables at 10.
  ALERT_MIN_ERRORS: field(integer(1, 9), { default: 3 }),
  ALERT_AT_RISK: field(integer(2, 9), { default: 7 }),
  ALERT_MENTION: field(
    commaList(
      /^[SUW][A-Z0-9]{2,}$/,
      "must list Slack user-group IDs (S…) or user IDs (U… or W…), comma-separated",
    ),
    { default: [] },
  ),
  ALERT_MAX_PER_RUN: field(integer(1, 50), { default: 10 }),
  ALERT_SCHEDULE: field(
    trimmed(isScheduleExpression, "must be a schedule expression such as rate(5 minutes)"),
    { default: DEFAULT_ALERT_SCHEDULE },
  ),
  APP_TABLE_NAME: field(
    trimmed(
      matching(/^[A-Za-z0-9_.-]{3,255}$/),
      "must be a DynamoDB table name (3–255 of A–Z, a–z, 0–9, _ . -)",
    ),
    optional,
  ),
  AWS_ENDPOINT_URL_DYNAMODB: field(
    trimmed(isHttpUrl, "must be an http(s) URL such as http://127.0.0.1:8000"),
    optional,
  ),
  LOCAL_STATE_DIR: field((text) => ok(text.trim()), optional),
  DIGEST_SCHEDULE: field(
    trimmed(isScheduleExpression, "must be a schedule expression such as cron(0 8 * * ? *)"),
    { default: DEFAULT_DIGEST_SCHEDULE },
  ),
};

type ConfigFields = typeof CONFIG_FIELDS;
type ValueOf<F> = F extends ConfigField<infer T> ? T : never;
type OptionalKey = {
  [K in keyof ConfigFields]: undefined extends ValueOf<ConfigFields[K]> ? K : never;
}[keyof ConfigFields];

/** The validated configuration. */
export type Config = {
  [K in Exclude<keyof ConfigFields, OptionalKey>]: ValueOf<ConfigFields[K]>;
} & { [K in OptionalKey]?: ValueOf<ConfigFields[K]> };

/** Every configuration name, in the order of the schema. */
export type ConfigKey = keyof ConfigFields;

/** Every configuration name, in the order of the schema. */
export const CONFIG_KEYS = Object.keys(CONFIG_FIELDS) as ConfigKey[];

/**
 * The names of DESIGN.md's configuration table, in its order (the public contract; `PORT` is local mode's
 * own). The schema also knows deployment-only names (`APP_SECRET_ARN`, `WORKER_FUNCTION_NAME`, …).
 */
export const CONTRACT_CONFIG_KEYS = [
  "SLACK_SIGNING_SECRET",
  "SLACK_BOT_TOKEN",
  "SLACK_API_URL",
  "SLACK_APP_TOKEN",
  "NEXUDUS_BASE_URL",
  "NEXUDUS_USERNAME",
  "NEXUDUS_PASSWORD",
  "NEXUDUS_AUTH",
  "NEXUDUS_TOTP_SECRET",
  "NEXUDUS_DATES",
  "NEXUDUS_TIMEZONE",
  "SLACK_ALLOWED_USER_IDS",
  "SLACK_ADMIN_USER_IDS",
  "DIGEST_CHANNEL",
  "DIGEST_TIMEZONE",
  "DIGEST_MIN_ERRORS",
  "DIGEST_ALL_CLEAR",
  "ALERT_CHANNEL",
  "ALERT_SCHEDULE",
  "ALERT_MIN_ERRORS",
  "ALERT_AT_RISK",
  "ALERT_MENTION",
  "ALERT_MAX_PER_RUN",
  "DEFAULT_SUBSCRIPTION",
  "APP_TABLE_NAME",
] as const satisfies readonly ConfigKey[];

/**
 * Names set at deploy time or by the stack, not in the secret (the README's table lists them after the
 * contract's): the digest's schedule, and where the functions find the secret and the worker.
 */
export const DEPLOYMENT_CONFIG_KEYS = [
  "DIGEST_SCHEDULE",
  "APP_SECRET_ARN",
  "WORKER_FUNCTION_NAME",
] as const satisfies readonly ConfigKey[];

/** Local mode's own names (the README's table lists them after the deployment's). */
export const LOCAL_MODE_CONFIG_KEYS = [
  "PORT",
  "LOCAL_STATE_DIR",
  "AWS_ENDPOINT_URL_DYNAMODB",
] as const satisfies readonly ConfigKey[];

/** The names whose values are credentials. */
export const SECRET_CONFIG_KEYS: readonly ConfigKey[] = [
  "SLACK_SIGNING_SECRET",
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "NEXUDUS_PASSWORD",
  "NEXUDUS_TOTP_SECRET",
];
