import type { Viewer } from "../blocks/models";
import type { Clock } from "../clock";
import type { NexudusClient } from "../nexudus/client-types";
import type { LocationsCache } from "./locations-cache";

/** The configuration the service needs (from `DIGEST_TIMEZONE`, `DIGEST_MIN_ERRORS`, `NEXUDUS_USERNAME`). */
export interface ServiceConfig {
  /** IANA zone in which typed dates are wall-clock times. */
  timeZone: string;
  /** `ErrorCount` from which a webhook counts as failing. */
  minErrors: number;
  /**
   * The bot's own Nexudus user (`NEXUDUS_USERNAME`): a webhook whose `UpdatedBy` is this user was paused by
   * the bot, and says "paused by this bot". Absent: the `UpdatedBy` name is shown as it is.
   */
  botUser?: string;
}

/** Everything the service does I/O or reads time through. */
export interface ServiceDeps {
  client: NexudusClient;
  clock: Clock;
  config: ServiceConfig;
  locations: LocationsCache;
}

/** Per-request options: who is asking, and how long the answer may take. */
export interface ExecuteOptions {
  viewer: Viewer;
  /** Epoch ms on `deps.clock` by which every Nexudus call must end. */
  deadline?: number;
  signal?: AbortSignal;
  /**
   * Errors for which this returns true are thrown instead of becoming messages. The slack function passes
   * `isOutOfTime` so that a search that cannot finish within its budget goes to the worker instead of
   * answering "Nexudus did not answer in time".
   */
  rethrow?: (error: unknown) => boolean;
  /**
   * Called just before a Pause/Resume sends its write. The slack function hands a click that then runs
   * out of time to the worker saying so (`writeStarted`): the write may have landed unconfirmed.
   */
  onWriteStart?: () => void;
}
