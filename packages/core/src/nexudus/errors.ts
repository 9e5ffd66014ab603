/*
 * The typed errors of the Nexudus client. Each has a stable `code` (what a renderer keys its wording on) and
 * the structured fields that wording needs, plus `userMessage`, a sentence safe to show in Slack: it never
 * contains a credential, a token, an HTML page or a raw response body.
 */

/** The stable code of every error the client throws. */
export type NexudusErrorCode =
  | "nexudus_http"
  | "nexudus_auth"
  | "nexudus_two_factor"
  | "nexudus_firewall"
  | "nexudus_throttled"
  | "nexudus_paced"
  | "nexudus_schema"
  | "nexudus_timeout"
  | "nexudus_network"
  | "nexudus_write_refused"
  | "nexudus_write_not_applied"
  | "nexudus_write_unconfirmed"
  | "nexudus_too_many_records"
  | "nexudus_aborted";

/** The roles the bot's Nexudus user needs, as Nexudus names them. */
export const REQUIRED_ROLES = ["WebHook-List", "WebHook-Read", "WebHook-Edit", "Business-List"] as const;

const ROLES_TEXT = `${REQUIRED_ROLES.slice(0, -1).join(", ")} and ${REQUIRED_ROLES.at(-1)}`;

/** Base class of every error the Nexudus client throws. */
export abstract class NexudusError extends Error {
  override name = "NexudusError";
  abstract readonly code: NexudusErrorCode;
  /** A short sentence for a Slack user: what happened, and what they can do. */
  readonly userMessage: string;
  /**
   * What happened, without advice to the person who asked: the wording of unattended runs (the digest's
   * and the watch's notices in a channel), where "please try again" has nobody to address.
   */
  readonly fact: string;
  constructor(message: string, userMessage: string, options?: { cause?: unknown; fact?: string }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.userMessage = userMessage;
    this.fact = options?.fact ?? userMessage;
  }
}

/** A 3xx: the bot does not follow redirects (they would carry the Authorization header elsewhere). */
const isRedirect = (status: number) => status >= 300 && status < 400;

/** Nexudus answered with a non-2xx status that is not an auth, firewall or throttling answer. */
export class NexudusHttpError extends NexudusError {
  override name = "NexudusHttpError";
  readonly code = "nexudus_http";
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
        : isRedirect(status)
          ? `Nexudus answered ${status}, a redirect: the API is not at the configured address (check NEXUDUS_BASE_URL).`
          : `Nexudus answered ${status}${attempts > 1 ? ` ${attempts} times` : ""}; please try again in a minute.`,
      status === 404
        ? undefined
        : isRedirect(status)
          ? { fact: `Nexudus answered ${status}, a redirect (check NEXUDUS_BASE_URL).` }
          : { fact: `Nexudus answered ${status}${attempts > 1 ? ` ${attempts} times` : ""}.` },
    );
  }
}

/**
 * Why Nexudus refused the bot:
 * - `bad_credentials`: the token grant answered `invalid_grant` (wrong username or password);
 * - `not_authorized`: a 401 with credentials Nexudus accepted (the user lacks "API access" or a role), or a
 *   401 to Basic auth (which cannot tell the two apart);
 * - `forbidden`: a JSON 403 (a role is missing);
 * - `password_reset`: the grant answered `must_reset_password`;
 * - `rejected`: any other refusal of the grant.
 */
export type NexudusAuthReason =
  | "bad_credentials"
  | "not_authorized"
  | "forbidden"
  | "password_reset"
  | "rejected";

function authAdvice(reason: NexudusAuthReason, status: number): string {
  switch (reason) {
    case "bad_credentials":
      return "Nexudus refused the bot's credentials (its username or password). An admin should check NEXUDUS_USERNAME and NEXUDUS_PASSWORD.";
    case "password_reset":
      return "Nexudus wants the bot's Nexudus user to choose a new password. An admin should sign in to Nexudus as that user, set a new password and put it in NEXUDUS_PASSWORD.";
    case "not_authorized":
    case "forbidden":
      return `Nexudus refused the bot's credentials for this request (HTTP ${status}). An admin should check that the bot's Nexudus user has "API access" switched on in its profile and the roles ${ROLES_TEXT} (or is a full administrator), and NEXUDUS_USERNAME / NEXUDUS_PASSWORD.`;
    case "rejected":
      return "Nexudus refused the bot's credentials and would not sign it in. An admin should check NEXUDUS_USERNAME / NEXUDUS_PASSWORD and the Nexudus user's settings.";
  }
}

