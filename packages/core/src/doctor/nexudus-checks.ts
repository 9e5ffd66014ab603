import type { Clock } from "../clock";
import type { CallOptions, NexudusClient } from "../nexudus/client-types";
import { parseNexudusDate } from "../nexudus/dates";
import {
  NexudusAuthError,
  NexudusError,
  NexudusFirewallError,
  NexudusHttpError,
  NexudusNetworkError,
  NexudusThrottleError,
  NexudusTimeoutError,
  NexudusTwoFactorError,
  NexudusWriteError,
} from "../nexudus/errors";
import type { WebhookListRecord, WebhookRecord } from "../nexudus/schemas";
import { WEBHOOK_WRITABLE_FIELDS } from "../nexudus/write-answer";
import { type CheckResult, fail, ok, skip, warn } from "./check-result";
import type { Exchange } from "./exchange-recorder";

/** What the Nexudus checks look at, besides the client. */
export interface NexudusDoctorInputs {
  /** The API's host, for findings (`spaces.nexudus.com`). */
  host: string;
  scheme: "bearer" | "basic";
  /** `NEXUDUS_TOTP_SECRET` is set. */
  totpConfigured: boolean;
  /** `NEXUDUS_DATES`. */
  dates: "utc" | "local";
  /** `--write`: test WebHook-Edit by writing one webhook back unchanged, and read its `UpdatedOn`. */
  write: boolean;
  /** Whether anyone may pause from Slack (`SLACK_ADMIN_USER_IDS`): without admins, WebHook-Edit is optional. */
  adminsConfigured: boolean;
}

/** The client to check with (its own, built for the check), the exchanges it made, and the clock. */
export interface NexudusDoctorDeps {
  client: NexudusClient;
  exchanges: readonly Exchange[];
  clock: Clock;
  inputs: NexudusDoctorInputs;
  /** Bounds every call (the worker's budget when run from Slack). */
  call?: CallOptions;
}

const head = (id: string, title: string) => ({ id, area: "nexudus" as const, title });
const REACHABLE = head("nexudus.reachable", "Nexudus reachable");
const CREDENTIALS = head("nexudus.credentials", "Nexudus credentials");
const TWO_FACTOR = head("nexudus.two-factor", "Two-factor authentication");
const API_ACCESS = head("nexudus.api-access", "API access");
const role = (name: string) => head(`nexudus.role.${name}`, `Role ${name}`);
const RATE = head("nexudus.rate-limit", "Rate-limit headroom");
const DATES = head("nexudus.dates", "Dates (UTC or local)");

const ROLE_FIX = (name: string) =>
  `In Nexudus, give the bot's user the ${name} role (Settings → Users → the user → Roles), or make it an administrator.`;
const ACCESS_FIX =
  'In Nexudus, open the bot\'s user and switch on "API access", and give it the roles WebHook-List, WebHook-Read, WebHook-Edit and Business-List.';
/** Dates further than this from Nexudus's clock after a write are read in the wrong zone. */
const SAME_MINUTE_MS = 2 * 60_000;
/** The smallest UTC offset a zone has (a quarter of an hour, e.g. Nepal's +05:45). */
const QUARTER_HOUR_MS = 15 * 60_000;

/** Why no answer came, as one finding and its fix, from the exchange's failure code. */
function unreachable(host: string, failure: string | undefined, error: unknown): CheckResult {
  const code = failure ?? (error instanceof NexudusError ? error.code : "no answer");
  if (/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)$/.test(code))
    return fail(
      REACHABLE,
      `${host} does not resolve (DNS: ${code})`,
      "Check NEXUDUS_BASE_URL's host (https://spaces.nexudus.com/api) and this machine's DNS.",
    );
  if (/CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code))
    return fail(
      REACHABLE,
      `no TLS connection to ${host} (${code})`,
      "Check NEXUDUS_BASE_URL (https, and the port if any); a proxy that intercepts TLS needs its CA in NODE_EXTRA_CA_CERTS.",
    );
  if (code === "ECONNREFUSED")
    return fail(
      REACHABLE,
      `${host} refused the connection (ECONNREFUSED)`,
      "Check NEXUDUS_BASE_URL's host and port.",
    );
  if (error instanceof NexudusTimeoutError || /abort|timeout|etimedout/i.test(code))
    return fail(
      REACHABLE,
      `${host} did not answer in time`,
      "Check NEXUDUS_BASE_URL and this machine's network; if Nexudus is slow right now, try again.",
    );
  return fail(REACHABLE, `${host} could not be reached (${code})`, "Check NEXUDUS_BASE_URL and the network.");
}

