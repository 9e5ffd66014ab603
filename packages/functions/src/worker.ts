import type { SlackMessage } from "@nwh/core/blocks";
import {
  executeCommandText,
  failureMessage,
  homeViewFor,
  notAllowedFor,
  unavailableMessage,
} from "@nwh/core/service";
import { WebClient } from "@slack/web-api";
import { answerAction, type Reply } from "./lib/answer-action";
import { deliver } from "./lib/deliver";
import { publishHomeReplies } from "./lib/home-replies";
import { describeError, logger } from "./lib/logger";
import { isAllowedResponseUrl, postToResponseUrl, type ResponseOptions } from "./lib/response-url";
import { getRuntime, type Runtime } from "./lib/runtime";
import { slackLogger } from "./lib/slack-logger";
import type { Bound } from "./lib/within-budget";
import { type HomeActionJob, parseWorkerJob, type WorkerJob } from "./lib/worker-job";

export type { WorkerJob } from "./lib/worker-job";

/*
 * The worker function: the slow half of a command or a click, invoked asynchronously by the slack function
 * when Nexudus did not answer within the budget. Same code path (the core service), answers posted to the
 * job's `response_url`. It never throws after telling the user: Lambda would retry an async invocation and
 * the user would get the answer twice. No Bolt here.
 */

let web: WebClient | undefined;

function webClient(runtime: Runtime): WebClient {
  web ??= new WebClient(runtime.config.SLACK_BOT_TOKEN, {
    slackApiUrl: runtime.config.SLACK_API_URL,
    logger: slackLogger(),
    timeout: 5000,
    retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 2000 },
  });
  return web;
}

function workerBound(runtime: Runtime): Bound {
  const ms = runtime.workerBudgetMs;
  return { deadline: Date.now() + ms, signal: AbortSignal.timeout(ms + 1000) };
}

const EPHEMERAL: ResponseOptions = { responseType: "ephemeral", replaceOriginal: false };
// The answer to a slash command replaces its "Searching…" message.
const REPLACE_SEARCHING: ResponseOptions = { responseType: "ephemeral", replaceOriginal: true };

/** Runs one job. Resolves in every case where the job was understood; invalid jobs are logged and dropped. */
export async function handler(job: WorkerJob): Promise<void> {
  const valid = parseWorkerJob(job);
  if (!valid) {
    logger.error("invalid worker job dropped");
    return;
  }

  let runtime: Runtime;
  try {
    runtime = await getRuntime();
  } catch (error) {
    logger.error("worker could not load its configuration", describeError(error));
    // Only Slack's own host can be trusted without the configuration.
    if ("responseUrl" in valid && isAllowedResponseUrl(valid.responseUrl, undefined)) {
      await post(valid.responseUrl, unavailableMessage(), EPHEMERAL);
    }
    return;
  }

  if (valid.kind === "home") return runHome(valid.userId, runtime);
  if (valid.kind === "home-action") return runHomeAction(valid, runtime);
  if (!isAllowedResponseUrl(valid.responseUrl, runtime.config.SLACK_API_URL)) {
    logger.error("worker job names a response_url outside Slack; dropped", { kind: valid.kind });
    return;
  }
  try {
    if (valid.kind === "command") {
      const message = runtime.access.canUse(valid.userId)
        ? await executeCommandText(valid.text, runtime.service, {
            viewer: runtime.access.viewer(valid.userId),
            ...workerBound(runtime),
          })
        : notAllowedFor("use");
      await post(valid.responseUrl, message, REPLACE_SEARCHING);
      return;
    }
    const replies = await answerAction(valid, runtime, workerBound(runtime));
    // In order: the result before its audit line.
    for (const reply of replies) await post(valid.responseUrl, reply.message, reply);
  } catch (error) {
    logger.error("worker job failed", { kind: valid.kind, ...describeError(error) });
    await post(valid.responseUrl, failureMessage(error), EPHEMERAL);
  }
}

async function runHome(userId: string, runtime: Runtime): Promise<void> {
  try {
    const view = runtime.access.canUse(userId)
      ? await homeViewFor(runtime.service, { viewer: runtime.access.viewer(userId), ...workerBound(runtime) })
      : { type: "home" as const, blocks: notAllowedFor("use").blocks };
    await webClient(runtime).views.publish({ user_id: userId, view });
  } catch (error) {
    logger.error("worker could not publish the Home tab", describeError(error));
  }
}

/**
 * A click made on the App Home tab that ran out of the click's time: run like any click (rights re-checked
 * in `answerAction`), the answer published as the user's tab, a change's audit line posted to
 * `DIGEST_CHANNEL`, as the slack function does when it has the time.
 */
async function runHomeAction(job: HomeActionJob, runtime: Runtime): Promise<void> {
  let replies: Reply[];
  try {
    const input = {
      actionId: job.actionId,
      value: job.value,
      userId: job.userId,
      fromEphemeral: false,
      home: true,
      ...(job.writeStarted ? { writeStarted: true } : {}),
    };
    replies = await answerAction(input, runtime, workerBound(runtime));
  } catch (error) {
    logger.error("worker job failed", { kind: job.kind, ...describeError(error) });
    replies = [{ message: failureMessage(error), responseType: "ephemeral", replaceOriginal: false }];
  }
  await publishHomeReplies(runtime, webClient(runtime), job.userId, replies, deliver);
}

/** Posts to the response_url; a failure is logged, never thrown (see above). */
async function post(url: string, message: SlackMessage, options: ResponseOptions): Promise<void> {
  try {
    await postToResponseUrl(url, message, { ...options, timeoutMs: 5000 });
  } catch (error) {
    logger.error("worker could not post to response_url", describeError(error));
  }
}
