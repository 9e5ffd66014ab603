import type { Incident } from "../alerts/incident-model";
import type { LocationNames, SlackMessage } from "../blocks/models";
import type { Clock } from "../clock";
import type { NexudusClient } from "../nexudus/client-types";
import { NexudusError } from "../nexudus/errors";
import type { RecordTest } from "../query/row-types";
import type { AppStore } from "../store/app-store";
import { oneLine, redactSecrets, truncate } from "../text";
import { TIMING } from "../time/timing";
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
import { type DigestSource, nexudusDigestSource } from "./digest-source";
import { withIncidents } from "./with-incidents";

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
  /**
   * The channel subscription this digest is for: it lists only the subscription's matches, and is keyed,
   * marked and found in the channel's history apart from the channel's other digests. Absent: the
   * configured digest of every webhook.
   */
  subscription?: DigestSubscription;
}

/** What a subscription's digest needs of it. */
export interface DigestSubscription {
  id: string;
  /** Its search, as a test of the records read (see `compileQuery`). */
  test: RecordTest;
  /** Its search in words, escaped for mrkdwn (`failing webhooks at Downtown Hub`), with the location names read. */
  describe(locations: LocationNames): string;
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
  /** The table: a lease per date makes concurrent runs post one digest; a mark says it was posted. */
  store: AppStore;
  clock: Clock;
  sleep(ms: number): Promise<void>;
  config: DigestConfig;
  logger?: DigestLogger;
  /** Where the webhooks come from: shared by the digests of one run, so Nexudus is read once for all. */
  source?: DigestSource;
  /**
   * The alerts' open incidents, for "failing since" and what someone acknowledged or snoozed; absent where
   * no watch runs. A failed read is logged and the digest goes on without them.
   */
  openIncidents?: () => Promise<Incident[]>;
}

/** What one run did. */
export interface DigestRunResult {
  /** `posted`: digest and thread; `already-posted`: that date's digest (or all-clear) was there; `all-clear`:
   * nothing failing, all-clear posted; `nothing-to-post`: nothing failing and the all-clear is off;
   * `another-run`: another run holds this date's lease and is posting it now; `off`: the configured digest
   * is turned off (`DEFAULT_SUBSCRIPTION=off`); `not-run`: this run sent the subscriptions' digests only. */
  status: "posted" | "already-posted" | "all-clear" | "nothing-to-post" | "another-run" | "off" | "not-run";
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
  /** The channel it is for, and the subscription when it is one's. */
  channel?: string;
  subscriptionId?: string;
}

/** History read back to find today's digest: more than a day, so any two runs on one date overlap. */
const HISTORY_WINDOW_SECONDS = 36 * 60 * 60;
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
  if (error instanceof NexudusError) return error.fact;
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

/** Whether a message's metadata is this digest's: its date, and its subscription (none for the channel's own). */
function isSameDigest(
  metadata: SlackMessageMetadata | undefined,
  date: string,
  subscription?: string,
): boolean {
  return metadataDate(metadata) === date && metadata?.event_payload?.subscription === subscription;
}

/** The key of a digest's lease and posted mark: its channel, its subscription (if any) and its date. */
export function digestKey(channel: string, date: string, subscriptionId?: string): string {
  return subscriptionId ? `digest:${channel}:${subscriptionId}:${date}` : `digest:${channel}:${date}`;
}

/** A digest's messages marked as one subscription's: the metadata names it, a line says which webhooks. */
function forSubscription<M extends { blocks: SlackMessage["blocks"]; metadata?: SlackMessageMetadata }>(
  message: M,
  subscription: DigestSubscription | undefined,
  locations: LocationNames,
): M {
  if (!subscription) return message;
  const line = {
    type: "context" as const,
    elements: [{ type: "mrkdwn" as const, text: `Subscription: ${subscription.describe(locations)}` }],
  };
  const [first, ...rest] = message.blocks;
  const blocks = first?.type === "header" ? [first, line, ...rest] : [line, ...message.blocks];
  return {
    ...message,
    blocks,
    ...(message.metadata
      ? {
          metadata: {
            ...message.metadata,
            event_payload: { ...message.metadata.event_payload, subscription: subscription.id },
          },
        }
      : {}),
  };
}

/**
 * One digest run. A run first looks at the table: today's digest marked posted, it stops; another run
 * holding the date's lease (the scheduler delivers at least once, a manual run can overlap), it stops.
 * Holding the lease, it looks in the channel's recent history too (a second guard, for a digest posted
 * before the table knew of it), then reads every failing and disabled webhook and every location from
 * Nexudus, posts the parent (marking the date posted at once) and its thread, paced to Slack's one message
 * per second per channel. When nothing fails it posts the all-clear (if configured). On any failure it
 * posts a short warning in the channel (once per date and reason) and throws a `DigestError`, also when
 * the warning itself could not be posted.
 */
