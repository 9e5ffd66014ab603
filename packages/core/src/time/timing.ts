/*
 * Every timing constant of the Slack side of the bot, each with its reason, in one place. The Nexudus
 * client's own defaults (request timeout, backoff, Retry-After cap) live with the client's options.
 */

/** Timing rules of an interaction (a command, a click, a Home tab), in milliseconds. */
export const TIMING = {
  /** Slack's limit for the HTTP answer to a command, a click or an event, counted from when it sent it. */
  slackAnswerLimitMs: 3000,
  /** Kept free before Slack's limit: Lambda handing the answer back, API Gateway, the way back to Slack. */
  slackAnswerMarginMs: 300,
  /**
   * The longest the Nexudus work of an interaction may take on the fast path, counted from the request's
   * arrival. Past it the same interaction goes to the worker. Leaves room for a cold start's tail.
   */
  answerBudgetMs: 2000,
  /** The most a tuned answer budget may be (`ANSWER_BUDGET_MS`): it must leave time for the replies. */
  maxAnswerBudgetMs: 2500,
  /** Kept after the fast path's Nexudus work for what follows it: the replies, or the hand-off. */
  replyReserveMs: 1000,
  /** A post given less than this is not started: it could not finish, and Slack may still show it late. */
  minPostMs: 100,
  /** The longest one Slack Web API call or `response_url` post may take on the fast path. */
  slackCallTimeoutMs: 2500,
  /**
   * How long the worker may take. It answers through `response_url`, which stays valid for 30 minutes;
   * the worker Lambda has 60 s, so this leaves room for the replies after the work.
   */
  workerBudgetMs: 20_000,
  /** The most a tuned worker budget may be (`WORKER_BUDGET_MS`). */
  maxWorkerBudgetMs: 60_000,
  /** The time the worker's replies get after its work (a few posts to `response_url`). */
  workerDeliveryMs: 10_000,
  /** The longest one Slack call may take in the worker and the digest (no 3-second rule there). */
  backgroundCallTimeoutMs: 5000,
  /**
   * The hand-off to the worker (an asynchronous Lambda invoke): Lambda queues the event and answers 202 in
   * tens of milliseconds; a slow answer must still leave time to tell the user.
   */
  invokeRequestTimeoutMs: 700,
  invokeConnectionTimeoutMs: 300,
  /** Secrets Manager answers in tens of milliseconds when healthy; a cold start must still meet Slack's 3 s. */
  secretsRequestTimeoutMs: 2000,
  secretsConnectionTimeoutMs: 1000,
  /**
   * The table answers in single-digit milliseconds when healthy; a slow answer must still leave the slack
   * function time to tell the user (the SDK retries twice within these).
   */
  tableRequestTimeoutMs: 1000,
  tableConnectionTimeoutMs: 300,
  /**
   * An idle keep-alive connection to Nexudus is closed after this: reused within it (no new TLS handshake
   * for a command a few seconds after the last), and closed well before a server or a NAT would drop it.
   */
  httpIdleSocketMs: 30_000,
  /** Locations change rarely; a busy channel should not list them on every search. */
  locationsTtlMs: 5 * 60_000,
  /** A digest run holds its date this long: longer than the digest Lambda's 5 minutes. */
  digestLeaseMs: 15 * 60_000,
  /** A posted digest's date is remembered this long: past any retry of that day's run. */
  digestPostedMarkMs: 3 * 24 * 60 * 60_000,
  /** A watch poll holds the watch this long: longer than the watch Lambda's minute. */
  watchLeaseMs: 4 * 60_000,
  /**
   * A channel Slack refused for good (archived, the bot removed) is tried again after this, unless its
   * subscription changes first. A person undoes such a change on a human scale (days), while a poll every
   * five minutes would retry 288 times a day; a day bounds the cost to one call and one log line a day.
   */
  refusedChannelRetryMs: 24 * 60 * 60_000,
  /** Slack retries an Events API delivery within minutes; an event id is remembered for an hour. */
  eventDedupeMs: 60 * 60_000,
  /** How long a Pause/Resume holds its webhook: longer than any one write with its reads. */
  toggleLeaseMs: 30_000,
  /** How long one environment may take to get a new Nexudus token for all of them (a login or a refresh). */
  tokenRenewalLeaseMs: 15_000,
  /** The shared token is kept about as long as Nexudus's refresh tokens last (about 15 days). */
  sharedTokenKeepMs: 14 * 24 * 60 * 60_000,
  /** How often a second click on the same webhook (or an environment waiting for a token) looks again. */
  leasePollMs: 200,
  /**
   * A click's `trigger_id` opens a modal for 3 s only (Slack): the form opens on the fast path, and a job
   * past this is told to click again instead.
   */
  triggerLifetimeMs: 3000,
  /**
   * How often the digest function looks for subscription digests that are due (its second schedule): a
   * digest goes out at the first look at or after its time, so a quarter-hour time is on the minute.
   */
  subscriptionDigestEveryMinutes: 15,
} as const;

/** The timing an environment runs with: the defaults, with the budgets that tests and benches may shrink. */
export interface Timing {
  answerBudgetMs: number;
  workerBudgetMs: number;
}
