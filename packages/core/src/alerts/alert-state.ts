import type { WebhookListRecord } from "../nexudus/schemas";
import type { AlertConfig } from "./alert-config";
import type { AlertState } from "./incident-model";

/**
 * A webhook as the watch reads it: part of an incident (`failing`, `at-risk`, `disabled` by Nexudus after
 * its 10 failures), `paused` by a person (switched off with fewer errors, which Nexudus never does), or
 * `quiet` (below `ALERT_MIN_ERRORS`).
 */
export function alertStateOf(
  record: Pick<WebhookListRecord, "Active" | "ErrorCount">,
  config: Pick<AlertConfig, "minErrors" | "atRisk" | "disableAfter">,
): AlertState | "paused" | "quiet" {
  if (!record.Active) return record.ErrorCount >= config.disableAfter ? "disabled" : "paused";
  if (record.ErrorCount >= config.atRisk) return "at-risk";
  if (record.ErrorCount >= config.minErrors) return "failing";
  return "quiet";
}
