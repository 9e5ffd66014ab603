import type { Viewer } from "../blocks/models";
import type { Clock } from "../clock";
import type { DoctorRunner } from "../doctor/run-doctor";
import type { NexudusClient } from "../nexudus/client-types";
import type { Leases } from "../store/leases";
import type { Deadline } from "../time/deadline";
import type { LocationsCache } from "./locations-cache";
import type { IncidentDeps } from "./run-incident-click";

/**
 * The configuration the service needs (from `DIGEST_TIMEZONE`, `DIGEST_MIN_ERRORS`, `NEXUDUS_USERNAME`,
 * `NEXUDUS_DATES`).
 */
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
  /**
   * How Nexudus stores dates (`NEXUDUS_DATES`, default `utc`): with `local`, searches by date send a wider
   * range and check the exact one on each webhook, in its location's zone.
   */
  nexudusDates?: "utc" | "local";
}

/** Everything the service does I/O or reads time through. */
export interface ServiceDeps {
  client: NexudusClient;
  clock: Clock;
  config: ServiceConfig;
  locations: LocationsCache;
  /** Short leases that make a Pause/Resume single-flight per webhook (in memory, or in the table). */
  leases: Leases;
  /** Waits between looks at a held lease (a timer; virtual in tests). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** The incident messages' buttons (absent: they answer as outdated). */
  alerts?: IncidentDeps;
  /** The setup check (`/webhooks doctor`); absent where it cannot run. */
  doctor?: DoctorRunner;
}

/**
 * Per-request options: who is asking (rights were checked before: the viewer only decides which buttons
 * are drawn), and by when every Nexudus call must end.
 */
export interface ExecuteOptions {
  viewer: Viewer;
  deadline?: Deadline;
}
