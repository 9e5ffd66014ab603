import type { Clock } from "../clock";
import type { NexudusClient } from "../nexudus/client-types";
import { NexudusError } from "../nexudus/errors";
import { oneLine, redactSecrets, truncate } from "../text";
import { buildDigest, type DigestCounts } from "./build-digest";
import {
  allClearMessage,
  buildDigestMessages,
  DIGEST_EVENT_TYPE,
  digestFailureMessage,
} from "./build-digest-messages";
import { dateInZone } from "./digest-date";
import { DigestError } from "./digest-error";
import type { DigestSlackPort, SlackMessageMetadata } from "./digest-slack-port";
import { locationNamesOf } from "./group-by-location";

/** `event_type` of a failure warning; lets a retried run on the same day not repeat the same warning. */
export const DIGEST_WARNING_EVENT_TYPE = "webhook_digest_warning";

/** The digest's configuration (`DIGEST_*`). */
export interface DigestConfig {
  /** `DIGEST_CHANNEL`: channel id. */
  channel: string;
  /** `DIGEST_TIMEZONE`: IANA zone of the digest's date. */
  timeZone: string;
  /** `DIGEST_MIN_ERRORS`. */
  minErrors: number;
  /** `DIGEST_ALL_CLEAR`. */
  allClear: boolean;
  /** The bot's own Nexudus user (`NEXUDUS_USERNAME`): what it paused reads "paused by this bot". */
  botUser?: string;
  /** Replies at most (see `buildDigestMessages`); default 40. */
  maxReplies?: number;
  /** Gap between two posts, start to start (Slack: about 1 message per second per channel); default 1000. */
  postIntervalMs?: number;
}

/** Where the run reports what it did. Receives counts and redacted reasons only. */
export interface DigestLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
}

/** What `runDigest` needs; all I/O arrives here. */
export interface DigestDeps {
  client: NexudusClient;
  slack: DigestSlackPort;
  clock: Clock;
  sleep(ms: number): Promise<void>;
  config: DigestConfig;
  logger?: DigestLogger;
}

/** What one run did. */
export interface DigestRunResult {
  /** `posted`: digest and thread; `already-posted`: that date's digest (or all-clear) was there; `all-clear`:
   * nothing failing, all-clear posted; `nothing-to-post`: nothing failing and the all-clear is off. */
  status: "posted" | "already-posted" | "all-clear" | "nothing-to-post";
  /** The digest's date, `YYYY-MM-DD` in the configured zone. */
  date: string;
  messagesPosted: number;
  counts: DigestCounts;
  /** `ts` of the parent (or all-clear) message, when one was posted. */
  parentTs?: string;
  /** Webhooks named in the thread / only counted per location. */
  named?: number;
  counted?: number;
  /** Records Nexudus sent that could not be read (the digest says so). */
  skipped?: number;
}

/** History read back to find today's digest: more than a day, so any two runs on one date overlap. */
const HISTORY_WINDOW_SECONDS = 36 * 60 * 60;
const PAGE_SIZE = 1000;
const NO_COUNTS: DigestCounts = {
  disabled: 0,
  paused: 0,
  failing: 0,
  new: 0,
  neverDelivered: 0,
  locations: 0,
};

/** A sentence about a failure that is safe to show in the channel. */
export function failureReason(error: unknown): string {
  if (error instanceof NexudusError) {
    // "Nexudus answered 503 3 times; please try again in a minute." → "Nexudus answered 503 3 times."
    const reason = error.userMessage.replace(/[;,.]?\s*please try again\b.*$/i, "").trim();
    return /[.!?]$/.test(reason) ? reason : `${reason}.`;
  }
  if (error instanceof RangeError && /time ?zone/i.test(error.message))
    return "DIGEST_TIMEZONE is not a valid time zone.";
  return "an unexpected error occurred; see the digest function's logs.";
}

function slackReason(what: string, error: unknown): string {
  const detail = error instanceof Error ? truncate(oneLine(redactSecrets(error.message)), 200) : "";
  return `${what}${detail ? ` (${detail})` : ""}.`;
}

function metadataDate(metadata: SlackMessageMetadata | undefined): unknown {
  return metadata?.event_payload?.date;
}

/** Whether Slack timestamp `a` (`"1700000000.000100"`) is earlier than `b`, compared exactly. */
function tsBefore(a: string, b: string): boolean {
  const [as = "", af = ""] = a.split(".");
  const [bs = "", bf = ""] = b.split(".");
  if (as.length !== bs.length) return as.length < bs.length;
  if (as !== bs) return as < bs;
  return af.padEnd(6, "0") < bf.padEnd(6, "0");
}

