/*
 * What local mode and tests use besides the three handlers (`src/slack.ts`, `src/worker.ts`,
 * `src/digest.ts`, imported by path so that importing this file starts nothing).
 */
export { DispatchError, type Dispatcher, setDispatcher } from "./lib/dispatcher";
export { parseWorkerJob, type WorkerJob } from "./lib/worker-job";
