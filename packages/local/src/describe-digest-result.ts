import type { DigestRunResult } from "@nwh/core/digest";

const STATUS: Record<DigestRunResult["status"], string> = {
  posted: "posted",
  "already-posted": "already posted today, nothing new posted",
  "all-clear": "nothing failing, all-clear posted",
  "nothing-to-post": "nothing failing, nothing posted (DIGEST_ALL_CLEAR is false)",
  "another-run": "another run is posting today's digest right now, nothing posted by this one",
};

/** One line about a digest run, e.g. "Digest for 2025-03-10: posted, 2 messages (4 disabled, 12 failing)." */
export function describeDigestResult(result: DigestRunResult, shownHere: boolean): string {
  const c = result.counts;
  const counts =
    result.status === "posted" ? ` (${c.disabled} disabled, ${c.failing} failing, ${c.new} new)` : "";
  const messages = `${result.messagesPosted} message${result.messagesPosted === 1 ? "" : "s"}`;
  const where = shownHere ? "" : " to the configured Slack API";
  return `Digest for ${result.date}: ${STATUS[result.status] ?? result.status}; ${messages} posted${where}${counts}.`;
}