/**
 * Two runs at once (the scheduler delivers at least once; a manual run can overlap) both find no digest
 * and both post one. Right after posting, each looks again: the run whose post is not the earliest for the
 * date deletes it and stops, so one digest stays. `undefined` when this run's post is the one that stays
 * (or the check could not be made: then the run goes on, as it did before).
 */
async function earlierDigest(
  deps: DigestDeps,
  date: string,
  ownTs: string,
  sinceSeconds: number,
): Promise<string | undefined> {
  const { slack, config, logger } = deps;
  let earlier: string | undefined;
  try {
    earlier = (await slack.recentMessages(config.channel, sinceSeconds)).find(
      (m) =>
        m.metadata?.event_type === DIGEST_EVENT_TYPE &&
        metadataDate(m.metadata) === date &&
        tsBefore(m.ts, ownTs),
    )?.ts;
  } catch (error) {
    logger?.warn("digest could not check for a concurrent run", {
      error: error instanceof Error ? redactSecrets(error.message) : String(error),
    });
    return undefined;
  }
  if (earlier === undefined) return undefined;
  try {
    await slack.deleteMessage(config.channel, ownTs);
  } catch (error) {
    logger?.warn("digest could not remove its duplicate", {
      error: error instanceof Error ? redactSecrets(error.message) : String(error),
    });
  }
  logger?.info("digest posted by a concurrent run", { date, ts: earlier });
  return earlier;
}

/**
 * One digest run: finds that date's digest in the channel's recent history and stops if it is there;
 * otherwise reads every failing and disabled webhook and every location from Nexudus, then posts the parent
 * and its thread, paced to Slack's one message per second per channel. When nothing fails it posts the
 * all-clear (if configured). On any failure it posts a short warning in the channel (once per date and
 * reason) and throws a `DigestError`, also when the warning itself could not be posted.
 */
