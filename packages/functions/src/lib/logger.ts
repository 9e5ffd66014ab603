import { Logger } from "@aws-lambda-powertools/logger";
import { type Config, SECRET_CONFIG_KEYS } from "@nwh/core/config";
import type { PipelineLog } from "@nwh/core/interaction";
import type { NexudusLogger } from "@nwh/core/nexudus";
import { isSecretParamName, REDACTED, redactSecrets } from "@nwh/core/text";

/*
 * Why Powertools: structured JSON lines that CloudWatch Logs Insights can query, the Lambda request id and
 * function name on every line (`addContext` at the start of each invocation), the level from
 * POWERTOOLS_LOG_LEVEL, and a JSON replacer hook. That hook is the last line of defence against leaking
 * secrets: every string is passed through `redactSecrets`, every key that looks like a credential is
 * blanked, and the configured secret values are replaced wherever they appear.
 */

/** Options of `createLogger`. */
export interface LoggerOptions {
  /** Values (tokens, passwords) that must never appear in a log line, even inside text. */
  secrets?: ReadonlyArray<string | undefined>;
  /** Default: `POWERTOOLS_LOG_LEVEL` (read by Powertools itself), else INFO. */
  logLevel?: "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "CRITICAL" | "SILENT";
}

/** A logger for one Lambda environment, created at the composition root and passed in. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => s !== undefined && s.length >= 4);
  const scrub = (text: string): string => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return redactSecrets(out);
  };
  return new Logger({
    // The stack names each function (POWERTOOLS_SERVICE_NAME); local mode and tests get the bot's name.
    serviceName: process.env.POWERTOOLS_SERVICE_NAME || "nexudus-webhooks",
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    jsonReplacerFn: (key: string, value: unknown) => {
      if (key && isSecretParamName(key) && value !== null && typeof value !== "object") return REDACTED;
      return typeof value === "string" ? scrub(value) : value;
    },
  });
}

/** The configuration's secret values (`SECRET_CONFIG_KEYS`), for the logger to scrub. */
export function secretValuesOf(config: Config): Array<string | undefined> {
  return SECRET_CONFIG_KEYS.map((key) => {
    const value = config[key];
    return typeof value === "string" ? value : undefined;
  });
}

/** A short description of an error for a log line: its name and message (scrubbed by the logger), never a body. */
export function describeError(error: unknown): { errorName: string; errorMessage: string } {
  if (error instanceof Error) return { errorName: error.name, errorMessage: error.message };
  return { errorName: typeof error, errorMessage: String(error) };
}

/** The Nexudus client's logger on top of ours (the client only hands over redacted lines). */
export function nexudusLoggerOf(logger: Logger): NexudusLogger {
  return {
    debug: (message, fields) => logger.debug(message, { nexudus: fields }),
    warn: (message, fields) => logger.warn(message, { nexudus: fields }),
  };
}

/** The interaction pipeline's logger on top of ours. */
export function pipelineLogOf(logger: Logger): PipelineLog {
  return {
    info: (message, fields) => logger.info(message, { ...fields }),
    warn: (message, fields) => logger.warn(message, { ...fields }),
    error: (message, fields) => logger.error(message, { ...fields }),
  };
}