export async function runDigest(deps: DigestDeps): Promise<DigestRunResult> {
  const { clock, config } = deps;
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
  const subscriptionId = config.subscription?.id;
  const about = { channel: config.channel, ...(subscriptionId ? { subscriptionId } : {}) };
  const key = digestKey(config.channel, date, subscriptionId);
  let release: (() => Promise<void>) | undefined;
  try {
    const posted = await deps.store.marks.read(key);
    if (posted) {
      deps.logger?.info("digest already posted", { date, ts: posted.note, ...about });
      return {
        ...about,
        status: "already-posted",
        date,
        messagesPosted: 0,
        counts: NO_COUNTS,
        ...(posted.note ? { parentTs: posted.note } : {}),
      };
    }
    release = await deps.store.leases.acquire(key, TIMING.digestLeaseMs);
  } catch (error) {
    return fail(deps, { date, reason: "the bot's state table did not answer.", stage: "built" }, error, []);
  }
  if (!release) {
    deps.logger?.info("another run is posting this date's digest", { date, ...about });
    return { ...about, status: "another-run", date, messagesPosted: 0, counts: NO_COUNTS };
  }
  try {
    return { ...about, ...(await postDigest(deps, date, now, key)) };
  } finally {
    await release().catch(() => {});
  }
}

/** The open incidents, or none when the table cannot say: the digest does not depend on the alerts. */
async function incidentsOrNone(deps: DigestDeps): Promise<Incident[]> {
  if (!deps.openIncidents) return [];
  try {
    return await deps.openIncidents();
  } catch (error) {
    deps.logger?.warn("the open incidents could not be read; the digest goes without them", {
      error: error instanceof Error ? redactSecrets(error.message) : String(error),
    });
    return [];
  }
}

/** The digest run itself, holding the date's lease. */
async function postDigest(
  deps: DigestDeps,
  date: string,
  now: number,
  key: string,
): Promise<DigestRunResult> {
  const { client, slack, clock, config, logger } = deps;
  const { channel } = config;
  const interval = config.postIntervalMs ?? 1000;
  // Marked at once after the first post: a run retried after a failure in the thread never posts it again.
  const markPosted = async (ts: string) => {
    try {
      await deps.store.marks.mark(key, TIMING.digestPostedMarkMs, ts);
    } catch (error) {
      logger?.warn("digest could not be marked posted (the channel's history still guards a rerun)", {
        error: error instanceof Error ? redactSecrets(error.message) : String(error),
      });
    }
  };

  const historySince = Math.floor(now / 1000) - HISTORY_WINDOW_SECONDS;
  let history: Array<{ ts: string; metadata?: SlackMessageMetadata }>;
  try {
    history = await slack.recentMessages(channel, historySince);
  } catch (error) {
    const reason = slackReason("Slack refused to read the channel's history", error);
    return fail(deps, { date, reason, stage: "built" }, error, []);
  }
  const existing = history.find(
    (m) =>
      m.metadata?.event_type === DIGEST_EVENT_TYPE && isSameDigest(m.metadata, date, config.subscription?.id),
  );
  if (existing) {
    logger?.info("digest already posted", { date, ts: existing.ts });
    return { status: "already-posted", date, messagesPosted: 0, counts: NO_COUNTS, parentTs: existing.ts };
  }

  let digest: ReturnType<typeof buildDigest>;
  let locations: LocationNames = new Map();
  try {
    const minErrors = Math.max(1, Math.floor(config.minErrors));
    const data = await (deps.source ?? nexudusDigestSource(client, minErrors))();
    locations = data.locations;
    const test = config.subscription?.test;
    const records = test ? data.records.filter(test) : data.records;
    digest = buildDigest(records, data.locations, { now, minErrors, skipped: data.skipped });
    digest = withIncidents(digest, await incidentsOrNone(deps), now);
    logger?.info("digest built", {
      date,
      fetched: records.length,
      skipped: data.skipped,
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
    const message = forSubscription(
      allClearMessage({ date, skipped: digest.skipped }),
      config.subscription,
      locations,
    );
    try {
      const { ts } = await post({ channel, ...message });
      await markPosted(ts);
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
    parentTs = (await post({ channel, ...forSubscription(messages.parent, config.subscription, locations) }))
      .ts;
  } catch (error) {
    const reason = slackReason("Slack refused the digest message", error);
    return fail(deps, { date, reason, stage: "posted" }, error, history);
  }
  await markPosted(parentTs);
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
  const subscription = deps.config.subscription?.id;
  const repeated = history.some(
    (m) =>
      m.metadata?.event_type === DIGEST_WARNING_EVENT_TYPE &&
      isSameDigest(m.metadata, date, subscription) &&
      m.metadata?.event_payload?.reason === reason,
  );
  let warningPosted = repeated;
  if (!repeated) {
    try {
      await deps.slack.postMessage({
        channel: deps.config.channel,
        ...digestFailureMessage({ date, reason, stage }),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        metadata: {
          event_type: DIGEST_WARNING_EVENT_TYPE,
          event_payload: { date, reason, ...(subscription ? { subscription } : {}) },
        },
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