export async function runDigest(deps: DigestDeps): Promise<DigestRunResult> {
  const { client, slack, clock, config, logger } = deps;
  const { channel } = config;
  const interval = config.postIntervalMs ?? 1000;
  const now = clock.now();
  let date: string;
  try {
    date = dateInZone(now, config.timeZone);
  } catch (error) {
    return fail(
      deps,
      { date: dateInZone(now, "UTC"), reason: failureReason(error), stage: "built" },
      error,
      [],
    );
  }

  const historySince = Math.floor(now / 1000) - HISTORY_WINDOW_SECONDS;
  let history: Array<{ ts: string; metadata?: SlackMessageMetadata }>;
  try {
    history = await slack.recentMessages(channel, historySince);
  } catch (error) {
    const reason = slackReason("Slack refused to read the channel's history", error);
    return fail(deps, { date, reason, stage: "built" }, error, []);
  }
  const existing = history.find(
    (m) => m.metadata?.event_type === DIGEST_EVENT_TYPE && metadataDate(m.metadata) === date,
  );
  if (existing) {
    logger?.info("digest already posted", { date, ts: existing.ts });
    return { status: "already-posted", date, messagesPosted: 0, counts: NO_COUNTS, parentTs: existing.ts };
  }

  let digest: ReturnType<typeof buildDigest>;
  try {
    const minErrors = Math.max(1, Math.floor(config.minErrors));
    // One walk after another (each asks for its later pages together once its first page tells how many
    // there are): a failure stops the run before the next walk spends the rate budget.
    const failing = await client.searchAllWebhooks(
      { from_WebHook_ErrorCount: String(minErrors) },
      { pageSize: PAGE_SIZE },
    );
    const disabled = await client.searchAllWebhooks({ WebHook_Active: "false" }, { pageSize: PAGE_SIZE });
    const businesses = await client.listAllBusinesses();
    const skipped = failing.skipped + disabled.skipped;
    digest = buildDigest([...failing.records, ...disabled.records], locationNamesOf(businesses), {
      now,
      minErrors,
      skipped,
    });
    logger?.info("digest built", {
      date,
      fetched: failing.records.length + disabled.records.length,
      skipped,
      ...digest.counts,
    });
  } catch (error) {
    return fail(deps, { date, reason: failureReason(error), stage: "built" }, error, history);
  }

  let posted = 0;
  let lastPostAt: number | undefined;
  const post = async (message: Parameters<DigestSlackPort["postMessage"]>[0]) => {
    if (lastPostAt !== undefined) {
      const wait = lastPostAt + interval - clock.now();
      if (wait > 0) await deps.sleep(wait);
    }
    lastPostAt = clock.now();
    const answer = await slack.postMessage(message);
    posted += 1;
    return answer;
  };

  if (!digest.items.length) {
    // Unreadable records are not good news: said in the channel even when the all-clear is off.
    if (!config.allClear && digest.skipped === 0)
      return { status: "nothing-to-post", date, messagesPosted: 0, counts: digest.counts };
    const message = allClearMessage({ date, skipped: digest.skipped });
    try {
      const { ts } = await post({ channel, ...message });
      const earlier = await earlierDigest(deps, date, ts, historySince);
      if (earlier)
        return { status: "already-posted", date, messagesPosted: 0, counts: NO_COUNTS, parentTs: earlier };
      return {
        status: "all-clear",
        date,
        messagesPosted: posted,
        counts: digest.counts,
        parentTs: ts,
        ...(digest.skipped > 0 ? { skipped: digest.skipped } : {}),
      };
    } catch (error) {
      const reason = slackReason("Slack refused the all-clear message", error);
      return fail(deps, { date, reason, stage: "posted" }, error, history);
    }
  }

  let messages: ReturnType<typeof buildDigestMessages>;
  try {
    messages = buildDigestMessages(digest, {
      date,
      timeZone: config.timeZone,
      now,
      ...(config.maxReplies !== undefined ? { maxReplies: config.maxReplies } : {}),
      ...(config.botUser ? { botUser: config.botUser } : {}),
    });
  } catch (error) {
    return fail(deps, { date, reason: failureReason(error), stage: "built" }, error, history);
  }
  let parentTs: string;
  try {
    parentTs = (await post({ channel, ...messages.parent })).ts;
  } catch (error) {
    const reason = slackReason("Slack refused the digest message", error);
    return fail(deps, { date, reason, stage: "posted" }, error, history);
  }
  const earlier = await earlierDigest(deps, date, parentTs, historySince);
  if (earlier)
    return { status: "already-posted", date, messagesPosted: 0, counts: NO_COUNTS, parentTs: earlier };
  for (const [index, reply] of messages.replies.entries()) {
    try {
      await post({ channel, ...reply, thread_ts: parentTs });
    } catch (error) {
      // The parent is there, so a retried run would stop at it: say in the thread what is missing.
      const reason = slackReason(
        `Slack refused part ${index + 1} of ${messages.replies.length} of the thread, so the rest is missing`,
        error,
      );
      return fail(deps, { date, reason, stage: "completed", threadTs: parentTs }, error, []);
    }
  }
  logger?.info("digest posted", {
    date,
    messagesPosted: posted,
    named: messages.named,
    counted: messages.counted,
  });
  return {
    status: "posted",
    date,
    messagesPosted: posted,
    counts: digest.counts,
    parentTs,
    named: messages.named,
    counted: messages.counted,
    ...(digest.skipped > 0 ? { skipped: digest.skipped } : {}),
  };
}

/** Posts the warning (unless the same one is already there today) and throws. */
async function fail(
  deps: DigestDeps,
  what: { date: string; reason: string; stage: "built" | "posted" | "completed"; threadTs?: string },
  cause: unknown,
  history: ReadonlyArray<{ metadata?: SlackMessageMetadata }>,
): Promise<never> {
  const { date, reason, stage, threadTs } = what;
  deps.logger?.warn("digest failed", {
    date,
    reason,
    error: cause instanceof Error ? `${cause.name}: ${redactSecrets(cause.message)}` : String(cause),
  });
  const repeated = history.some(
    (m) =>
      m.metadata?.event_type === DIGEST_WARNING_EVENT_TYPE &&
      metadataDate(m.metadata) === date &&
      m.metadata.event_payload?.reason === reason,
  );
  let warningPosted = repeated;
  if (!repeated) {
    try {
      await deps.slack.postMessage({
        channel: deps.config.channel,
        ...digestFailureMessage({ date, reason, stage }),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        metadata: { event_type: DIGEST_WARNING_EVENT_TYPE, event_payload: { date, reason } },
      });
      warningPosted = true;
    } catch (error) {
      deps.logger?.warn("digest warning could not be posted", {
        error: error instanceof Error ? redactSecrets(error.message) : String(error),
      });
    }
  }
  throw new DigestError(reason, { cause, warningPosted });
}
