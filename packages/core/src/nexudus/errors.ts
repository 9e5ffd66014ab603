/*
 * The typed errors of the Nexudus client. Each carries `userMessage`, a sentence safe to show in Slack:
 * it never contains a credential, a token or a raw response body.
 */

/** Base class of every error the Nexudus client throws. */
export class NexudusError extends Error {
  override name = "NexudusError";
  /** A short sentence for a Slack user. */
  readonly userMessage: string;
  constructor(message: string, userMessage: string, options?: { cause?: unknown }) {
    super(message, options);
    this.userMessage = userMessage;
  }
}

/** Nexudus answered with a non-2xx status that is not an auth or throttling answer. */
export class NexudusHttpError extends NexudusError {
  override name = "NexudusHttpError";
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly attempts = 1,
    detail = "",
  ) {
    super(
      `Nexudus answered ${status} to ${method} ${path}${attempts > 1 ? ` (${attempts} attempts)` : ""}${detail ? `: ${detail}` : ""}`,
      status === 404
        ? "Nexudus has no such record."
        : `Nexudus answered ${status}${attempts > 1 ? ` ${attempts} times` : ""}; please try again in a minute.`,
    );
  }
}

/** Nexudus refused the credentials (bad username/password, expired token that could not be renewed, missing role). */
export class NexudusAuthError extends NexudusError {
  override name = "NexudusAuthError";
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(
      `Nexudus authentication failed (${status}): ${detail}`,
      "Nexudus refused the bot's credentials. An admin should check NEXUDUS_USERNAME / NEXUDUS_PASSWORD and the user's roles (WebHook-List, -Read, -Edit; Business-List).",
    );
  }
}

/** Nexudus kept answering 409/429 (throttled) after the allowed retries. */
export class NexudusThrottleError extends NexudusError {
  override name = "NexudusThrottleError";
  constructor(
    readonly retryAfterSeconds: number | undefined,
    readonly attempts: number,
  ) {
    super(
      `Nexudus throttled the request ${attempts} times${retryAfterSeconds !== undefined ? ` (Retry-After ${retryAfterSeconds}s)` : ""}`,
      "Nexudus is rate-limiting the bot right now; please try again in a minute.",
    );
  }
}

/** A Nexudus answer did not match the expected shape (the API drifted, or a body was not JSON). */
export class NexudusSchemaError extends NexudusError {
  override name = "NexudusSchemaError";
  constructor(
    readonly path: string,
    readonly issues: string[],
  ) {
    super(
      `Unexpected answer from Nexudus for ${path}: ${issues.join("; ")}`,
      `Nexudus sent an answer the bot does not understand (${issues[0] ?? "unexpected shape"}).`,
    );
  }
}

/** A request or a whole call ran past its time budget. */
export class NexudusTimeoutError extends NexudusError {
  override name = "NexudusTimeoutError";
  constructor(
    readonly path: string,
    readonly budgetMs: number,
  ) {
    super(
      `Nexudus did not answer ${path} within ${budgetMs} ms`,
      "Nexudus did not answer in time; please try again.",
    );
  }
}

/** The connection failed (refused, reset, DNS) after the allowed retries. */
export class NexudusNetworkError extends NexudusError {
  override name = "NexudusNetworkError";
  constructor(
    readonly path: string,
    readonly attempts: number,
    cause?: unknown,
  ) {
    super(
      `Could not reach Nexudus for ${path} after ${attempts} attempts`,
      "The bot could not reach Nexudus; please try again in a minute.",
      { cause },
    );
  }
}

/** A write was refused (400 validation envelope, or HTTP 200 with `WasSuccessful: false`). */
export class NexudusWriteError extends NexudusError {
  override name = "NexudusWriteError";
  constructor(
    readonly path: string,
    readonly messages: string[],
  ) {
    super(
      `Nexudus refused the write to ${path}: ${messages.join("; ")}`,
      `Nexudus refused the change: ${messages[0] ?? "no reason given"}.`,
    );
  }
}

/** A walk over every page (`searchAllWebhooks`) matched more records than the caller allows. */
export class NexudusTooManyRecordsError extends NexudusError {
  override name = "NexudusTooManyRecordsError";
  constructor(
    readonly limit: number,
    readonly total: number,
  ) {
    super(
      `Nexudus matched ${total} records, more than the limit of ${limit}`,
      `That search matches ${total} webhooks, more than the ${limit} the bot can go through at once; please narrow it down.`,
    );
  }
}

/** The caller aborted the call (its `signal` fired). */
export class NexudusAbortedError extends NexudusError {
  override name = "NexudusAbortedError";
  constructor(readonly path: string) {
    super(`The call to Nexudus for ${path} was aborted`, "The request to Nexudus was cancelled.");
  }
}
