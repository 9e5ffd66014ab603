import type { WatchRunResult } from "@nwh/core/alerts";
import type { DigestRunResult } from "@nwh/core/digest";
import type { CheckArea, DoctorReport } from "@nwh/core/doctor";
import type { Interaction } from "@nwh/core/interaction";
import { slackErrorOf } from "@nwh/core/slack";
import { createDoctorRunner, createSocketModeApp, type SocketModeApp } from "@nwh/functions";
import { blockKitBuilderUrl } from "./block-kit-builder-url";
import { buildLocalHandlers, type LocalHandlers } from "./build-local-handlers";
import type { InProcessDispatcher } from "./in-process-dispatcher";
import { createLinkStore } from "./link-store";
import { type LocalConfig, resolveLocalConfig } from "./resolve-local-config";
import { type LocalServer, startLocalServer } from "./start-local-server";
import { stripControlCharacters } from "./strip-control-characters";

/** Local mode, running: the configuration, the endpoint, the worker's dispatcher and the digest. */
export interface LocalMode {
  config: LocalConfig;
  server: LocalServer;
  dispatcher: InProcessDispatcher<Interaction>;
  /** A short local link (`…/kit/<id>`) that redirects to the message in Block Kit Builder. */
  builderLink(message: { text?: string; blocks?: unknown[] }): string;
  /** Runs the digest handler once. */
  runDigest(): Promise<DigestRunResult>;
  /** Runs the watch handler once (one poll). */
  runWatch(): Promise<WatchRunResult>;
  /** Connected to Slack through Socket Mode (`SLACK_APP_TOKEN`). */
  socketMode: boolean;
  /**
   * The setup check of what is not embedded (a real Nexudus, a real Slack), as `npm run doctor` runs it;
   * `undefined` when everything is embedded.
   */
  checkSetup(): Promise<DoctorReport | undefined>;
  /** Stops serving, lets running jobs finish, closes the embedded emulator and stub. */
  close(): Promise<void>;
}

export interface LocalModeOptions {
  /** Where handler and job failures are reported (messages only, control characters removed). */
  log?: (line: string) => void;
}

const describe = (error: unknown) =>
  stripControlCharacters(error instanceof Error ? error.message : String(error));

/**
 * Starts local mode: resolves the configuration (embedding what is not configured), builds the same
 * handlers as Lambda with the in-process worker, and serves the slack handler on loopback. Throws with a
 * readable message, naming the configuration key, when something cannot start.
 */
export async function startLocalMode(
  env: NodeJS.ProcessEnv = process.env,
  options: LocalModeOptions = {},
): Promise<LocalMode> {
  const log = options.log ?? ((line: string) => console.error(line));
  const config = await resolveLocalConfig(env);
  let handlers: LocalHandlers | undefined;
  let socket: SocketModeApp | undefined;
  try {
    if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
      throw new Error("Invalid configuration: PORT must be a whole number from 0 to 65535");
    }
    handlers = buildLocalHandlers(
      config.env,
      env,
      (error) => log(`local mode: a worker job failed: ${describe(error)}`),
      { embeddedSlack: config.slackStub !== undefined },
    );
    const appToken = handlers.config.SLACK_APP_TOKEN;
    if (appToken) {
      const app = createSocketModeApp(handlers.deps, { appToken });
      await app.start().catch(async (error: unknown) => {
        await app.stop().catch(() => {});
        throw new Error(`Socket Mode could not connect (SLACK_APP_TOKEN): ${slackError(error)}`);
      });
      socket = app;
    }
    const links = createLinkStore();
    const server = await startLocalServer({
      handler: handlers.slack,
      links,
      port: config.port,
      onError: (error) => log(`local mode: the slack handler failed: ${describe(error)}`),
    });
    const { dispatcher, digest, watch } = handlers;
    const areas: CheckArea[] = [
      ...(config.emulator ? [] : (["nexudus"] as const)),
      ...(config.slackStub ? [] : (["slack"] as const)),
    ];
    const parsed = handlers.config;
    let closing: Promise<void> | undefined;
    return {
      config,
      server,
      dispatcher,
      socketMode: socket !== undefined,
      builderLink: (message) => `${server.url}/kit/${links.add(blockKitBuilderUrl(message))}`,
      runDigest: () => digest(),
      runWatch: () => watch(),
      checkSetup: async () =>
        areas.length === 0 ? undefined : createDoctorRunner(parsed, { runningIn: "outside", areas })(),
      close() {
        closing ??= (async () => {
          await socket?.stop();
          await server.close();
          await dispatcher.drain();
          await config.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await socket?.stop();
    await handlers?.dispatcher.drain();
    await config.close();
    throw error;
  }
}

/** Slack's error code from a failed connection (`invalid_auth`), never the error's whole text. */
function slackError(error: unknown): string {
  const slack = slackErrorOf(error);
  if (slack !== undefined) return slack;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : error instanceof Error ? error.name : "unknown error";
}
