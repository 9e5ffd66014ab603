import type { Clock } from "../clock";
import type { NexudusLogger, SearchParams, Sleep } from "./client-types";
import {
  NexudusAbortedError,
  NexudusAuthError,
  type NexudusError,
  NexudusHttpError,
  NexudusNetworkError,
  NexudusSchemaError,
  NexudusThrottleError,
  NexudusTimeoutError,
} from "./errors";
import type { RateLimiter } from "./rate-limiter";
import type { Redactor } from "./redactor";
import type { CallContext } from "./timing";

/** One request to Nexudus. */
export interface RequestSpec {
  method: "GET" | "PUT" | "POST";
  /** Below the base URL, without the query string, e.g. `/sys/webhooks/12`. */
  path: string;
  query?: SearchParams;
  json?: unknown;
  form?: Record<string, string>;
  /** Non-2xx statuses handed back to the caller instead of thrown (e.g. 400 on a write). */
  accept?: readonly number[];
}

/** A parsed answer: the JSON body (or the raw text of an accepted non-JSON body). */
export interface Answer {
  status: number;
  body: unknown;
}

/** Supplies the Authorization header, and a new one after a 401. */
export interface Authorizer {
  header(ctx: CallContext): Promise<string>;
  /** After a 401 answered to `rejected`: true when a fresh header is worth one more try. */
  renew(rejected: string, ctx: CallContext): Promise<boolean>;
}

export interface TransportOptions {
  baseUrl: string;
  fetch: typeof fetch;
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
  | { kind: "malformed"; status: number };

type Retryable = Extract<Outcome, { kind: "throttled" | "server" | "network" | "timeout" | "malformed" }>;

const MAX_DETAIL = 200;

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

  /** Waits for the limiter's turn; the returned function ends the turn. */
  async function waitForTurn(spec: RequestSpec, ctx: CallContext, attempt: number): Promise<() => void> {
    if (ctx.signal?.aborted) throw new NexudusAbortedError(spec.path);
    if (!o.limiter) return () => {};
    return o.limiter.acquire(ctx, {
      timeout: () => deadlineError(spec.path, ctx),
      aborted: () => new NexudusAbortedError(spec.path),
      onWait: (waitMs) =>
        log("debug", `Nexudus ${spec.method} ${spec.path}: limiter wait ${waitMs} ms`, {
          method: spec.method,
          path: spec.path,
          attempt,
          waitMs,
        }),
    });
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

  function classify(spec: RequestSpec, status: number, headers: Headers, text: string): Outcome {
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
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limitMs);
    const onAbort = () => controller.abort();
    ctx.signal?.addEventListener("abort", onAbort, { once: true });

    const headers: Record<string, string> = { Accept: "application/json" };
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
      clearTimeout(timer);
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
        const endTurn = await waitForTurn(spec, ctx, attempt);
        let outcome: Outcome;
        try {
          outcome = await exchange(spec, header, ctx);
        } finally {
          endTurn();
        }
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
            if (auth && header && !renewed) {
              renewed = true;
              if (await auth.renew(header, ctx)) continue;
            }
            throw new NexudusAuthError(outcome.status, outcome.detail || "authentication failed");
          case "client":
            // 403 is a missing role: the same remedy as bad credentials.
            if (outcome.status === 403) throw new NexudusAuthError(403, outcome.detail || "forbidden");
            throw new NexudusHttpError(outcome.status, spec.method, spec.path, 1, outcome.detail);
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
