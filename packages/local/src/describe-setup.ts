import { redactUrl } from "@nwh/core/text";
import { LOCAL_CONFIG_NAMES, type LocalConfig } from "./resolve-local-config";
import type { TerminalStyle } from "./terminal-style";

/**
 * The start-up banner: the endpoint, the signing secret (printed only when generated here: a secret the
 * user supplied is never shown), what is embedded and what came from the environment.
 */
export function describeSetup(config: LocalConfig, endpoint: string, style: TerminalStyle): string {
  const row = (label: string, value: string) => `  ${label.padEnd(16)}${value}`;
  const secret =
    config.origins.SLACK_SIGNING_SECRET === "embedded"
      ? `${config.env.SLACK_SIGNING_SECRET} ${style.dim("(generated for this run)")}`
      : style.dim("set from SLACK_SIGNING_SECRET (not shown)");
  const nexudus = config.emulator
    ? `embedded emulator, demo account ${style.dim(`(${config.emulator.url})`)}`
    : `${redactUrl(config.env.NEXUDUS_BASE_URL ?? "")} ${style.dim("(NEXUDUS_BASE_URL)")}`;
  const slackApi = config.slackStub
    ? `embedded stub ${style.dim(`(${config.slackStub.apiUrl})`)}`
    : `${redactUrl(config.env.SLACK_API_URL ?? "")} ${style.dim("(SLACK_API_URL)")}`;
  const state = config.table
    ? `embedded table ${style.dim(config.table.storage === "memory" ? "(in memory: set LOCAL_STATE_DIR to keep it)" : `(kept in ${config.table.storage})`)}`
    : `${config.env.APP_TABLE_NAME ?? ""} ${style.dim(config.env.AWS_ENDPOINT_URL_DYNAMODB ? `(on ${redactUrl(config.env.AWS_ENDPOINT_URL_DYNAMODB)})` : "(AWS)")}`;
  const fromEnv = LOCAL_CONFIG_NAMES.filter((name) => config.origins[name] === "environment");
  const embedded = LOCAL_CONFIG_NAMES.filter((name) => config.origins[name] === "embedded");
  return [
    style.bold("Nexudus webhook health: local mode"),
    row("Slack endpoint", style.bold(endpoint)),
    row("Signing secret", secret),
    row("Nexudus", nexudus),
    row("Slack Web API", slackApi),
    row("State", state),
    row("Digest channel", `${config.env.DIGEST_CHANNEL ?? ""}`),
    row("Environment", fromEnv.length > 0 ? fromEnv.join(", ") : style.dim("nothing set")),
    row("Embedded", embedded.length > 0 ? embedded.join(", ") : style.dim("nothing")),
  ].join("\n");
}
