import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { demoAccount } from "./demo-account";
import { DEMO_CREDENTIALS } from "./demo-credentials";
import { Faults } from "./fault-controller";
import { QueryError } from "./query-error";
import { RateLimiter } from "./rate-limiter";
import { searchBusinesses } from "./search-businesses";
import { searchWebhooks } from "./search-webhooks";
import { SortedViews } from "./sorted-view";
import { TokenStore } from "./token-store";
import type { Emulator, EmulatorOptions, FaultKind, RecordedRequest } from "./types";
import { updateWebhook } from "./update-webhook";

const MAX_BODY_BYTES = 1_000_000;
const DENIED = { Message: "Authorization has been denied for this request." };
/** Query keys whose values are never recorded. */
const SECRET_KEYS = /pass|token|secret|key|auth|sig/i;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function sendText(
  res: ServerResponse,
  status: number,
  contentType: string,
  text: string,
  headers = {},
): void {
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function recordedQuery(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) out[k] = SECRET_KEYS.test(k) ? "[redacted]" : v;
  return out;
}

function validationEnvelope(error: QueryError) {
  return {
    Message: error.message,
    Value: null,
    Errors: [{ AttemptedValue: error.attemptedValue, Message: error.message, PropertyName: error.parameter }],
    WasSuccessful: false,
  };
}

