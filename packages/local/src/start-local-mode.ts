import type { DigestRunResult } from "@nwh/core/digest";
import type { WorkerJob } from "@nwh/functions";
import { blockKitBuilderUrl } from "./block-kit-builder-url";
import { importDigestHandler, importSlackHandlers } from "./import-handlers";
import { createInProcessDispatcher, type InProcessDispatcher } from "./in-process-dispatcher";
import { createLinkStore } from "./link-store";
import { type LocalConfig, resolveLocalConfig } from "./resolve-local-config";
import { type LocalServer, startLocalServer } from "./start-local-server";
import { stripControlCharacters } from "./strip-control-characters";

/** Local mode, running: the configuration, the endpoint, the worker's dispatcher and the digest. */
export interface LocalMode {
  config: LocalConfig;
  server: LocalServer;
  dispatcher: InProcessDispatcher<WorkerJob>;
  /** A short local link (`…/kit/<id>`) that redirects to the message in Block Kit Builder. */
  builderLink(message: { text?: string; blocks?: unknown[] }): string;
  /** Runs the digest handler once. */
  runDigest(): Promise<DigestRunResult>;
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
 * Starts local mode: resolves the configuration (embedding what is not configured), puts it into
 * `process.env` (the handlers read their configuration from there when they load, once per process), installs
 * the in-process dispatcher, and serves the same slack handler as Lambda on loopback.
 * Throws with a readable message, naming the configuration key, when something cannot start.
 */
export async function startLocalMode(
  env: NodeJS.ProcessEnv = process.env,
  options: LocalModeOptions = {},
): Promise<LocalMode> {
  const log = options.log ?? ((line: string) => console.error(line));
  const config = await resolveLocalConfig(env);
  let dispatcher: InProcessDispatcher<WorkerJob> | undefined;
  try {
    if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
      throw new Error("Invalid configuration: PORT must be a whole number from 0 to 65535");
    }
    Object.assign(process.env, config.env);
    const handlers = await importSlackHandlers(({ worker, setDispatcher }) => {
      dispatcher = createInProcessDispatcher(worker, (error) =>
        log(`local mode: a worker job failed: ${describe(error)}`),
      );
      setDispatcher(dispatcher);
    });
    const links = createLinkStore();
    const server = await startLocalServer({
      handler: handlers.slack,
      links,
      port: config.port,
      onError: (error) => log(`local mode: the slack handler failed: ${describe(error)}`),
    });
    const jobs = dispatcher!;
    let closing: Promise<void> | undefined;
    return {
      config,
      server,
      dispatcher: jobs,
      builderLink: (message) => `${server.url}/kit/${links.add(blockKitBuilderUrl(message))}`,
      runDigest: async () => (await importDigestHandler())(),
      close() {
        closing ??= (async () => {
          await server.close();
          await jobs.drain();
          await config.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await dispatcher?.drain();
    await config.close();
    throw error;
  }
}
