import { afterMs, type Clock } from "../clock";
import type { HttpAnswer, HttpFetch, NexudusLogger, SearchParams, Sleep } from "./client-types";
import {
  NexudusAbortedError,
  NexudusAuthError,
  type NexudusError,
  NexudusFirewallError,
  NexudusHttpError,
  NexudusNetworkError,
  NexudusPacedError,
  NexudusSchemaError,
  NexudusThrottleError,
  NexudusTimeoutError,
} from "./errors";
import type { RateLimiter } from "./rate-limiter";
import type { Redactor } from "./redactor";
import type { CallContext } from "./timing";

/** One request to Nexudus. */
export interface RequestSpec {
  method: "GET" | "PUT" | "POST" | "DELETE";
  /** Below the base URL, without the query string, e.g. `/sys/webhooks/12`. */
  path: string;
  query?: SearchParams;
  json?: unknown;
  form?: Record<string, string>;
  /** Non-2xx statuses handed back to the caller instead of thrown (e.g. 400 on a write). */
  accept?: readonly number[];
  /** Extra headers (e.g. `client_id` on a refresh grant). */
  headers?: Readonly<Record<string, string>>;
  /** `false`: a 401 fails at once, no token renewal (a lookup the bot can do without). Default true. */
  renewOn401?: boolean;
}

/** A parsed answer: the JSON body (or the raw text of an accepted non-JSON body). */
export interface Answer {
  status: number;
  body: unknown;
}

/** Supplies the Authorization header, and a new one after a 401. */
export interface Authorizer {
  header(ctx: CallContext): Promise<string>;
  /** After a 401 answered to `rejected` on `path`: true when a fresh header is worth one more try. */
  renew(rejected: string, ctx: CallContext, path: string): Promise<boolean>;
  /**
   * Gets the credentials ready (a bearer token: from the cache, or from Nexudus) ahead of the requests that
   * will need them; resolves when done, never rejects.
   */
  prepare?(): Promise<void>;
  /** Told when a request with `used` on `path` got past authentication (any answer but a 401). */
  accepted?(used: string, path: string): void;
  /** Why a 401 on `path` is final, for the error (e.g. "not_authorized"). */
  refusal?(path: string): NexudusAuthError["reason"];
}

export interface TransportOptions {
  baseUrl: string;
  fetch: HttpFetch;
  clock: Clock;
  sleep: Sleep;
  random: () => number;
  requestTimeoutMs: number;
  maxAttempts: number;
  maxRetryAfterMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  limiter?: RateLimiter;
  logger?: NexudusLogger;
  redactor: Redactor;
}

/** Sends requests with the limiter, timeouts, deadline, retries and typed errors. */
export interface Transport {
  send(spec: RequestSpec, ctx: CallContext, auth?: Authorizer): Promise<Answer>;
}

type Outcome =
  | { kind: "answer"; status: number; body: unknown }
  | { kind: "unauthorized"; status: number; detail: string }
  | { kind: "client"; status: number; detail: string }
  | { kind: "throttled"; status: number; retryAfterMs?: number }
  | { kind: "server"; status: number; detail: string }
  | { kind: "network"; cause: Error }
  | { kind: "timeout" }
  | { kind: "malformed"; status: number }
  | { kind: "html"; status: number };

type Retryable = Extract<
  Outcome,
  { kind: "throttled" | "server" | "network" | "timeout" | "malformed" | "html" }
>;

const MAX_DETAIL = 200;

/** True for an HTML page (by its content type, or by how it starts when the type is missing or wrong). */
function isHtml(headers: HttpAnswer["headers"], text: string): boolean {
  const type = headers.get("content-type")?.toLowerCase() ?? "";
  if (type.includes("text/html") || type.includes("application/xhtml")) return true;
  return /^\s*<(?:!doctype|html|head|body|\?xml)/i.test(text.slice(0, 200));
}

/** `moved to https://host` for a redirect's `Location` (relative ones against nothing: "moved"). */
function movedTo(location: string | null): string {
  return location && URL.canParse(location) ? `moved to ${new URL(location).origin}` : "moved";
}

