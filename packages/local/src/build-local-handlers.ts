import { type Config, parseConfig } from "@nwh/core/config";
import type { Interaction } from "@nwh/core/interaction";
import {
  type AppDeps,
  buildAppDeps,
  buildDigestDeps,
  buildWatchDeps,
  createDigestHandler,
  createSlackHandler,
  createWatchHandler,
  createWorkerHandler,
  type DigestHandler,
  loadTuning,
  type SlackHandler,
  type WatchHandler,
  type WorkerHandler,
} from "@nwh/functions";
import { createInProcessDispatcher, type InProcessDispatcher } from "./in-process-dispatcher";

/** The bot's three handlers, built the way each Lambda builds its own, with the worker run in process. */
export interface LocalHandlers {
  config: Config;
  /** What the slack and worker handlers run on (Socket Mode runs the same). */
  deps: AppDeps;
  slack: SlackHandler;
  worker: WorkerHandler;
  digest: DigestHandler;
  watch: WatchHandler;
  /** Runs worker jobs in this process, as the asynchronous Lambda invoke would elsewhere. */
  dispatcher: InProcessDispatcher<Interaction>;
}

/**
 * Builds the handlers from local mode's resolved configuration (`values`: configuration names to text)
 * and the environment's tuning (`env`, e.g. the bench's budgets), through the same factories the Lambda
 * entry files use. Throws a ConfigError naming the key when a value is invalid. `embeddedSlack`: Slack is
 * local mode's own stub, so the digest does not pace its posts.
 */
export function buildLocalHandlers(
  values: Record<string, string | undefined>,
  env: Record<string, string | undefined>,
  onJobError: (error: unknown) => void,
  options: { embeddedSlack?: boolean } = {},
): LocalHandlers {
  const config = parseConfig(values);
  const tuning = loadTuning(env);
  let worker: WorkerHandler | undefined;
  const dispatcher = createInProcessDispatcher<Interaction>((job) => worker!(job), onJobError);
  const deps = buildAppDeps(config, { tuning, dispatcher });
  worker = createWorkerHandler(async () => deps);
  // The embedded stub has no rate limit: the digest's one-post-a-second pacing would only be waiting.
  const pacing = options.embeddedSlack ? { postIntervalMs: 0 } : {};
  const digest = createDigestHandler(async () =>
    buildDigestDeps(config, { tuning, logger: deps.logger, ...pacing }),
  );
  const watch = createWatchHandler(async () => buildWatchDeps(config, { tuning, logger: deps.logger }));
  return { config, deps, slack: createSlackHandler(deps), worker, digest, watch, dispatcher };
}