/** The outcome of one read: its value, or the error it threw. */
type Read<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function read<T>(call: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}

const refusedAccess = (r: Read<unknown>) =>
  !r.ok &&
  r.error instanceof NexudusAuthError &&
  (r.error.reason === "not_authorized" || r.error.reason === "forbidden");

/** A role's line from its read: granted, refused, or failed for another reason. */
function roleResult(name: string, r: Read<unknown>, granted: string): CheckResult {
  if (r.ok) return ok(role(name), granted);
  if (refusedAccess(r))
    return fail(
      role(name),
      `Nexudus refused the request (HTTP ${(r.error as NexudusAuthError).status})`,
      ROLE_FIX(name),
    );
  return fail(role(name), describe(r.error), "Run the check again; if it repeats, see the finding above.");
}

function describe(error: unknown): string {
  if (error instanceof NexudusError) return error.userMessage;
  return "an unexpected error";
}

/** How far `at` is from `reference`, in words (`2 h ahead`). */
function distance(at: number, reference: number): string {
  const diff = at - reference;
  const minutes = Math.round(Math.abs(diff) / 60_000);
  const text = minutes >= 90 ? `${Math.round((minutes / 60) * 10) / 10} h` : `${minutes} min`;
  return `${text} ${diff > 0 ? "ahead of" : "behind"}`;
}

const otherReading = (dates: "utc" | "local") =>
  dates === "utc"
    ? "Set NEXUDUS_DATES=local (and NEXUDUS_TIMEZONE for locations without a zone): Nexudus writes each location's wall-clock time."
    : "Set NEXUDUS_DATES=utc (or unset it): Nexudus writes UTC.";

/** Whether dates are read right, from a write's `UpdatedOn` (decisive) or from the latest `LastTrigger`. */
function checkDates(
  inputs: NexudusDoctorInputs,
  evidence:
    | { kind: "write"; record: WebhookRecord; serverNow: number }
    | { kind: "listing"; record: WebhookListRecord | undefined; serverNow: number },
): CheckResult {
  const reading = inputs.dates === "utc" ? "read as UTC" : "read as each location's local time";
  if (evidence.kind === "write") {
    const updated = parseNexudusDate(evidence.record.UpdatedOn)?.getTime();
    if (updated === undefined)
      return warn(
        DATES,
        "Nexudus sent no readable UpdatedOn after the write",
        "Check the dates by hand (README, UTC or local time?).",
      );
    const gap = Math.abs(updated - evidence.serverNow);
    if (gap <= SAME_MINUTE_MS)
      return ok(
        DATES,
        `UpdatedOn after the write matches Nexudus's clock (${reading}: NEXUDUS_DATES=${inputs.dates} is right)`,
      );
    const finding = `UpdatedOn after the write, ${reading}, is ${distance(updated, evidence.serverNow)} Nexudus's clock`;
    // A zone's offset is a whole quarter of an hour: less than that is two clocks a few minutes apart.
    return gap >= QUARTER_HOUR_MS
      ? fail(DATES, finding, otherReading(inputs.dates))
      : warn(DATES, finding, "Check this machine's clock and Nexudus's (a few minutes apart).");
  }
  const last = evidence.record ? parseNexudusDate(evidence.record.LastTrigger)?.getTime() : undefined;
  if (last !== undefined && last - evidence.serverNow > QUARTER_HOUR_MS)
    return fail(
      DATES,
      `webhook #${evidence.record!.Id}'s last success, ${reading}, is ${distance(last, evidence.serverNow)} Nexudus's clock`,
      otherReading(inputs.dates),
    );
  return ok(
    DATES,
    `no date in the future (${reading}); --write compares UpdatedOn with Nexudus's clock for a sure answer`,
  );
}

const THROTTLED = (status: number | undefined) => status === 409 || status === 429;

/** `Retry-After` in seconds, when it is a number (it may also be a date). */
const retryAfterSeconds = (e: Exchange) => {
  const seconds = Number(e.retryAfter?.trim());
  return e.retryAfter !== undefined && Number.isFinite(seconds) ? seconds : undefined;
};

/**
 * The rate-limit finding, from the exchanges seen. A single 409 on the 100 ms spacing, waited out and
 * retried, may be timing (our sends leave 120 ms apart, and a delay on the way, the network or a busy
 * machine when the emulator shares this process, can make two arrive closer) or another client: it is a
 * mild warning, to run again. Another client is named outright only on evidence this run cannot produce alone: its first request throttled (none of ours came before
 * it), a `Retry-After` over one second (a minute's, an hour's or a day's cap, which a
 * few requests cannot fill), more than one throttled request, or a throttled request never answered.
 */
