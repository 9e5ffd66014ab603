import type { WatchRunResult } from "@nwh/core/alerts";
import { count } from "@nwh/core/blocks";

/** One line about a watch poll, e.g. "Watch: 3 incidents opened, 1 updated, 0 closed; 2 messages posted." */
export function describeWatchResult(result: WatchRunResult): string {
  if (result.status === "off") return "Watch: alerts are off (set ALERT_CHANNEL or DIGEST_CHANNEL).";
  if (result.status === "another-run") return "Watch: another poll is running; this one did nothing.";
  const first = result.firstRun
    ? " (first poll: what it found is recorded and summed up in one message)"
    : "";
  return `Watch: read ${result.read} webhooks; ${result.opened} incidents opened, ${result.updated} updated, ${result.closed} closed; ${count(result.posted, "message")} posted${first}.`;
}
