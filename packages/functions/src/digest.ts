import { createDigestHandler, loadDigestDeps } from "./app/create-digest-handler";

/** The digest function's entry: dependencies built on the first run, once per Lambda environment. */
export const handler = createDigestHandler(() => loadDigestDeps(process.env));
