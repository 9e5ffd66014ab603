import type { Logger } from "@aws-lambda-powertools/logger";
import { LogLevel, type Logger as SlackLogger } from "@slack/web-api";

/**
 * Bolt's and the WebClient's logger on top of ours. Bolt's debug lines print whole requests (with
 * `response_url`s and the legacy verification token), so they are dropped whatever the level. Imports the
 * web-api only, so the digest's bundle stays free of Bolt.
 */
export function slackLogger(logger: Logger): SlackLogger {
  let level: LogLevel = LogLevel.INFO;
  const text = (parts: unknown[]): string =>
    parts.map((p) => (p instanceof Error ? `${p.name}: ${p.message}` : String(p))).join(" ");
  return {
    debug: () => {},
    info: (...parts) => logger.info(text(parts), { source: "slack" }),
    warn: (...parts) => logger.warn(text(parts), { source: "slack" }),
    error: (...parts) => logger.error(text(parts), { source: "slack" }),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
