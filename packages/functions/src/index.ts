/*
 * The public surface of the functions package: the handler factories and what they are built from, for
 * local mode and tests. The Lambda entry files (`src/slack.ts`, `src/worker.ts`, `src/digest.ts`, `src/watch.ts`) only
 * wire these to `process.env`.
 */
export { type AppDeps, buildAppDeps } from "./app/app-deps";
export { buildDigestDeps, createDigestHandler, type DigestHandler } from "./app/create-digest-handler";
export { createSlackHandler, type SlackHandler } from "./app/create-slack-handler";
export { createSocketModeApp, type SocketModeApp } from "./app/create-socket-mode-app";
export { buildWatchDeps, createWatchHandler, type WatchHandler } from "./app/create-watch-handler";
export { createWorkerHandler, type WorkerHandler } from "./app/create-worker-handler";
export { loadConfigValues } from "./config/load-config";
export { DEFAULT_TUNING, loadTuning } from "./config/load-tuning";
export type { AwsDoctorEndpoints } from "./doctor/aws-doctor-port";
export { createDoctorRunner } from "./doctor/create-doctor-runner";
export { createLogger } from "./lib/logger";
export { dynamoStore, tableClient, tableLocationOf } from "./store/dynamo-store";
