import type { HttpFetch } from "../nexudus/client-types";

/** One HTTP exchange with Nexudus as the setup check saw it: never a body, a query or a credential. */
export interface Exchange {
  method: string;
  /** The path without its query string. */
  path: string;
  /** Absent when no answer came. */
  status?: number;
  /** The server's clock (`Date`), epoch ms. */
  serverDate?: number;
  /** `Retry-After`, as sent. */
  retryAfter?: string;
  /** Rate-limit headers, if Nexudus sends any (`X-RateLimit-Remaining`, `RateLimit-Limit`, …), by lower-case name. */
  rateLimit: Record<string, string>;
  /** The answer was an HTML page (a firewall or a proxy, not the API). */
  html: boolean;
  /** Why no answer came: the innermost error code (`ENOTFOUND`, `ECONNREFUSED`, `ERR_SSL_…`, `ABORT_ERR`, `AbortError`). */
  failure?: string;
  /** How long the exchange took, ms. */
  ms: number;
}

/** A fetch that records every exchange it makes (for the setup check's findings). */
export interface ExchangeRecorder {
  fetch: HttpFetch;
  exchanges: Exchange[];
}

const RATE_HEADER = /rate-?limit/i;

/** The innermost `code` of an error's cause chain (fetch wraps the socket's error), or its name. */
function failureOf(error: unknown): string {
  let code: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const c = (current as { code?: unknown }).code;
    if (typeof c === "string") code = c;
    current = current.cause;
  }
  if (code) return code;
  return error instanceof Error ? error.name : "NetworkFailure";
}

/** Wraps `base` so that each exchange is recorded: status, a few headers, HTML or not, or why it failed. */
export function recordExchanges(base: HttpFetch, now: () => number): ExchangeRecorder {
  const exchanges: Exchange[] = [];
  const recorded: HttpFetch = async (input, init) => {
    const url = new URL(input);
    const method = init.method.toUpperCase();
    const start = now();
    try {
      const response = await base(input, init);
      const rateLimit: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (RATE_HEADER.test(name)) rateLimit[name.toLowerCase()] = value;
      });
      const date = Date.parse(response.headers.get("date") ?? "");
      const type = response.headers.get("content-type") ?? "";
      const retryAfter = response.headers.get("retry-after");
      exchanges.push({
        method,
        path: url.pathname,
        status: response.status,
        ...(Number.isFinite(date) ? { serverDate: date } : {}),
        ...(retryAfter ? { retryAfter } : {}),
        rateLimit,
        html: /text\/html|xhtml/i.test(type),
        ms: now() - start,
      });
      return response;
    } catch (error) {
      exchanges.push({
        method,
        path: url.pathname,
        rateLimit: {},
        html: false,
        failure: failureOf(error),
        ms: now() - start,
      });
      throw error;
    }
  };
  return { fetch: recorded, exchanges };
}
