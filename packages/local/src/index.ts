/*
 * Local mode's building blocks for tools (the bench drives a local session). `main.ts` (`npm start`) and
 * `digest-once.ts` (`npm run digest`) are the entry points; importing this file starts nothing.
 */
export { slashCommandBody } from "./slash-command-body";
export { type LocalMode, startLocalMode } from "./start-local-mode";
