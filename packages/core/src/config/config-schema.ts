// The namespace import lets the bundler drop what is unused (`import { z }` keeps all of zod, locales too).
import * as z from "zod";
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

// An unset variable and an empty one mean the same: "use the default" (or "missing" when required).
function blankToUndefined(value: unknown): unknown {
  return typeof value === "string" && value.trim() === "" ? undefined : value;
}

function field<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema);
}

const missingOr = (problem: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? "is missing" : problem;

function requiredText() {
  return z.string({ error: missingOr("must be text") });
}

function httpUrl(defaultUrl: string, normalize: (url: string) => string) {
  return z
    .string({ error: "must be text" })
    .trim()
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
      error: "must be an http(s) URL",
    })
    .refine(
      (value) => !URL.canParse(value) || (new URL(value).username === "" && new URL(value).password === ""),
      {
        error: "must not contain credentials",
      },
    )
    .transform(normalize)
    .default(defaultUrl);
}

/** A comma-separated list (blanks dropped), each item matching `pattern`; empty by default. */
function commaList(pattern: RegExp, error: string) {
  return z
    .string({ error: "must be text" })
    .transform((value) =>
      value
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== ""),
    )
    .pipe(z.array(z.string().regex(pattern, { error })))
    .default([]);
}

function userIdList() {
  return commaList(/^[UW][A-Z0-9]{2,}$/, "must list Slack user IDs (U… or W…)");
}

/** A two-word switch (`true`/`false`, `on`/`off`), any case: `true` for the first word. */
function switchOf(on: string, off: string) {
  return z
    .string({ error: "must be text" })
    .trim()
    .toLowerCase()
    .pipe(z.enum([on, off], { error: `must be ${on} or ${off}` }))
    .transform((value) => value === on);
}