function checkRate(exchanges: readonly Exchange[]): CheckResult {
  const answered = exchanges.filter((e) => e.status !== undefined);
  const throttled = answered.filter((e) => THROTTLED(e.status));
  if (throttled.length > 0) {
    const seconds = throttled.map(retryAfterSeconds).filter((v) => v !== undefined);
    const after = throttled.map((e) => e.retryAfter).find((v) => v !== undefined);
    const finding = `Nexudus throttled ${throttled.length} of ${answered.length} requests${after ? ` (Retry-After ${after} s)` : ""}`;
    const retried = throttled.every((t) => {
      const at = answered.indexOf(t);
      return answered.some(
        (e, i) => i > at && e.method === t.method && e.path === t.path && e.status! >= 200 && e.status! < 300,
      );
    });
    const first = answered[0] !== undefined && THROTTLED(answered[0].status);
    const longWait = seconds.some((s) => s > 1);
    const crowded = throttled.length > 1 || first || longWait || !retried;
    // Still a warning: one retried 409 is also what a client sharing the user (or a minute kept full)
    // most often looks like in a check this short, and a pass would hide it. Worded as the doubt it is.
    if (!crowded)
      return warn(
        RATE,
        `${finding}, waited out and retried: once, which may be timing (a delay on the network, or a busy machine when the emulator runs in this process) or another client of the same Nexudus user`,
        "Run the check again. If it repeats, something else uses this Nexudus user's limits: the bot's own functions while they run (the watch, a digest), or another client with the same user; if it is not the bot, give the bot a Nexudus user of its own.",
      );
    const why = first
      ? "before any other request of this check"
      : longWait
        ? "a Retry-After over a second is a minute's, an hour's or a day's cap, which this check's few requests cannot fill"
        : !retried
          ? "a throttled request was never answered"
          : "more than once";
    return warn(
      RATE,
      `${finding}: ${why}`,
      "Something else uses this Nexudus user's limits (120 requests a minute, 5,000 an hour): the bot's own functions while they run (the watch, a digest), or another client with the same user. If it is not the bot, give the bot a Nexudus user of its own.",
    );
  }
  const headers = answered.at(-1)?.rateLimit ?? {};
  const named = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  if (named.length > 0) return ok(RATE, `no throttling in ${answered.length} requests; ${named.join(", ")}`);
  return ok(
    RATE,
    `no throttling in ${answered.length} requests (no rate-limit headers came back; the bot keeps to 1 request per 100 ms and 120 a minute)`,
  );
}

/** The writable fields that differ between two reads of a webhook. */
function changedFields(before: WebhookRecord, after: WebhookRecord): string[] {
  return WEBHOOK_WRITABLE_FIELDS.filter(
    (f) =>
      JSON.stringify((before as Record<string, unknown>)[f] ?? null) !==
      JSON.stringify((after as Record<string, unknown>)[f] ?? null),
  );
}

async function checkEdit(
  deps: NexudusDoctorDeps,
  full: WebhookRecord | undefined,
): Promise<{ result: CheckResult; written?: WebhookRecord; serverNow?: number }> {
  const { client, inputs, exchanges } = deps;
  const name = "WebHook-Edit";
  if (!inputs.write)
    return {
      result: skip(
        role(name),
        "not tested: `npm run doctor -- --write` writes one webhook back unchanged and reads it again",
      ),
    };
  if (!full) return { result: skip(role(name), "not tested: no webhook could be read to write back") };
  const written = await read(() => client.setWebhookActive(full.Id, full.Active, deps.call));
  if (written.ok) {
    const put = [...exchanges].reverse().find((e) => e.method === "PUT");
    const changed = changedFields(full, written.value);
    return {
      result:
        changed.length === 0
          ? ok(role(name), `webhook #${full.Id} written back unchanged and read again: the same`)
          : warn(
              role(name),
              `webhook #${full.Id} written back unchanged, but reads back different (${changed.join(", ")})`,
              "Compare the webhook in Nexudus with what it was; report this to Nexudus support.",
            ),
      written: written.value,
      serverNow: put?.serverDate ?? deps.clock.now(),
    };
  }
  if (refusedAccess(written))
    return {
      result: inputs.adminsConfigured
        ? fail(role(name), "Nexudus refused the write: Pause and Resume cannot work", ROLE_FIX(name))
        : warn(
            role(name),
            "Nexudus refused the write; nobody may pause from Slack (SLACK_ADMIN_USER_IDS is empty), so that is fine",
            `Give the user ${name} before naming admins.`,
          ),
    };
  if (written.error instanceof NexudusWriteError)
    return {
      result: fail(
        role(name),
        `Nexudus refused the unchanged write: ${written.error.messages[0] ?? "no reason given"}`,
        "See the webhook in Nexudus; report this to Nexudus support.",
      ),
    };
  return {
    result: fail(
      role(name),
      describe(written.error),
      "Run the check again; if it repeats, see the findings above.",
    ),
  };
}

