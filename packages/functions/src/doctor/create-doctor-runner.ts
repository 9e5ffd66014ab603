import { type Clock, systemClock } from "@nwh/core/clock";
import type { Config } from "@nwh/core/config";
import {
  type CheckArea,
  checkNexudus,
  type DoctorRunner,
  recordExchanges,
  runDoctor,
} from "@nwh/core/doctor";
import {
  createNexudusClient,
  type NexudusLogger,
  nexudusSettingsFrom,
  type TokenCache,
} from "@nwh/core/nexudus";
import { callOptionsOf, type Deadline } from "@nwh/core/time";
import type { Logger as SlackLogger } from "@slack/web-api";
import { nodeHttpFetch } from "../lib/node-http-fetch";
import { tableClient, tableLocationOf } from "../store/dynamo-store";
import { type AwsDoctorEndpoints, awsDoctorPort } from "./aws-doctor-port";
import { webClientDoctorPort } from "./web-client-doctor-port";

/** How the setup check runs here. */
export interface DoctorRunnerOptions {
  /** `worker` in the deployed worker (`/webhooks doctor`), `outside` on an operator's machine. */
  runningIn: "worker" | "outside";
  /** `--write`: test WebHook-Edit by writing one webhook back unchanged. */
  write?: boolean;
  /** Only these areas (local mode's start-up checks what is not embedded). Default: all. */
  areas?: readonly CheckArea[];
  /** For tests: loopback stand-ins of the AWS services. */
  awsEndpoints?: AwsDoctorEndpoints;
  slackLogger?: SlackLogger;
  nexudusLogger?: NexudusLogger;
  /** Budget of one Nexudus exchange (default 5000; tests shorten it). */
  nexudusTimeoutMs?: number;
  /**
   * The token the bot's environments share (the table): a check that signed in on its own would rotate
   * that token's refresh token away (Nexudus keeps one per user).
   */
  nexudusTokenCache?: TokenCache;
  clock?: Clock;
}

/** The host a URL names, for findings (never its path or query, which could carry a credential). */
function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : "the configured host";
}

/**
 * The setup check of a configuration: Nexudus through a client of its own, Slack with the bot token, AWS
 * with the environment's credentials. Each run builds its clients afresh, so it signs in as a cold start
 * would.
 */
export function createDoctorRunner(config: Config, options: DoctorRunnerOptions): DoctorRunner {
  const wanted = (area: CheckArea) => !options.areas || options.areas.includes(area);
  const clock = options.clock ?? systemClock;
  const nexudus = async (deadline?: Deadline) => {
    // The bot's own HTTP client, so that the check sees Nexudus as the bot does.
    const recorder = recordExchanges(nodeHttpFetch(), () => clock.now());
    const client = createNexudusClient({
      ...nexudusSettingsFrom(config),
      fetch: recorder.fetch,
      clock,
      // One retry: the check says what failed rather than wait out a long outage.
      maxAttempts: 2,
      requestTimeoutMs: options.nexudusTimeoutMs ?? 5000,
      ...(options.nexudusTokenCache ? { tokenCache: options.nexudusTokenCache } : {}),
      ...(options.nexudusLogger ? { logger: options.nexudusLogger } : {}),
    });
    return checkNexudus({
      client,
      exchanges: recorder.exchanges,
      clock,
      ...(deadline ? { call: callOptionsOf(deadline) } : {}),
      inputs: {
        host: hostOf(config.NEXUDUS_BASE_URL),
        scheme: config.NEXUDUS_AUTH,
        totpConfigured: config.NEXUDUS_TOTP_SECRET !== undefined,
        dates: config.NEXUDUS_DATES,
        write: options.write === true,
        adminsConfigured: config.SLACK_ADMIN_USER_IDS.length > 0,
      },
    });
  };
  return async (run = {}) =>
    runDoctor({
      ...(wanted("nexudus") ? { nexudus: () => nexudus(run.deadline) } : {}),
      ...(wanted("slack")
        ? {
            slack: {
              port: webClientDoctorPort({
                botToken: config.SLACK_BOT_TOKEN,
                slackApiUrl: config.SLACK_API_URL,
                ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
                ...(options.slackLogger ? { logger: options.slackLogger } : {}),
              }),
              inputs: {
                apiHost: hostOf(config.SLACK_API_URL),
                signingSecret: run.signingSecretVerified
                  ? "verified"
                  : config.SLACK_SIGNING_SECRET
                    ? "set"
                    : "missing",
                channels: config.DIGEST_CHANNEL
                  ? [{ name: "DIGEST_CHANNEL", id: config.DIGEST_CHANNEL }]
                  : [],
              },
            },
          }
        : {}),
      ...(wanted("aws")
        ? {
            aws: {
              port: awsDoctorPort(
                options.awsEndpoints,
                config.APP_TABLE_NAME ? tableClient(tableLocationOf(config)) : undefined,
              ),
              inputs: {
                runningIn: options.runningIn,
                ...(config.APP_SECRET_ARN ? { secretArn: config.APP_SECRET_ARN } : {}),
                ...(config.WORKER_FUNCTION_NAME ? { workerFunctionName: config.WORKER_FUNCTION_NAME } : {}),
                ...(config.APP_TABLE_NAME ? { tableName: config.APP_TABLE_NAME } : {}),
              },
            },
          }
        : {}),
    });
}