/** The HTTP layer of the client: the only function that calls `fetch`. */
export function createTransport(o: TransportOptions): Transport {
  const base = o.baseUrl.replace(/\/+$/, "");

  const deadlineError = (path: string, ctx: CallContext) =>
    new NexudusTimeoutError(path, Math.max(0, (ctx.deadline ?? ctx.startedAt) - ctx.startedAt));

  const log = (level: "debug" | "warn", message: string, fields: Parameters<NexudusLogger["debug"]>[1]) => {
    o.logger?.[level](o.redactor.redact(message), fields);
  };

  async function pause(ms: number, ctx: CallContext, path: string): Promise<void> {
    if (ctx.signal?.aborted) throw new NexudusAbortedError(path);
    try {
      await o.sleep(ms, ctx.signal);
    } catch (error) {
      if (ctx.signal?.aborted) throw new NexudusAbortedError(path);
      throw error;
    }
    if (ctx.signal?.aborted) throw new NexudusAbortedError(path);
  }

  /** Waits for the limiter's turn: the request may then be sent at once. */
  async function waitForTurn(spec: RequestSpec, ctx: CallContext, attempt: number): Promise<void> {
    if (ctx.signal?.aborted) throw new NexudusAbortedError(spec.path);
    if (!o.limiter) return;
    const isWrite = spec.method !== "GET" && spec.path.startsWith("/sys/");
    return o.limiter.acquire(
      ctx,
      {
        paced: (waitMs) =>
          new NexudusPacedError(
            spec.path,
            Math.max(0, (ctx.deadline ?? ctx.startedAt) - ctx.startedAt),
            waitMs,
          ),
        aborted: () => new NexudusAbortedError(spec.path),
        onWait: (waitMs) =>
          log("debug", `Nexudus ${spec.method} ${spec.path}: limiter wait ${waitMs} ms`, {
            method: spec.method,
            path: spec.path,
            attempt,
            waitMs,
          }),
      },
      isWrite ? "write" : "read",
    );
  }

  function detailOf(body: unknown): string {
    let text = "";
    if (typeof body === "string") text = body;
    else if (body && typeof body === "object") {
      const record = body as Record<string, unknown>;
      if (typeof record.Message === "string") text = record.Message;
      else if (typeof record.error === "string")
        text =
          typeof record.error_description === "string"
            ? `${record.error}: ${record.error_description}`
            : record.error;
    }
    text = o.redactor.redact(text.replace(/\s+/g, " ").trim());
    return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
  }

  function retryAfterMs(value: string | null): number | undefined {
    if (!value) return undefined;
    const seconds = Number(value.trim());
    if (value.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : Math.max(0, at - o.clock.now());
  }

  function classify(
    spec: RequestSpec,
    status: number,
    headers: HttpAnswer["headers"],
    text: string,
  ): Outcome {
    // A WAF, CloudFront or a proxy answers with a page, whatever the status: never read it as Nexudus's.
    if (isHtml(headers, text)) return { kind: "html", status };
    let body: unknown;
    let isJson = true;
    try {
      body = JSON.parse(text);
    } catch {
      isJson = false;
      body = text;
    }
    if (status >= 200 && status < 300)
      return isJson ? { kind: "answer", status, body } : { kind: "malformed", status };
    if (spec.accept?.includes(status)) return { kind: "answer", status, body };
    if (status === 401) return { kind: "unauthorized", status, detail: detailOf(body) };
    // Where it points, as an origin only (a Location may carry a path with a token in its query).
    if (status >= 300 && status < 400)
      return { kind: "client", status, detail: movedTo(headers.get("location")) };
    if (status === 409 || status === 429)
      return { kind: "throttled", status, retryAfterMs: retryAfterMs(headers.get("retry-after")) };
    if (status >= 500) return { kind: "server", status, detail: detailOf(body) };
    return { kind: "client", status, detail: detailOf(body) };
  }

  // Only a code and messages survive: an error object from fetch may hold the request (and its headers).
  function networkCause(error: unknown): Error {
    const parts: string[] = [];
    let current: unknown = error;
    for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
      const code = (current as { code?: unknown }).code;
      parts.push(typeof code === "string" ? `${code} ${current.message}` : current.message);
      current = current.cause;
    }
    const cause = new Error(o.redactor.redact(parts.join(" <- ") || "network failure"));
    cause.name = "NetworkFailure";
    return cause;
  }

  async function exchange(spec: RequestSpec, header: string | undefined, ctx: CallContext): Promise<Outcome> {
    const remaining = ctx.deadline === undefined ? Number.POSITIVE_INFINITY : ctx.deadline - o.clock.now();
    if (remaining <= 0) throw deadlineError(spec.path, ctx);
    const limitMs = Math.min(o.requestTimeoutMs, remaining);
    const controller = new AbortController();
    let timedOut = false;
    const cancelTimer = afterMs(o.clock, limitMs, () => {
      timedOut = true;
      controller.abort();
    });
    const onAbort = () => controller.abort();
    ctx.signal?.addEventListener("abort", onAbort, { once: true });

    const headers: Record<string, string> = { Accept: "application/json", ...spec.headers };
    if (header) headers.Authorization = header;
    let body: string | undefined;
    if (spec.form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(spec.form).toString();
    } else if (spec.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(spec.json);
    }
    const query =
      spec.query && Object.keys(spec.query).length > 0 ? `?${new URLSearchParams(spec.query)}` : "";
    try {
      const response = await o.fetch(`${base}${spec.path}${query}`, {
        method: spec.method,
        headers,
        body,
        signal: controller.signal,
      });
      const text = await response.text();
      return classify(spec, response.status, response.headers, text);
    } catch (error) {
      if (ctx.signal?.aborted) throw new NexudusAbortedError(spec.path);
      if (timedOut) {
        if (limitMs < o.requestTimeoutMs) throw deadlineError(spec.path, ctx);
        return { kind: "timeout" };
      }
      return { kind: "network", cause: networkCause(error) };
    } finally {
      cancelTimer();
      ctx.signal?.removeEventListener("abort", onAbort);
    }
  }

  function finalError(spec: RequestSpec, outcome: Retryable, attempts: number): NexudusError {
    switch (outcome.kind) {
      case "throttled":
        return new NexudusThrottleError(
          outcome.retryAfterMs === undefined ? undefined : Math.ceil(outcome.retryAfterMs / 1000),
          attempts,
        );
      case "server":
        return new NexudusHttpError(outcome.status, spec.method, spec.path, attempts, outcome.detail);
      case "network":
        return new NexudusNetworkError(spec.path, attempts, outcome.cause);
      case "timeout":
        return new NexudusTimeoutError(spec.path, o.requestTimeoutMs);
      case "malformed":
        return new NexudusSchemaError(spec.path, [`(body): not valid JSON (HTTP ${outcome.status})`]);
      case "html":
        return new NexudusFirewallError(outcome.status, spec.method, spec.path, attempts);
    }
  }

  function backoffMs(failures: number): number {
    const ceiling = Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** (failures - 1));
    return Math.floor(o.random() * ceiling);
  }

  return {
    async send(spec, ctx, auth) {
      let attempt = 0;
      let failures = 0;
      let renewed = false;
      for (;;) {
        attempt += 1;
        const header = auth ? await auth.header(ctx) : undefined;
        await waitForTurn(spec, ctx, attempt);
        const outcome = await exchange(spec, header, ctx);
        if (auth && header && (outcome.kind === "answer" || outcome.kind === "client"))
          auth.accepted?.(header, spec.path);
        const fields = { method: spec.method, path: spec.path, attempt };
        const status = "status" in outcome ? outcome.status : undefined;
        log("debug", `Nexudus ${spec.method} ${spec.path} → ${status ?? outcome.kind}`, {
          ...fields,
          status,
        });

        switch (outcome.kind) {
          case "answer":
            return { status: outcome.status, body: outcome.body };
          case "unauthorized":
            // At most one renewal per request, and none where the authorizer knows it cannot help.
            if (auth && header && !renewed && spec.renewOn401 !== false) {
              renewed = true;
              if (await auth.renew(header, ctx, spec.path)) continue;
            }
            throw new NexudusAuthError(
              outcome.status,
              outcome.detail || "authentication failed",
              auth?.refusal?.(spec.path) ?? "not_authorized",
              spec.path,
            );
          case "client":
            // A JSON 403 is a missing role: the remedy is the user's rights (an HTML 403 is the firewall).
            if (outcome.status === 403)
              throw new NexudusAuthError(403, outcome.detail || "forbidden", "forbidden", spec.path);
            throw new NexudusHttpError(outcome.status, spec.method, spec.path, 1, outcome.detail);
          case "html":
            // A refusal page is final; a proxy's 5xx page may pass, like any 5xx.
            if (outcome.status < 500) throw finalError(spec, outcome, 1);
        }

        failures += 1;
        if (failures >= o.maxAttempts) throw finalError(spec, outcome, failures);
        const waitMs =
          outcome.kind === "throttled" && outcome.retryAfterMs !== undefined
            ? Math.min(outcome.retryAfterMs, o.maxRetryAfterMs)
            : backoffMs(failures);
        // Never sleep past the deadline: fail now with what went wrong.
        if (ctx.deadline !== undefined && o.clock.now() + waitMs >= ctx.deadline)
          throw finalError(spec, outcome, failures);
        log(
          "warn",
          `Nexudus ${spec.method} ${spec.path} → ${status ?? outcome.kind}; retrying in ${waitMs} ms`,
          {
            ...fields,
            status,
            waitMs,
          },
        );
        await pause(waitMs, ctx, spec.path);
      }
    },
  };
}
