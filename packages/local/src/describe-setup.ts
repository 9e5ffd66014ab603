import { type DoctorReport, formatDoctorText } from "@nwh/core/doctor";
import { redactUrl } from "@nwh/core/text";
import { LOCAL_CONFIG_NAMES, type LocalConfig } from "./resolve-local-config";
import type { TerminalStyle } from "./terminal-style";

/**
 * The start-up banner: the endpoint, the signing secret (printed only when generated here: a secret the
 * user supplied is never shown), what is embedded and what came from the environment.
 */
export function describeSetup(
  config: LocalConfig,
  endpoint: string,
  style: TerminalStyle,
  options: { socketMode?: boolean } = {},
): string {
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
    ...(options.socketMode
      ? [
          row(
            "Socket Mode",
            `connected ${style.dim("(SLACK_APP_TOKEN): commands, clicks and the Home tab come from Slack")}`,
          ),
        ]
      : []),
    row("Digest channel", `${config.env.DIGEST_CHANNEL ?? ""}`),
    row("Environment", fromEnv.length > 0 ? fromEnv.join(", ") : style.dim("nothing set")),
    row("Embedded", embedded.length > 0 ? embedded.join(", ") : style.dim("nothing")),
  ].join("\n");
}

/**
 * The start-up setup check's part of the banner: one line when every check of the configured services
 * passed, else their warnings and failures with the fixes (`npm run doctor` prints every check).
 */
export function describeSetupCheck(report: DoctorReport, style: TerminalStyle): string {
  const problems = report.results.filter((r) => r.status === "fail" || r.status === "warn");
  const passed = report.results.filter((r) => r.status === "ok").length;
  if (problems.length === 0)
    return `  ${"Setup check".padEnd(16)}${style.green("✓")} all ${passed} checks of the configured services passed`;
  const body = formatDoctorText(report, { style, only: ["fail", "warn"] })
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
  return `${style.bold(report.failed ? style.red("Setup check: problems found") : style.yellow("Setup check: warnings"))}\n${body}\n  ${style.dim("npm run doctor prints every check.")}`;
}
