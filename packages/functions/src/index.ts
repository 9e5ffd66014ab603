/*
 * The public surface of the functions package: the handler factories and what they are built from, for
 * local mode and tests. The Lambda entry files (`src/slack.ts`, `src/worker.ts`, `src/digest.ts`, `src/watch.ts`) only
 * wire these to `process.env`.
 */
export { type AppDeps, type AppDepsOptions, buildAppDeps, loadAppDeps } from "./app/app-deps";
export {
  buildDigestDeps,
  createDigestHandler,
  type DigestHandler,
  type DigestHandlerDeps,
  loadDigestDeps,
} from "./app/create-digest-handler";
export { createSlackHandler, type SlackHandler } from "./app/create-slack-handler";
export { createSocketModeApp, type SocketModeApp } from "./app/create-socket-mode-app";
export {
  buildWatchDeps,
  createWatchHandler,
  loadWatchDeps,
  type WatchHandler,
  type WatchHandlerDeps,
} from "./app/create-watch-handler";
export { createWorkerHandler, type WorkerHandler } from "./app/create-worker-handler";
export { type LoadConfigOptions, loadConfig, loadConfigValues } from "./config/load-config";
export { DEFAULT_TUNING, loadTuning, TUNING_KEYS, type Tuning } from "./config/load-tuning";
export { DispatchError } from "./dispatch/lambda-dispatcher";
export { type AwsDoctorEndpoints, awsDoctorPort } from "./doctor/aws-doctor-port";
export { createDoctorRunner, type DoctorRunnerOptions } from "./doctor/create-doctor-runner";
export { createLogger, type LoggerOptions } from "./lib/logger";
export { dynamoStore, type TableLocation, tableClient, tableLocationOf } from "./store/dynamo-store";