/**
 * Starts a Nexudus emulator on loopback: token grants, the webhook and business endpoints, published rate
 * limits, fault injection and a record of every request.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? Date.now;
  const credentials = { ...(options.credentials ?? DEMO_CREDENTIALS) };
  const account = options.account ?? demoAccount(now());
  const tokens = new TokenStore(options.tokenTtlSeconds ?? 3600, now);
  const faults = new Faults(options.latencyMs ?? 0, options.faultSeed ?? 1, () => tokens.expireAll());
  const limiter =
    options.rateLimit === false
      ? undefined
      : new RateLimiter(typeof options.rateLimit === "object" ? options.rateLimit : {}, now);
  const requests: RecordedRequest[] = [];
  const webhookViews = new SortedViews();
  const businessViews = new SortedViews();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;
  let closed: Promise<void> = Promise.resolve();

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  function authenticate(req: IncomingMessage): string | undefined {
    const header = req.headers.authorization ?? "";
    const [scheme = "", value = ""] = header.trim().split(/\s+/, 2);
    if (scheme.toLowerCase() === "bearer") return tokens.verify(value);
    if (scheme.toLowerCase() === "basic") {
      const decoded = Buffer.from(value, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 0) return undefined;
      const user = decoded.slice(0, colon);
      const pass = decoded.slice(colon + 1);
      return user === credentials.username && pass === credentials.password ? user : undefined;
    }
    return undefined;
  }

  async function handleToken(
    req: IncomingMessage,
    res: ServerResponse,
    entry: RecordedRequest,
  ): Promise<void> {
    const answer = (status: number, body: unknown) => {
      entry.status = status;
      send(res, status, body, { "cache-control": "no-store" });
    };
    if (req.method !== "POST")
      return answer(405, { Message: "The requested resource does not support this method." });
    const type = (req.headers["content-type"] ?? "").toLowerCase();
    const raw = await readBody(req);
    if (!type.startsWith("application/x-www-form-urlencoded")) {
      return answer(400, {
        error: "unsupported_grant_type",
        error_description: "The request body must be application/x-www-form-urlencoded.",
      });
    }
    const form = new URLSearchParams(raw);
    const grant = form.get("grant_type");
    if (grant === "password") {
      if (form.get("username") === credentials.username && form.get("password") === credentials.password) {
        return answer(200, tokens.issue(credentials.username));
      }
      return answer(400, {
        error: "invalid_grant",
        error_description: "The user name or password is incorrect.",
      });
    }
    if (grant === "refresh_token") {
      const pair = tokens.refresh(form.get("refresh_token") ?? "", form.get("client_id") ?? "");
      if (pair) return answer(200, pair);
      return answer(400, {
        error: "invalid_grant",
        error_description: "The refresh token is invalid or expired.",
      });
    }
    return answer(400, { error: "unsupported_grant_type", error_description: "Unsupported grant_type." });
  }

  /** Answers with a fault; returns false when the fault is "write-refused" (handled by the write itself). */
  function applyFault(
    kind: FaultKind,
    req: IncomingMessage,
    res: ServerResponse,
    entry: RecordedRequest,
  ): boolean {
    switch (kind) {
      case "write-refused":
        return false;
      case "drop":
        entry.status = 0;
        req.socket.destroy();
        return true;
      case "timeout":
        // Never answered; close() destroys the socket.
        entry.status = 0;
        return true;
      case "malformed":
        entry.status = 200;
        sendText(res, 200, "application/json; charset=utf-8", '{"Records":[{"Id":12,"Name":"Brok');
        return true;
      case 409:
        entry.status = 409;
        send(res, 409, { Message: "API rate limit exceeded. Please retry later." }, { "retry-after": "1" });
        return true;
      case 429:
        entry.status = 429;
        send(res, 429, { Message: "Too many requests." }, { "retry-after": "1" });
        return true;
      case 500:
        entry.status = 500;
        send(res, 500, { Message: "An error has occurred." });
        return true;
      case 502:
        entry.status = 502;
        sendText(
          res,
          502,
          "text/html",
          "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>",
        );
        return true;
      case 503:
        entry.status = 503;
        sendText(res, 503, "text/plain", "Service Unavailable", { "retry-after": "1" });
        return true;
    }
  }

  async function handleSys(
    req: IncomingMessage,
    res: ServerResponse,
    entry: RecordedRequest,
    route: string,
    query: URLSearchParams,
  ): Promise<void> {
    const answer = (status: number, body: unknown, headers?: Record<string, string>) => {
      entry.status = status;
      send(res, status, body, headers);
    };
    const method = req.method ?? "GET";
    const isWrite = method === "PUT" || method === "POST" || method === "DELETE";
    const fault = faults.draw(isWrite);
    if (fault !== undefined && applyFault(fault, req, res, entry)) return;

    const user = authenticate(req);
    if (user === undefined) return answer(401, DENIED);
    if (limiter) {
      const waitMs = limiter.take(user, isWrite);
      if (waitMs !== undefined) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        return answer(
          409,
          {
            Message: `API rate limit exceeded. Please retry in ${seconds} second${seconds === 1 ? "" : "s"}.`,
          },
          { "retry-after": String(seconds) },
        );
      }
    }

    const [collection, id, extra] = route.split("/");
    if (extra !== undefined) return answer(404, "Not found");
    if (collection === "webhooks" && id === undefined) {
      if (method === "GET") return answer(200, searchWebhooks(account.webhooks, query, webhookViews));
      if (method === "PUT") {
        let body: unknown;
        try {
          body = JSON.parse(await readBody(req));
        } catch (error) {
          if (error instanceof BodyTooLarge) return;
          return answer(400, {
            Message: "The request body is not valid JSON.",
            Value: null,
            Errors: [
              { AttemptedValue: null, Message: "The request body is not valid JSON.", PropertyName: "" },
            ],
            WasSuccessful: false,
          });
        }
        const result = updateWebhook(account.webhooks, body, user, now(), fault === "write-refused");
        return answer(result.status, result.body);
      }
    }
    if (collection === "webhooks" && id !== undefined && method === "GET") {
      const found = /^\d+$/.test(id) ? account.webhooks.find((w) => w.Id === Number(id)) : undefined;
      return found ? answer(200, { ...found }) : answer(404, "Not found");
    }
    if (collection === "businesses" && id === undefined && method === "GET") {
      return answer(200, searchBusinesses(account.businesses, query, businessViews));
    }
    if (collection === "businesses" && id !== undefined && method === "GET") {
      const found = /^\d+$/.test(id) ? account.businesses.find((b) => b.Id === Number(id)) : undefined;
      return found ? answer(200, { ...found }) : answer(404, "Not found");
    }
    if (collection === "webhooks" || collection === "businesses") {
      return answer(405, { Message: `The requested resource does not support http method '${method}'.` });
    }
    return answer(404, "Not found");
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const authHeader = req.headers.authorization?.trim().split(/\s+/, 1)[0]?.toLowerCase();
    const entry: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: recordedQuery(url.searchParams),
      status: 0,
      at: now(),
      ...(authHeader ? { authScheme: authHeader } : {}),
    };
    requests.push(entry);
    if (faults.latencyMs > 0) await delay(faults.latencyMs);
    if (closing) return;

    const path = url.pathname.replace(/\/+$/, "").toLowerCase();
    try {
      if (path === "/api/token") return await handleToken(req, res, entry);
      if (path.startsWith("/api/sys/"))
        return await handleSys(req, res, entry, path.slice(9), url.searchParams);
      entry.status = 404;
      send(res, 404, {
        Message: `No HTTP resource was found that matches the request URI '${url.pathname}'.`,
      });
    } catch (error) {
      if (error instanceof QueryError) {
        entry.status = 400;
        return send(res, 400, validationEnvelope(error));
      }
      if (error instanceof BodyTooLarge || res.headersSent || res.destroyed) return;
      entry.status = 500;
      send(res, 500, { Message: "An error has occurred." });
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/api`,
    credentials,
    faults,
    requests,
    account,
    close: () => {
      if (closing) return closed;
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      closed = new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}
