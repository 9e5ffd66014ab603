import { accessPolicy } from "@nwh/core/interaction";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { normalizeApiGatewayEvent } from "../lib/api-gateway-event";
import { describeError } from "../lib/logger";
import { requesterOf } from "../lib/requester-of";
import { verifySlackRequest } from "../lib/verify-slack-request";
import type { AppDeps } from "./app-deps";
import { createBoltReceiver } from "./create-bolt-receiver";

/** The slack Lambda's handler (two arguments, promise-based: Node 24 runtimes refuse callback handlers). */
export type SlackHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

/**
 * The slack function: commands, clicks and events from Slack through API Gateway (HTTP API, payload v2).
 * The Bolt app is built once, here; nothing is started per request.
 */
export function createSlackHandler(deps: AppDeps): SlackHandler {
  const bolt = createBoltReceiver(deps).toHandler();
  const access = accessPolicy(deps.config);
  return async (event, context) => {
    deps.logger.addContext(context);
    const normalized = normalizeApiGatewayEvent(event);
    // Verified before Bolt parses anything: an unsigned request is answered 401 and goes no further.
    const verdict = verifySlackRequest({
      signingSecret: deps.config.SLACK_SIGNING_SECRET,
      rawBody: normalized.body ?? "",
      headers: normalized.headers,
      nowSeconds: Math.floor(deps.clock.now() / 1000),
    });
    if (!verdict.ok) {
      deps.logger.warn("request refused", { problem: verdict.problem });
      return { statusCode: 401, body: "" };
    }
    // A genuine request from someone who may use the bot: the Nexudus token (first request of a cold
    // start) is fetched while Bolt parses it. Anyone else's request costs Nexudus nothing.
    if (access.canUse(requesterOf(normalized.body ?? "", normalized.headers["content-type"])))
      void deps.nexudus.prepare();
    try {
      return await bolt(normalized, context);
    } catch (error) {
      // A signed body Bolt cannot parse: answer plainly rather than crash the invocation.
      deps.logger.error("request failed", describeError(error));
      return { statusCode: 400, body: "" };
    }
  };
}
