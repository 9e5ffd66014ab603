import { loadAppDeps } from "./app/app-deps";
import { createWorkerHandler } from "./app/create-worker-handler";

/** The worker function's entry: dependencies built on the first job, once per Lambda environment. */
export const handler = createWorkerHandler(() => loadAppDeps(process.env));
