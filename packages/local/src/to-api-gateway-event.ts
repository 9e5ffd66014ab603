import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";

// API Gateway HTTP APIs pass text bodies through and base64-encode the rest, form bodies included.
const TEXT_TYPES = /^(?:text\/|application\/(?:json|[\w.+-]+\+json|xml|javascript)\b)/i;

// Fixed English names: `toLocaleString` would load ICU's data on the first request (about 9 ms).
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** API Gateway's `requestContext.time` format: `12/Mar/2020:19:03:58 +0000`. */
function gatewayTime(epochMs: number): string {
  const d = new Date(epochMs);
  const month = MONTHS[d.getUTCMonth()];
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(d.getUTCDate())}/${month}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** Options for {@link toApiGatewayEvent}. */
export interface ToApiGatewayEventOptions {
  /** The route that matched, e.g. `POST /slack/events`. */
  routeKey: string;
  /** Epoch ms of the request; defaults to now. */
  now?: number;
}

/**
 * Turns a node:http request and its raw body into the API Gateway HTTP API (payload 2.0) event the Lambda
 * would receive: lower-cased headers (repeats joined with commas, cookies split out), the raw query string,
 * and a base64 body with `isBase64Encoded: true` for anything but text and JSON, as API Gateway does.
 */
export function toApiGatewayEvent(
  req: IncomingMessage,
  body: Buffer,
  options: ToApiGatewayEventOptions,
): APIGatewayProxyEventV2 {
  const timeEpoch = options.now ?? Date.now();
  const url = new URL(req.url ?? "/", "http://localhost");
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    if (name === "cookie") {
      cookies = [...(cookies ?? []), ...value.split(/;\s*/).filter((c) => c !== "")];
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    const existing = queryStringParameters[key];
    queryStringParameters[key] = existing === undefined ? value : `${existing},${value}`;
  }
  const rawQueryString = url.search.startsWith("?") ? url.search.slice(1) : "";
  const isText = TEXT_TYPES.test(headers["content-type"] ?? "");
  const hasBody = body.length > 0;
  const host = headers.host ?? "localhost";

  const event: APIGatewayProxyEventV2 = {
    version: "2.0",
    routeKey: options.routeKey,
    rawPath: url.pathname,
    rawQueryString,
    headers,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: host,
      domainPrefix: host.split(".")[0] ?? host,
      http: {
        method: req.method ?? "GET",
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey: options.routeKey,
      stage: "$default",
      time: gatewayTime(timeEpoch),
      timeEpoch,
    },
    isBase64Encoded: hasBody && !isText,
  };
  if (cookies) event.cookies = cookies;
  if (rawQueryString !== "") event.queryStringParameters = queryStringParameters;
  if (hasBody) event.body = isText ? body.toString("utf8") : body.toString("base64");
  return event;
}
