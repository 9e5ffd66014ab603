import type { DigestBatchResult, DigestRunResult } from "@nwh/core/digest";

const STATUS: Record<DigestRunResult["status"], string> = {
  posted: "posted",
  "already-posted": "already posted today, nothing new posted",
  "all-clear": "nothing failing, all-clear posted",
  "nothing-to-post": "nothing failing, nothing posted (DIGEST_ALL_CLEAR is false)",
  "another-run": "another run is posting today's digest right now, nothing posted by this one",
  off: "the configured digest is off (DEFAULT_SUBSCRIPTION=off)",
  "not-run": "the configured digest was not part of this run",
};

/** One line about a digest run, e.g. "Digest for 2025-03-10: posted, 2 messages (4 disabled, 12 failing)." */
export function describeDigestResult(
  result: DigestRunResult & { subscriptions?: DigestBatchResult },
  shownHere: boolean,
): string {
  const c = result.counts;
  const counts =
    result.status === "posted" ? ` (${c.disabled} disabled, ${c.failing} failing, ${c.new} new)` : "";
  const messages = `${result.messagesPosted} message${result.messagesPosted === 1 ? "" : "s"}`;
  const where = shownHere ? "" : " to the configured Slack API";
  const configured =
    result.status === "not-run" || result.status === "off"
      ? `Configured digest: ${STATUS[result.status]}.`
      : `Digest for ${result.date}: ${STATUS[result.status] ?? result.status}; ${messages} posted${where}${counts}.`;
  return result.subscriptions ? `${configured} ${describeBatch(result.subscriptions)}` : configured;
}

/** The subscriptions' digests of a run, e.g. "Subscription digests: 2 posted, 1 already posted today." */
function describeBatch(batch: DigestBatchResult): string {
  if (batch.runs.length + batch.failed.length + batch.deferred === 0) return "No subscription digest is due.";
  const posted = batch.runs.filter((r) => r.status === "posted" || r.status === "all-clear").length;
  const already = batch.runs.filter((r) => r.status === "already-posted").length;
  const parts = [`${posted} posted`];
  if (already > 0) parts.push(`${already} already posted today`);
  if (batch.failed.length > 0) parts.push(`${batch.failed.length} failed`);
  if (batch.deferred > 0) parts.push(`${batch.deferred} left for the next run`);
  return `Subscription digests: ${parts.join(", ")}.`;
}
