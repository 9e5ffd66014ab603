import { randomBytes } from "node:crypto";
import { CONTRACT_CONFIG_KEYS, LOCAL_MODE_CONFIG_KEYS } from "@nwh/core/config";
import { isLoopbackEndpoint } from "@nwh/core/store";
import { ensureAppTable, type LocalTable, localTableClient, startLocalTable } from "@nwh/dynamo-local";
import { DEMO_CREDENTIALS, type Emulator, startEmulator } from "@nwh/emulator";
import { type SlackStub, startSlackStub } from "@nwh/slack-stub";
import { DEV_BOT_TOKEN, LOCAL_CHANNEL, LOCAL_USER } from "./local-identity";

/** The configuration names of DESIGN.md, in its order, and local mode's `PORT`. */
export const LOCAL_CONFIG_NAMES = [...CONTRACT_CONFIG_KEYS, ...LOCAL_MODE_CONFIG_KEYS] as const;

export type LocalConfigName = (typeof LOCAL_CONFIG_NAMES)[number];

/**
 * Where a value came from: the user's `environment`, local mode's `embedded` stand-in, or left unset so
 * the configuration schema's `default` applies.
 */
export type ValueOrigin = "environment" | "embedded" | "default";

export interface LocalConfig {
  /** The values to put in `process.env` before the handlers load (only names that have one). */
  env: Partial<Record<LocalConfigName, string>>;
  origins: Record<LocalConfigName, ValueOrigin>;
  /** The embedded emulator, when `NEXUDUS_BASE_URL` was not set. */
  emulator?: Emulator;
  /** The embedded Slack stub, when `SLACK_API_URL` was not set. */
  slackStub?: SlackStub;
  /** The embedded table, when `APP_TABLE_NAME` was not set (in `LOCAL_STATE_DIR` when that is set). */
  table?: LocalTable;
  /** The port to serve on (0 = any free port). */
  port: number;
  /** Stops what was started. */
  close(): Promise<void>;
}

export interface ResolveLocalConfigOptions {
  /** Start the emulator and Slack stub on this host (default 127.0.0.1). */
  host?: string;
}

// An empty variable counts as unset, as the configuration schema reads it.
function given(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value;
}

/**
 * Resolves local mode's configuration: each name of DESIGN.md takes the environment's value when set, else
 * local mode's embedded default. Unset `NEXUDUS_BASE_URL` starts the emulator with its demo user; unset
 * `SLACK_API_URL` starts the Slack stub (accepting the resolved bot token); a missing signing secret is
 * generated fresh; the digest goes to a local channel; the local user is an admin so pause/resume can be
 * tried. Names with a schema default (`NEXUDUS_AUTH`, `DIGEST_TIMEZONE`, …) are left to that default.
 * `SLACK_APP_TOKEN` without `SLACK_API_URL` is a real workspace through Socket Mode: no Slack stub, and
 * `SLACK_BOT_TOKEN` must be given.
 * Demo credentials are only filled in for the embedded emulator, never sent to a Nexudus the user named.
 */
export async function resolveLocalConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: ResolveLocalConfigOptions = {},
): Promise<LocalConfig> {
  const host = options.host ?? "127.0.0.1";
  const out: Partial<Record<LocalConfigName, string>> = {};
  const origins = {} as Record<LocalConfigName, ValueOrigin>;
  for (const name of LOCAL_CONFIG_NAMES) {
    const value = given(env, name);
    if (value !== undefined) out[name] = value;
    origins[name] = value !== undefined ? "environment" : "default";
  }
  const embed = (name: LocalConfigName, value: string) => {
    if (origins[name] === "environment") return;
    out[name] = value;
    origins[name] = "embedded";
  };

  // SLACK_APP_TOKEN alone means a real workspace (Socket Mode): Slack's own API, the app's own bot token,
  // and none of the stand-ins that only make sense with the stub (its channel, its user as admin).
  const realSlack = origins.SLACK_APP_TOKEN === "environment" && origins.SLACK_API_URL !== "environment";
  if (realSlack && origins.SLACK_BOT_TOKEN !== "environment") {
    throw new Error(
      "Invalid configuration: SLACK_BOT_TOKEN is missing: with SLACK_APP_TOKEN set, local mode connects to your workspace and needs the same app's bot token (xoxb-…)",
    );
  }
  embed("SLACK_SIGNING_SECRET", randomBytes(32).toString("hex"));
  embed("SLACK_BOT_TOKEN", DEV_BOT_TOKEN);
  if (!realSlack) {
    embed("DIGEST_CHANNEL", LOCAL_CHANNEL.id);
    embed("SLACK_ADMIN_USER_IDS", LOCAL_USER.id);
  }
  embed("PORT", "3000");

  let emulator: Emulator | undefined;
  let slackStub: SlackStub | undefined;
  let table: LocalTable | undefined;
  const close = async () => {
    await Promise.all([emulator?.close(), slackStub?.close(), table?.close()]);
  };
  try {
    if (origins.NEXUDUS_BASE_URL !== "environment") {
      emulator = await startEmulator({ port: 0, host });
      embed("NEXUDUS_BASE_URL", emulator.url);
      embed("NEXUDUS_USERNAME", DEMO_CREDENTIALS.username);
      embed("NEXUDUS_PASSWORD", DEMO_CREDENTIALS.password);
    }
    if (origins.SLACK_API_URL !== "environment" && !realSlack) {
      slackStub = await startSlackStub({ port: 0, host, token: out.SLACK_BOT_TOKEN });
      embed("SLACK_API_URL", slackStub.apiUrl);
    }
    if (origins.APP_TABLE_NAME !== "environment") {
      table = await startLocalTable({ host, ...(out.LOCAL_STATE_DIR ? { path: out.LOCAL_STATE_DIR } : {}) });
      embed("APP_TABLE_NAME", table.tableName);
      // The embedded table's endpoint, whatever AWS_ENDPOINT_URL_DYNAMODB said: it names no table of ours.
      out.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
      origins.AWS_ENDPOINT_URL_DYNAMODB = "embedded";
    } else if (out.AWS_ENDPOINT_URL_DYNAMODB && isLoopbackEndpoint(out.AWS_ENDPOINT_URL_DYNAMODB)) {
      // A table on a loopback server (DynamoDB Local, a dynalite of the user's) is created when missing, so
      // that `npm start` and later `npm run digest` can share one state. In AWS the stack owns the table.
      await ensureAppTable(localTableClient(out.AWS_ENDPOINT_URL_DYNAMODB), out.APP_TABLE_NAME!);
    }
  } catch (error) {
    await close();
    throw error;
  }

  const port = Number(out.PORT);
  const config: LocalConfig = { env: out, origins, port, close };
  if (emulator) config.emulator = emulator;
  if (slackStub) config.slackStub = slackStub;
  if (table) config.table = table;
  return config;
}