function integer(min: number, max: number) {
  return z
    .string({ error: "must be text" })
    .trim()
    .regex(/^\d+$/, { error: `must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { error: `must be a whole number from ${min} to ${max}` })
        .max(max, { error: `must be a whole number from ${min} to ${max}` }),
    );
}

/** The configuration schema: text in, typed values with defaults out. Unknown keys are ignored. */
export const ConfigSchema = z.object({
  SLACK_SIGNING_SECRET: field(requiredText()),
  SLACK_BOT_TOKEN: field(
    z.string({ error: missingOr("must be text") }).regex(/^xoxb-\S+$/, {
      error: "must be a bot token starting with xoxb-",
    }),
  ),
  SLACK_API_URL: field(httpUrl(DEFAULT_SLACK_API_URL, (url) => (url.endsWith("/") ? url : `${url}/`))),
  // Socket Mode (local mode only): the app-level token with `connections:write`.
  SLACK_APP_TOKEN: field(
    z
      .string({ error: "must be text" })
      .trim()
      .regex(/^xapp-\S+$/, { error: "must be an app-level token starting with xapp-" })
      .optional(),
  ),
  NEXUDUS_BASE_URL: field(httpUrl(DEFAULT_NEXUDUS_BASE_URL, (url) => url.replace(/\/+$/, ""))),
  NEXUDUS_USERNAME: field(requiredText()),
  NEXUDUS_PASSWORD: field(requiredText()),
  NEXUDUS_AUTH: field(
    z
      .string({ error: "must be text" })
      .trim()
      .toLowerCase()
      .pipe(z.enum(["bearer", "basic"], { error: "must be bearer or basic" }))
      .default("bearer"),
  ),
  // Two-factor accounts: the authenticator's key, from which the client computes each login's code.
  NEXUDUS_TOTP_SECRET: field(
    z
      .string({ error: "must be text" })
      .trim()
      .refine(isBase32Secret, {
        error:
          "must be the base32 key of the Nexudus user's authenticator (letters A-Z and digits 2-7, at least 16)",
      })
      .optional(),
  ),
  NEXUDUS_DATES: field(
    z
      .string({ error: "must be text" })
      .trim()
      .toLowerCase()
      .pipe(z.enum(["utc", "local"], { error: "must be utc or local" }))
      .default("utc"),
  ),
  NEXUDUS_TIMEZONE: field(
    z
      .string({ error: "must be text" })
      .trim()
      .refine(isTimeZone, { error: "must be an IANA time zone such as Europe/London" })
      .optional(),
  ),
  SLACK_ALLOWED_USER_IDS: field(userIdList()),
  SLACK_ADMIN_USER_IDS: field(userIdList()),
  DIGEST_CHANNEL: field(
    z
      .string({ error: "must be text" })
      .trim()
      .regex(/^[CGD][A-Z0-9]{2,}$/, { error: "must be a channel ID such as C0123456789" })
      .optional(),
  ),
  DIGEST_TIMEZONE: field(
    z
      .string({ error: "must be text" })
      .trim()
      .refine(isTimeZone, { error: "must be an IANA time zone such as Europe/London" })
      .default(DEFAULT_DIGEST_TIMEZONE),
  ),
  // Nexudus disables a webhook at 10 consecutive errors, so a threshold above 10 would never match.
  DIGEST_MIN_ERRORS: field(integer(1, 10).default(1)),
  DIGEST_ALL_CLEAR: field(switchOf("true", "false").default(true)),
  // The configured channels (ALERT_CHANNEL/DIGEST_CHANNEL) take everything, like a subscription to all;
  // once channels are subscribed, `off` leaves each webhook to the channels whose search matches it.
  DEFAULT_SUBSCRIPTION: field(switchOf("on", "off").default(true)),
  PORT: field(integer(0, 65535).default(3000)),
  APP_SECRET_ARN: field(
    z
      .string({ error: "must be text" })
      .trim()
      .refine(isSecretArn, { error: "must be a Secrets Manager secret ARN" })
      .optional(),
  ),
  WORKER_FUNCTION_NAME: field(
    z
      .string({ error: "must be text" })
      .trim()
      .regex(/^[\w:.-]{1,170}$/, { error: "must be a Lambda function name or ARN" })
      .optional(),
  ),
  ALERT_CHANNEL: field(
    z
      .string({ error: "must be text" })
      .trim()
      .regex(/^[CGD][A-Z0-9]{2,}$/, { error: "must be a channel ID such as C0123456789" })
      .optional(),
  ),
  // Escalation (ALERT_AT_RISK) must come after the opening and before Nexudus disables at 10.
  ALERT_MIN_ERRORS: field(integer(1, 9).default(3)),
  ALERT_AT_RISK: field(integer(2, 9).default(7)),
  ALERT_MENTION: field(
    commaList(
      /^[SUW][A-Z0-9]{2,}$/,
      "must list Slack user-group IDs (S…) or user IDs (U… or W…), comma-separated",
    ),
  ),
  ALERT_MAX_PER_RUN: field(integer(1, 50).default(10)),
  ALERT_SCHEDULE: field(
    z
      .string({ error: "must be text" })
      .trim()
      .refine(isScheduleExpression, { error: "must be a schedule expression such as rate(5 minutes)" })
      .default(DEFAULT_ALERT_SCHEDULE),
  ),
  APP_TABLE_NAME: field(
    z
      .string({ error: "must be text" })
      .trim()
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, {
        error: "must be a DynamoDB table name (3–255 of A–Z, a–z, 0–9, _ . -)",
      })
      .optional(),
  ),
  AWS_ENDPOINT_URL_DYNAMODB: field(
    z
      .string({ error: "must be text" })
      .trim()
      .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
        error: "must be an http(s) URL such as http://127.0.0.1:8000",
      })
      .optional(),
  ),
  LOCAL_STATE_DIR: field(z.string({ error: "must be text" }).trim().min(1).optional()),
  DIGEST_SCHEDULE: field(
    z
      .string({ error: "must be text" })
      .trim()
      .refine(isScheduleExpression, { error: "must be a schedule expression such as cron(0 8 * * ? *)" })
      .default(DEFAULT_DIGEST_SCHEDULE),
  ),
});

/** The validated configuration. */
export type Config = z.output<typeof ConfigSchema>;

/** Every configuration name, in the order of the schema. */
export type ConfigKey = keyof Config;

/** Every configuration name, in the order of the schema. */
export const CONFIG_KEYS = Object.keys(ConfigSchema.shape) as ConfigKey[];

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
