import { type WatchStanding, watchStandingOf } from "../alerts/incident-lists";
import type { ServiceDeps } from "./service-types";

/**
 * Where the watch stands, from its state in the table (one read, no Nexudus request); `undefined` when
 * that cannot be read (the list is then said as before, without it).
 */
export async function standingOf(
  alerts: NonNullable<ServiceDeps["alerts"]>,
): Promise<WatchStanding | undefined> {
  try {
    return watchStandingOf(await alerts.store.watchState(), alerts.config);
  } catch {
    return undefined;
  }
}
