import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import { logger } from "./logger";

/**
 * Bolt's logger on top of ours. Bolt's debug lines print whole requests (with `response_url`s and the
 * legacy verification token), so they are dropped whatever the level.
 */
export function boltLogger(): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const text = (parts: unknown[]): string =>
    parts.map((p) => (p instanceof Error ? `${p.name}: ${p.message}` : String(p))).join(" ");
  return {
    debug: () => {},
    info: (...parts) => logger.info(text(parts), { source: "bolt" }),
    warn: (...parts) => logger.warn(text(parts), { source: "bolt" }),
    error: (...parts) => logger.error(text(parts), { source: "bolt" }),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
