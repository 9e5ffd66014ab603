import type { Dispatcher, WorkerJob } from "@nwh/functions";
import type { SlackHandler } from "./start-local-server";

/*
 * The Lambda handlers, imported by path (the functions package's index deliberately starts nothing).
 * Each handler module reads its configuration when it loads, so callers put the resolved configuration
 * into process.env first; that is why these are dynamic imports.
 */

/** The slack and worker handlers, with the dispatcher hook, for serving. */
export interface SlackHandlers {
  slack: SlackHandler;
  worker: (job: WorkerJob) => Promise<void>;
  setDispatcher: (dispatcher: Dispatcher | undefined) => void;
}

/**
 * Imports the worker and the dispatcher hook, calls `beforeSlack` with them (to install the in-process
 * dispatcher before anything could dispatch), then imports the slack handler, which loads its configuration.
 */
export async function importSlackHandlers(
  beforeSlack: (handlers: Omit<SlackHandlers, "slack">) => void,
): Promise<SlackHandlers> {
  const [{ setDispatcher }, worker] = await Promise.all([
    import("@nwh/functions"),
    import("../../functions/src/worker"),
  ]);
  beforeSlack({ worker: worker.handler, setDispatcher });
  const slack = await import("../../functions/src/slack");
  return { slack: slack.handler, worker: worker.handler, setDispatcher };
}

/** The digest handler. */
export async function importDigestHandler(): Promise<typeof import("../../functions/src/digest").handler> {
  return (await import("../../functions/src/digest")).handler;
}
