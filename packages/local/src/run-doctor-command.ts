import { ConfigError, parseConfig } from "@nwh/core/config";
import { formatDoctorText } from "@nwh/core/doctor";
import { redactUrl } from "@nwh/core/text";
import { type AwsDoctorEndpoints, createDoctorRunner, loadConfigValues } from "@nwh/functions";
import { resolveLocalConfig } from "./resolve-local-config";
import { stripControlCharacters } from "./strip-control-characters";
import { createTerminalStyle } from "./terminal-style";

/** Where the command writes. */
export interface DoctorCommandIo {
  out(text: string): void;
  err(text: string): void;
  color?: boolean;
}

/** For tests: loopback stand-ins and shorter timeouts. */
export interface DoctorCommandOptions {
  awsEndpoints?: AwsDoctorEndpoints;
  nexudusTimeoutMs?: number;
}

export const DOCTOR_USAGE = `npm run doctor [-- --write]
  Checks the configuration it is given (the same rules as npm start and npm run digest: what is not set
  is embedded) against Nexudus, Slack and AWS, and says how to fix each problem. Exits 1 when a check fails.
  --write   also test WebHook-Edit: write one webhook back unchanged and read it again`;

/** Names only the deployed functions have; the check reads them too when they are set. */
const DEPLOYED_NAMES = ["APP_SECRET_ARN", "WORKER_FUNCTION_NAME", "APP_TABLE_NAME"] as const;

const describe = (error: unknown) =>
  stripControlCharacters(error instanceof Error ? error.message : String(error));

/**
 * `npm run doctor`: resolves the configuration (the environment, then the secret `APP_SECRET_ARN` names,
 * then local mode's embedded stand-ins for what is still unset), runs the setup check and prints it.
 * Resolves with the exit code: 0 when nothing failed, 1 when a check failed, 2 for a usage mistake.
 */
export async function runDoctorCommand(
  env: NodeJS.ProcessEnv,
  argv: readonly string[],
  io: DoctorCommandIo,
  options: DoctorCommandOptions = {},
): Promise<number> {
  const style = createTerminalStyle(io.color ?? false);
  const unknown = argv.filter((a) => a !== "--write" && a !== "--help" && a !== "-h");
  if (argv.includes("--help") || argv.includes("-h") || unknown.length > 0) {
    if (unknown.length > 0)
      io.err(style.red(`doctor: unknown option ${stripControlCharacters(unknown[0]!)}`));
    io.out(DOCTOR_USAGE);
    return unknown.length > 0 ? 2 : 0;
  }
  const write = argv.includes("--write");

  // The secret first, as the functions read it; a secret that cannot be read from here (its policy admits
  // only the functions) leaves the environment, and the AWS check says why.
  let values: Record<string, string | undefined>;
  try {
    values = await loadConfigValues({ env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(
      style.yellow(
        `The secret could not be read from here (${describe(error)}); checking the environment's values.`,
      ),
    );
    values = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  }

  let local: Awaited<ReturnType<typeof resolveLocalConfig>>;
  try {
    local = await resolveLocalConfig(values);
  } catch (error) {
    io.err(style.red(`✗ Configuration: ${describe(error)}`));
    return 1;
  }
  try {
    const deployed = Object.fromEntries(
      DEPLOYED_NAMES.filter((name) => values[name] !== undefined).map((name) => [name, values[name]]),
    );
    let config: ReturnType<typeof parseConfig>;
    try {
      config = parseConfig({ ...deployed, ...local.env });
    } catch (error) {
      io.err(style.red(`✗ Configuration: ${describe(error)}`));
      io.err("      fix: set each name as the README's Configuration table says.");
      return 1;
    }
    const nexudus = local.emulator ? "the embedded emulator" : redactUrl(config.NEXUDUS_BASE_URL);
    const slack = local.slackStub ? "the embedded Slack stub" : redactUrl(config.SLACK_API_URL);
    io.out(style.dim(`Checking Nexudus at ${nexudus}, Slack at ${slack}${write ? ", with --write" : ""}…`));
    const run = createDoctorRunner(config, {
      runningIn: "outside",
      write,
      ...(options.awsEndpoints ? { awsEndpoints: options.awsEndpoints } : {}),
      ...(options.nexudusTimeoutMs ? { nexudusTimeoutMs: options.nexudusTimeoutMs } : {}),
    });
    const report = await run();
    io.out(formatDoctorText(report, { style }));
    return report.failed ? 1 : 0;
  } finally {
    await local.close();
  }
}
