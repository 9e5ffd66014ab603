import type { APIGatewayProxyEventV2 } from "aws-lambda";

/**
 * Normalizes an API Gateway v2 event before Bolt sees it.
 *
 * Bolt 5.1's `AwsLambdaReceiver` decodes base64 bodies as ASCII (a UTF-8 character in a JSON event body
 * would then break the signature check), compares the content type by strict equality (a `; charset=…`
 * suffix would send a form body down the JSON path) and reads headers without guarding `undefined`.
 * This returns an event with the raw body decoded as UTF-8, lower-case headers and a bare content type.
 */
export function normalizeApiGatewayEvent(event: APIGatewayProxyEventV2): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (typeof value === "string") headers[name.toLowerCase()] = value;
  }
  const contentType = headers["content-type"];
  if (contentType !== undefined) headers["content-type"] = contentType.split(";")[0]!.trim().toLowerCase();
  return { ...event, headers, body: rawBodyOf(event), isBase64Encoded: false };
}

/** The request body exactly as Slack sent it (what the signature covers). */
export function rawBodyOf(event: Pick<APIGatewayProxyEventV2, "body" | "isBase64Encoded">): string {
  if (event.body === undefined || event.body === null) return "";
  return event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
}
