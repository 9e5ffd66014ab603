import { loadAppDeps } from "./app/app-deps";
import { createSlackHandler } from "./app/create-slack-handler";

/*
 * The slack function's entry. Its dependencies are built once per Lambda environment, at init (top-level
 * await), so the first request does not pay for them.
 */
export const handler = createSlackHandler(await loadAppDeps(process.env));
