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
  /** `DEFAULT_SUBSCRIPTION`: whether `channel` takes every webhook's alerts. Absent: it does. */
  defaultSubscription?: boolean;
}

/**
 * Why no channel takes alerts: `no-channel`, neither `ALERT_CHANNEL` nor `DIGEST_CHANNEL` is set;
 * `default-off`, one is, but `DEFAULT_SUBSCRIPTION=off`. Either way no channel subscribes to alerts.
 */
export type AlertsOff = "no-channel" | "default-off";

/** The reason in words, for logs, local mode and Slack alike (plain text, no mrkdwn). */
export const ALERTS_OFF_WHY: Record<AlertsOff, string> = {
  "no-channel": "neither ALERT_CHANNEL nor DIGEST_CHANNEL is set, and no channel subscribes to alerts",
  "default-off": "DEFAULT_SUBSCRIPTION=off, and no channel subscribes to alerts",
};

/** Why alerts are off when no channel takes them, as the configuration says it. */
export function alertsOffReason(config: Pick<AlertConfig, "channel" | "defaultSubscription">): AlertsOff {
  return config.channel !== undefined && config.defaultSubscription === false ? "default-off" : "no-channel";
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
    defaultSubscription: config.DEFAULT_SUBSCRIPTION,
  };
}
