import { ALERTS_OFF_WHY, type WatchRunResult } from "@nwh/core/alerts";
import { count } from "@nwh/core/blocks";

/**
 * One line about a watch poll that accounts for every message it posted, e.g. "Watch: read 20 webhooks;
 * 1 incident opened, 2 escalated, 0 updated, 0 closed; posted 1 incident message, 3 thread lines."
 */
export function describeWatchResult(result: WatchRunResult): string {
  if (result.status === "off") {
    const off = result.off ?? "no-channel";
    const fix =
      off === "default-off"
        ? "set DEFAULT_SUBSCRIPTION=on, or type /webhooks subscribe … in a channel"
        : "set ALERT_CHANNEL or DIGEST_CHANNEL, or type /webhooks subscribe … in a channel";
    return `Watch: alerts are off: ${ALERTS_OFF_WHY[off]} (${fix}).`;
  }
  if (result.status === "another-run") return "Watch: another poll is running; this one did nothing.";
  const first = result.firstRun
    ? " (first poll: what it found is recorded and summed up in one message)"
    : "";
  const changes = [
    `${count(result.opened, "incident")} opened`,
    `${result.escalated} escalated`,
    `${result.updated} updated`,
    `${result.closed} closed`,
  ].join(", ");
  const posts = [
    [result.postedAs.summaries, "summary", "summaries"],
    [result.postedAs.incidents, "incident message", "incident messages"],
    [result.postedAs.folds, '"+N more" message', '"+N more" messages'],
    [result.lines, "thread line", "thread lines"],
  ] as const;
  const posted = posts
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => `${n} ${n === 1 ? one : many}`)
    .join(", ");
  return `Watch: read ${count(result.read, "webhook")}; ${changes}; ${posted ? `posted ${posted}` : "posted nothing"}${first}.`;
}
