import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { createLambdaContext } from "./create-lambda-context";
import type { LinkStore } from "./link-store";
import { sendApiGatewayResult } from "./send-api-gateway-result";
import { toApiGatewayEvent } from "./to-api-gateway-event";

/** The slack Lambda's handler signature. */
export type SlackHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

/** The one route API Gateway forwards to the slack function. */
export const SLACK_ROUTE = { method: "POST", path: "/slack/events" } as const;

// Slack's payloads are a few kilobytes; API Gateway itself refuses bodies over 10 MB.
const MAX_BODY_BYTES = 1_000_000;

export interface LocalServerOptions {
  handler: SlackHandler;
  /** 0 = any free port. */
  port: number;
  host?: string;
  /** Links forwarded to from `GET /kit/<id>` (only links stored there: no open redirect). */
  links?: LinkStore;
  /** Where handler failures are reported (never the request body: it may hold tokens). */
  onError?: (error: unknown) => void;
}

export interface LocalServer {
  /** e.g. `http://127.0.0.1:3000` */
  url: string;
  /** e.g. `http://127.0.0.1:3000/slack/events` */
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 5_000;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new BodyTooLarge());
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

const escapeAttribute = (text: string) =>
  text.replace(/[&"<>]/g, (c) => ({ "&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;" })[c]!);

function redirectPage(url: string): string {
  const href = escapeAttribute(url);
  return `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=${href}"><title>Block Kit Builder</title><a href="${href}">Open in Block Kit Builder</a>\n`;
}

/**
 * Serves the slack handler on loopback the way API Gateway fronts it in AWS: `POST /slack/events` becomes an
 * API Gateway v2 event and the handler's result becomes the HTTP answer. `GET /health` answers `ok`,
 * `GET /kit/<id>` is a page that forwards to a stored link; everything else is 404, as API Gateway answers routes it does not know.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method === "GET" && path === "/health") return plain(res, 200, "ok");
    const kit = /^\/kit\/(\d+)$/.exec(path);
    if (req.method === "GET" && kit) {
      const target = options.links?.get(kit[1]!);
      if (!target) return plain(res, 404, "Not Found");
      // A page rather than a redirect: the link holds a whole message and can outgrow a Location header.
      const html = redirectPage(target);
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "content-length": Buffer.byteLength(html),
        "content-security-policy": "default-src 'none'",
        "referrer-policy": "no-referrer",
      });
      return res.end(html);
    }
    if (path !== SLACK_ROUTE.path) return plain(res, 404, "Not Found");
    if (req.method !== SLACK_ROUTE.method) return plain(res, 405, "Method Not Allowed");
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) return plain(res, 413, "Request Entity Too Large");
      return plain(res, 400, "Bad Request");
    }
    try {
      const event = toApiGatewayEvent(req, body, { routeKey: `${SLACK_ROUTE.method} ${SLACK_ROUTE.path}` });
      const result = await options.handler(event, createLambdaContext("slack"));
      sendApiGatewayResult(res, result);
    } catch (error) {
      options.onError?.(error);
      // API Gateway's answer when the integration fails.
      if (!res.headersSent) plain(res, 500, JSON.stringify({ message: "Internal Server Error" }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address}:${address.port}`;
  return {
    url,
    endpoint: `${url}${SLACK_ROUTE.path}`,
    port: address.port,
    close() {
      return new Promise<void>((resolve) => {
        // Answers in flight finish; idle keep-alive sockets would otherwise hold close() open.
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
