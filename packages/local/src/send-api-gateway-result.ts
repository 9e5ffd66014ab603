import type { ServerResponse } from "node:http";
import type { APIGatewayProxyResultV2 } from "aws-lambda";

/**
 * Writes a handler's API Gateway (payload 2.0) result as the HTTP response, the way API Gateway does:
 * a structured result (one with `statusCode`) gives status, headers, cookies and a body (base64-decoded when
 * `isBase64Encoded`); anything else is taken as a JSON answer with status 200.
 */
export function sendApiGatewayResult(res: ServerResponse, result: APIGatewayProxyResultV2 | undefined): void {
  if (typeof result !== "object" || result === null || !("statusCode" in result)) {
    const body =
      result === undefined ? "" : typeof result === "string" ? result : JSON.stringify(result as unknown);
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
    return;
  }
  const body =
    result.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8");
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (result.cookies && result.cookies.length > 0) headers["set-cookie"] = result.cookies;
  headers["content-length"] = String(body.length);
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body);
}