/** Nexudus refused the credentials, the token, or the user's rights (see `reason`). */
export class NexudusAuthError extends NexudusError {
  override name = "NexudusAuthError";
  readonly code = "nexudus_auth";
  constructor(
    readonly status: number,
    detail: string,
    readonly reason: NexudusAuthReason = status === 400 ? "rejected" : "not_authorized",
    /** The request path that was refused (`/token` for the grant). */
    readonly path = "",
  ) {
    super(`Nexudus authentication failed (${status}, ${reason}): ${detail}`, authAdvice(reason, status));
  }
}

/** The token grant answered `two_factor_auth_check`: the user has 2FA, and no (or a wrong) code was sent. */
export class NexudusTwoFactorError extends NexudusError {
  override name = "NexudusTwoFactorError";
  readonly code = "nexudus_two_factor";
  constructor(
    /** Whether a code computed from NEXUDUS_TOTP_SECRET was sent (and refused). */
    readonly codeSent: boolean,
  ) {
    super(
      `Nexudus asked for a two-factor code (two_factor_auth_check)${codeSent ? " and refused the one sent" : ""}`,
      codeSent
        ? "Nexudus refused the two-factor code the bot computed from NEXUDUS_TOTP_SECRET. An admin should check that secret (the base32 key of the Nexudus user's authenticator) and that the bot's clock is right."
        : "The bot's Nexudus user has two-factor authentication. An admin should set NEXUDUS_TOTP_SECRET to that user's authenticator key (base32), or give the bot a Nexudus user without two-factor authentication.",
    );
  }
}

/** Nexudus (or what sits in front of it) answered with an HTML page: a CloudFront/WAF refusal, a proxy error. */
export class NexudusFirewallError extends NexudusError {
  override name = "NexudusFirewallError";
  readonly code = "nexudus_firewall";
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly attempts = 1,
  ) {
    super(
      `Nexudus answered ${status} with an HTML page to ${method} ${path}${attempts > 1 ? ` (${attempts} attempts)` : ""}`,
      status >= 500
        ? // A gateway's error page: usually passing, so the advice is to retry.
          `Nexudus answered ${status}${attempts > 1 ? ` ${attempts} times` : ""}; please try again in a minute. The answer was a page from Nexudus's firewall or a proxy (HTTP ${status}), not from Nexudus itself.`
        : `Nexudus's firewall or a proxy refused the request (HTTP ${status}). This is not a problem with the bot's credentials; if it keeps happening, an admin should ask Nexudus support whether their firewall blocks the bot.`,
      status >= 500
        ? {
            fact: `Nexudus answered ${status}${attempts > 1 ? ` ${attempts} times` : ""} with a page from its firewall or a proxy, not from Nexudus itself.`,
          }
        : undefined,
    );
  }
}

/** Nexudus kept answering 409/429 (throttled) after the allowed retries. */
export class NexudusThrottleError extends NexudusError {
  override name = "NexudusThrottleError";
  readonly code = "nexudus_throttled";
  constructor(
    readonly retryAfterSeconds: number | undefined,
    readonly attempts: number,
  ) {
    super(
      `Nexudus throttled the request ${attempts} times${retryAfterSeconds !== undefined ? ` (Retry-After ${retryAfterSeconds}s)` : ""}`,
      "Nexudus is rate-limiting the bot right now; please try again in a minute.",
      { fact: "Nexudus is rate-limiting the bot right now." },
    );
  }
}

/** A Nexudus answer did not match the expected shape (the API drifted, or a body was not JSON). */
export class NexudusSchemaError extends NexudusError {
  override name = "NexudusSchemaError";
  readonly code = "nexudus_schema";
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
  readonly code: NexudusErrorCode = "nexudus_timeout";
  constructor(
    readonly path: string,
    readonly budgetMs: number,
    message = `Nexudus did not answer ${path} within ${budgetMs} ms`,
    userMessage = "Nexudus did not answer in time; please try again.",
    fact = "Nexudus did not answer in time.",
  ) {
    super(message, userMessage, { fact });
  }
}

/**
 * The bot's own limiter would have to hold the request past the call's deadline: the bot is keeping to
 * Nexudus's published rate limits, Nexudus did not throttle anything. A timeout (the call is out of time),
 * so a slow path can take the work over.
 */
