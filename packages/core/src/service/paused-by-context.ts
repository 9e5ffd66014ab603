import type { PausedByContext } from "../blocks/models";
import type { ServiceDeps } from "./service-types";

/** What the builders need to say "paused by this bot": the bot's own Nexudus user, when configured. */
export function pausedByContext(deps: ServiceDeps): PausedByContext {
  return deps.config.botUser ? { botUser: deps.config.botUser } : {};
}
