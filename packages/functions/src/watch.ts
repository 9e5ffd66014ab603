import { createWatchHandler, loadWatchDeps } from "./app/create-watch-handler";

/** The watch function's entry: dependencies built on the first poll, once per Lambda environment. */
export const handler = createWatchHandler(() => loadWatchDeps(process.env));