export class NexudusPacedError extends NexudusTimeoutError {
  override name = "NexudusPacedError";
  override readonly code = "nexudus_paced";
  constructor(
    path: string,
    budgetMs: number,
    /** How long the request would have had to wait for its turn. */
    readonly waitMs: number,
  ) {
    super(
      path,
      budgetMs,
      `The limiter would hold ${path} ${Math.round(waitMs)} ms, past the call's deadline`,
      "The bot is pacing its requests to stay within Nexudus's rate limits, and this request's turn would come too late; please try again in a minute.",
      "The bot's requests to Nexudus, paced to its rate limits, would have taken longer than the run had.",
    );
  }
}

/** The connection failed (refused, reset, DNS) after the allowed retries. */
export class NexudusNetworkError extends NexudusError {
  override name = "NexudusNetworkError";
  readonly code = "nexudus_network";
  constructor(
    readonly path: string,
    readonly attempts: number,
    cause?: unknown,
  ) {
    super(
      `Could not reach Nexudus for ${path} after ${attempts} attempts`,
      "The bot could not reach Nexudus; please try again in a minute.",
      { cause, fact: "The bot could not reach Nexudus." },
    );
  }
}

/**
 * A write was refused: a 400 validation envelope, a bare ASP.NET `{Message, ModelState}` body, or HTTP 200
 * with `WasSuccessful: false`. `messages` are Nexudus's own (redacted).
 */
export class NexudusWriteError extends NexudusError {
  override name = "NexudusWriteError";
  readonly code = "nexudus_write_refused";
  constructor(
    readonly path: string,
    readonly messages: string[],
  ) {
    super(
      `Nexudus refused the write to ${path}: ${messages.join("; ")}`,
      `Nexudus refused the change: ${(messages[0] ?? "no reason given").replace(/[.\s]+$/, "")}.`,
    );
  }
}

/** Nexudus answered a write with success, but reading the record back shows the change was not made. */
export class NexudusWriteNotAppliedError extends NexudusError {
  override name = "NexudusWriteNotAppliedError";
  readonly code = "nexudus_write_not_applied";
  constructor(
    readonly id: number,
    /** The `Active` asked for. */
    readonly asked: boolean,
    /** The `Active` read back. */
    readonly found: boolean,
  ) {
    super(
      `Nexudus accepted the write of webhook ${id} (Active=${asked}) but the record still has Active=${found}`,
      `Nexudus accepted the change but did not apply it: webhook #${id} is still ${found ? "active" : "paused"}. Please try again; if it keeps happening, change it in Nexudus itself.`,
      {
        fact: `Nexudus accepted the change but did not apply it: webhook #${id} is still ${found ? "active" : "paused"}.`,
      },
    );
  }
}

/**
 * Nexudus accepted a write, but the record could not be read back to check it (the read failed: `cause`).
 * The change may well have been made: neither a success nor a failure.
 */
export class NexudusWriteUnconfirmedError extends NexudusError {
  override name = "NexudusWriteUnconfirmedError";
  readonly code = "nexudus_write_unconfirmed";
  constructor(
    readonly id: number,
    /** The `Active` asked for. */
    readonly asked: boolean,
    cause: unknown,
  ) {
    const change = asked ? "resume" : "pause";
    super(
      `Nexudus accepted the write of webhook ${id} (Active=${asked}) but the record could not be read back`,
      `Nexudus accepted the ${change} of webhook #${id}, but it could not be read back to confirm it was made. Check it with \`/webhooks show ${id}\` before trying again.`,
      {
        cause,
        fact: `Nexudus accepted the ${change} of webhook #${id}, but it could not be read back to confirm it was made.`,
      },
    );
  }
}

/** A walk over every page (`searchAllWebhooks`) matched more records than the caller allows. */
export class NexudusTooManyRecordsError extends NexudusError {
  override name = "NexudusTooManyRecordsError";
  readonly code = "nexudus_too_many_records";
  constructor(
    readonly limit: number,
    readonly total: number,
  ) {
    super(
      `Nexudus matched ${total} records, more than the limit of ${limit}`,
      `That search matches ${total} webhooks, more than the ${limit} the bot can go through at once; please narrow it down.`,
      { fact: `Nexudus matched ${total} webhooks, more than the ${limit} the bot goes through in one run.` },
    );
  }
}

/** The caller aborted the call (its `signal` fired). */
export class NexudusAbortedError extends NexudusError {
  override name = "NexudusAbortedError";
  readonly code = "nexudus_aborted";
  constructor(readonly path: string) {
    super(`The call to Nexudus for ${path} was aborted`, "The request to Nexudus was cancelled.");
  }
}
