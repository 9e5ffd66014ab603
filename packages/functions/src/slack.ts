import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { normalizeApiGatewayEvent } from "./lib/api-gateway-event";
import { createSlackApp } from "./lib/create-slack-app";
import { describeError, logger } from "./lib/logger";
import { getRuntime } from "./lib/runtime";
import { verifySlackRequest } from "./lib/verify-slack-request";

/*
 * The slack function: commands, buttons and events from Slack through API Gateway (HTTP API, payload v2).
 * Built once per Lambda environment at module scope (top-level await): configuration, Nexudus client,
 * Bolt app. Nothing is started per request.
 */

const runtime = await getRuntime();
const { receiver } = createSlackApp(runtime);
const boltHandler = receiver.toHandler();

/** The Lambda handler (two arguments, promise-based: Lambda's Node 24 runtimes refuse callback handlers). */
export async function handler(
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyResultV2> {
  const normalized = normalizeApiGatewayEvent(event);
  // Verified before Bolt parses anything: an unsigned request is answered 401 and goes no further.
  const verdict = verifySlackRequest({
    signingSecret: runtime.config.SLACK_SIGNING_SECRET,
    rawBody: normalized.body ?? "",
    headers: normalized.headers,
    nowSeconds: Math.floor(Date.now() / 1000),
  });
  if (!verdict.ok) {
    logger.warn("request refused", { problem: verdict.problem });
    return { statusCode: 401, body: "" };
  }
  try {
    return await boltHandler(normalized, context);
  } catch (error) {
    // A signed body Bolt cannot parse: answer plainly rather than crash the invocation.
    logger.error("request failed", describeError(error));
    return { statusCode: 400, body: "" };
  }
}
