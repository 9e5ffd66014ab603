// Slack's published limits and the bot's scopes: one source for builders, manifest and size checks.
export { SLACK_LIMITS, TEXT_LIMITS } from "./limits";
export { BOT_SCOPES } from "./scopes";
export { slackErrorOf } from "./slack-error";
