import { parseInteraction } from "@nwh/core/interaction";
import { unavailableMessage } from "@nwh/core/service";
import { TIMING } from "@nwh/core/time";
import type { Context } from "aws-lambda";
import { createLogger, describeError } from "../lib/logger";
import { once } from "../lib/once";
import { isAllowedResponseUrl, postToResponseUrl } from "../outbox/response-url";
import type { AppDeps } from "./app-deps";

/** The worker Lambda's handler: one interaction handed over by the slack function. */
export type WorkerHandler = (job: unknown, context?: Context) => Promise<void>;

/**
 * The worker function: the slow half of an interaction, and every change to Nexudus, invoked
 * asynchronously by the slack function. It runs the same pipeline with its own time and answers through
 * the interaction's `response_url` (or the Home tab). It never throws: Lambda would retry an async
 * invocation and the user would get the answer twice. `load` builds the dependencies once per
 * environment; a failed load is retried on the next job.
 */
export function createWorkerHandler(load: () => Promise<AppDeps>): WorkerHandler {
  const deps = once(load);
  return async (job, context) => {
    let app: AppDeps;
    try {
      app = await deps();
    } catch (error) {
      const logger = createLogger();
      if (context) logger.addContext(context);
      logger.error("worker could not load its configuration", describeError(error));
      await tellUnavailable(job, logger);
      return;
    }
    if (context) app.logger.addContext(context);
    await app.pipeline.work(job);
  };
}

/** Without the configuration only Slack's own host can be trusted: the user is told there, if anywhere. */
async function tellUnavailable(job: unknown, logger: ReturnType<typeof createLogger>): Promise<void> {
  const interaction = parseInteraction(job);
  if (interaction === undefined || interaction.kind === "join") return;
  if (interaction.replyTo.kind !== "response_url") return;
  if (!isAllowedResponseUrl(interaction.replyTo.url, undefined)) return;
  try {
    await postToResponseUrl(interaction.replyTo.url, unavailableMessage(), {
      responseType: "ephemeral",
      replaceOriginal: false,
      signal: AbortSignal.timeout(TIMING.backgroundCallTimeoutMs),
    });
  } catch (error) {
    logger.error("worker could not post to response_url", describeError(error));
  }
}
