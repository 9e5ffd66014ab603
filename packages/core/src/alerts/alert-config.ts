import { AUTO_DISABLE_AFTER } from "../blocks/status";
import type { Config } from "../config/config-schema";

/** The watch's configuration (`ALERT_*`, with `DIGEST_CHANNEL` as the default channel). */
export interface AlertConfig {
  /** `ALERT_CHANNEL`, else `DIGEST_CHANNEL`; neither: alerts are off. */
  channel?: string;
  /** `ALERT_MIN_ERRORS`: consecutive errors that open an incident. */
  minErrors: number;
  /** `ALERT_AT_RISK`: errors from which an incident is "about to be disabled". */
  atRisk: number;
  /** `ALERT_MENTION`: who an escalation mentions in the default channel. */
  mention: readonly string[];
  /** `ALERT_MAX_PER_RUN`: new incident messages one run may post; the rest are folded. */
  maxPerRun: number;
  /** Nexudus disables a webhook after this many consecutive failures. */
  disableAfter: number;
  /** Zone for dates in the messages' fallback text (`DIGEST_TIMEZONE`). */
  timeZone: string;
}

/** The watch's configuration from the bot's. */
export function alertConfigOf(config: Config): AlertConfig {
  const channel = config.ALERT_CHANNEL ?? config.DIGEST_CHANNEL;
  return {
    ...(channel ? { channel } : {}),
    minErrors: config.ALERT_MIN_ERRORS,
    atRisk: config.ALERT_AT_RISK,
    mention: config.ALERT_MENTION,
    maxPerRun: config.ALERT_MAX_PER_RUN,
    disableAfter: AUTO_DISABLE_AFTER,
    timeZone: config.DIGEST_TIMEZONE,
  };
}