/**
 * The Nexudus checks, in the order one depends on the other: reachable (DNS, TLS, an HTML page recognised),
 * credentials, two-factor authentication, API access and each role the bot uses (WebHook-Edit only with
 * `write`), the rate-limit headroom seen, and whether dates look UTC or local. Reads only, unless `write`.
 */
export async function checkNexudus(deps: NexudusDoctorDeps): Promise<CheckResult[]> {
  const { client, inputs, exchanges } = deps;
  const host = inputs.host;
  // The latest success first: the best evidence of the dates' reading, and a record to read in full.
  const list = await read(() =>
    client.searchWebhooks({ size: "1", orderBy: "LastTrigger", dir: "-1" }, deps.call),
  );
  const firstError = list.ok ? undefined : list.error;
  const untested = (h: ReturnType<typeof head>, why: string) => skip(h, `not tested: ${why}`);
  const rest = (why: string) => [
    untested(API_ACCESS, why),
    ...["WebHook-List", "WebHook-Read", "Business-List", "WebHook-Edit"].map((r) => untested(role(r), why)),
    untested(RATE, why),
    untested(DATES, why),
  ];

  // 1. Reachable: any answer that is not an HTML page is Nexudus's API.
  const lastExchange = exchanges.at(-1);
  if (
    firstError instanceof NexudusNetworkError ||
    (firstError instanceof NexudusTimeoutError && !lastExchange?.status)
  ) {
    const why = "Nexudus could not be reached";
    return [
      unreachable(host, lastExchange?.failure, firstError),
      untested(CREDENTIALS, why),
      untested(TWO_FACTOR, why),
      ...rest(why),
    ];
  }
  if (firstError instanceof NexudusFirewallError) {
    const why = "a firewall answered instead of Nexudus";
    return [
      fail(
        REACHABLE,
        `an HTML page came back (HTTP ${firstError.status}), not Nexudus's API: its firewall (CloudFront/WAF) or a proxy refused the request`,
        "Check that NEXUDUS_BASE_URL ends in /api; if it does, ask Nexudus support whether their firewall blocks this network or client.",
      ),
      untested(CREDENTIALS, why),
      untested(TWO_FACTOR, why),
      ...rest(why),
    ];
  }
  const answered = exchanges.find((e) => e.status !== undefined);
  const reachable = ok(
    REACHABLE,
    `${host} answered (HTTP ${answered?.status ?? "?"}, ${answered?.ms ?? "?"} ms)`,
  );

  // 2. Credentials and two-factor authentication.
  if (firstError instanceof NexudusTwoFactorError) {
    const why = "the sign-in needs a two-factor code first";
    return [
      reachable,
      ok(CREDENTIALS, "Nexudus accepted the username and password, then asked for a two-factor code"),
      fail(
        TWO_FACTOR,
        firstError.codeSent
          ? "Nexudus refused the code computed from NEXUDUS_TOTP_SECRET"
          : "the user has two-factor authentication and NEXUDUS_TOTP_SECRET is not set",
        firstError.codeSent
          ? "Check NEXUDUS_TOTP_SECRET (the base32 key of the user's authenticator) and this machine's clock."
          : "Set NEXUDUS_TOTP_SECRET to the user's authenticator key (base32), or give the bot a user without two-factor authentication.",
      ),
      ...rest(why),
    ];
  }
  if (firstError instanceof NexudusAuthError && firstError.path === "/token") {
    const why = "the sign-in failed";
    const finding =
      firstError.reason === "bad_credentials"
        ? "Nexudus refused NEXUDUS_USERNAME / NEXUDUS_PASSWORD (invalid_grant)"
        : firstError.reason === "password_reset"
          ? "Nexudus wants the user to choose a new password (must_reset_password)"
          : `Nexudus would not sign the user in (HTTP ${firstError.status})`;
    return [
      reachable,
      fail(
        CREDENTIALS,
        finding,
        firstError.reason === "password_reset"
          ? "Sign in to Nexudus as the bot's user, set a new password and put it in NEXUDUS_PASSWORD."
          : "Check NEXUDUS_USERNAME and NEXUDUS_PASSWORD (the bot's own Nexudus user, not an owner's).",
      ),
      untested(TWO_FACTOR, why),
      ...rest(why),
    ];
  }
  const tokenIssued = exchanges.some((e) => e.path.endsWith("/token") && e.status === 200);
  const credentials =
    inputs.scheme === "bearer"
      ? tokenIssued
        ? ok(CREDENTIALS, "Nexudus signed the user in (a bearer token was issued)")
        : ok(CREDENTIALS, "accepted: the bot's stored token was still valid (no sign-in needed)")
      : list.ok
        ? ok(CREDENTIALS, "accepted (Basic authentication)")
        : warn(
            CREDENTIALS,
            "Nexudus refused Basic authentication: wrong credentials, or no API access (Nexudus does not say which)",
            "Check NEXUDUS_USERNAME and NEXUDUS_PASSWORD, and the user's API access; NEXUDUS_AUTH=bearer tells the two apart.",
          );
  const twoFactor =
    inputs.scheme === "basic"
      ? skip(TWO_FACTOR, "not asked: Basic authentication sends no two-factor code")
      : !tokenIssued
        ? skip(TWO_FACTOR, "not tested: no sign-in was needed (the bot's stored token was still valid)")
        : inputs.totpConfigured
          ? ok(TWO_FACTOR, "Nexudus accepted the code computed from NEXUDUS_TOTP_SECRET")
          : ok(
              TWO_FACTOR,
              "none asked (NEXUDUS_TOTP_SECRET is not set, and the user has no two-factor authentication)",
            );

  // 3. API access and the roles.
  const listed = list.ok ? list.value.Records : [];
  const latest = listed[0];
  const full = latest ? await read(() => client.getWebhook(latest.Id, deps.call)) : undefined;
  const locations = await read(() => client.searchBusinesses({ size: "1" }, deps.call));
  const reads = [list, ...(full ? [full] : []), locations];
  const noAccess = reads.every(refusedAccess);
  const roles: CheckResult[] = [];
  let edit: Awaited<ReturnType<typeof checkEdit>> | undefined;
  if (noAccess) {
    const why = "Nexudus refuses every request (see API access)";
    roles.push(
      fail(
        API_ACCESS,
        'Nexudus signs the user in but refuses every request: "API access" is off, or the user has none of the roles',
        ACCESS_FIX,
      ),
      ...["WebHook-List", "WebHook-Read", "Business-List", "WebHook-Edit"].map((r) => untested(role(r), why)),
    );
  } else {
    const total = list.ok ? list.value.TotalItems : undefined;
    roles.push(
      ok(API_ACCESS, "on"),
      roleResult("WebHook-List", list, `searching works${total !== undefined ? ` (${total} webhooks)` : ""}`),
      full
        ? roleResult("WebHook-Read", full, `webhook #${latest!.Id} read in full`)
        : untested(
            role("WebHook-Read"),
            list.ok ? "the account has no webhook to read" : "needs WebHook-List to find a webhook",
          ),
      roleResult(
        "Business-List",
        locations,
        `locations listed${locations.ok && locations.value.TotalItems !== undefined ? ` (${locations.value.TotalItems})` : ""}`,
      ),
    );
    edit = await checkEdit(deps, full?.ok ? full.value : undefined);
    roles.push(edit.result);
  }
  const otherFailure = reads.find((r) => !r.ok && !refusedAccess(r)) as
    | { ok: false; error: unknown }
    | undefined;
  const throttleFailure = otherFailure?.error instanceof NexudusThrottleError;
  const serverError =
    otherFailure?.error instanceof NexudusHttpError || otherFailure?.error instanceof NexudusFirewallError;

  // 4. Rate limits and dates, from what was seen.
  const rate = checkRate(exchanges);
  const listExchange = exchanges.find(
    (e) => e.path.endsWith("/sys/webhooks") && e.method === "GET" && e.status === 200,
  );
  const dates =
    edit?.written && edit.serverNow !== undefined
      ? checkDates(inputs, { kind: "write", record: edit.written, serverNow: edit.serverNow })
      : list.ok
        ? checkDates(inputs, {
            kind: "listing",
            record: latest,
            serverNow: listExchange?.serverDate ?? deps.clock.now(),
          })
        : untested(DATES, "no webhook could be listed");
  const results = [reachable, credentials, twoFactor, ...roles, rate, dates];
  if (throttleFailure || serverError)
    results[0] = warn(
      REACHABLE,
      `${host} answered, but a check failed: ${describe(otherFailure!.error)}`,
      "Run the check again in a minute.",
    );
  return results;
}
