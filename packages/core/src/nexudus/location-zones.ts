import type { Clock } from "../clock";
import type { CallOptions, NexudusLogger } from "./client-types";
import { NexudusAbortedError, NexudusError, NexudusTimeoutError } from "./errors";
import type { Business, SimpleTimeZone } from "./schemas";
import { singleFlight } from "./single-flight";
import { ianaZoneOfWindowsId } from "./windows-zones";

/** Location id → the IANA zone its dates are written in. */
export type ZoneOf = (businessId: number) => string;

/** What the zone directory reads through the client. */
export interface ZoneSources {
  businesses(call: CallOptions): Promise<readonly Business[]>;
  /** `/sys/simpletimezones`; may fail (the user may lack SimpleTimeZone-List): then `fallback` is used. */
  timeZones(call: CallOptions): Promise<readonly SimpleTimeZone[]>;
}

/** Zones change less often than anything else in an account. */
const ZONES_TTL_MS = 60 * 60_000;

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Each location's zone for `NEXUDUS_DATES=local`: its `SimpleTimeZoneId` names a `/sys/simpletimezones`
 * record whose `Name` is a Windows zone id, mapped to IANA by CLDR's table. A location whose zone cannot be
 * found this way (no id, an unknown name, no right to read the zones) uses `fallback` (`NEXUDUS_TIMEZONE`,
 * default UTC), and says so once in the log. Read once an hour; concurrent callers share one read.
 */
export function createZoneDirectory(options: {
  sources: ZoneSources;
  fallback: string;
  clock: Clock;
  logger?: NexudusLogger;
}): (call: CallOptions) => Promise<ZoneOf> {
  const { sources, fallback, clock, logger } = options;
  let cached: { at: number; zoneOf: ZoneOf } | undefined;
  const shared = singleFlight<ZoneOf>();
  const warned = new Set<string>();

  const warn = (message: string) => {
    if (warned.has(message)) return;
    warned.add(message);
    logger?.warn(message, { method: "GET", path: "/sys/simpletimezones", attempt: 1 });
  };

  async function load(call: CallOptions): Promise<ZoneOf> {
    const zonesRead = sources.timeZones(call).then(
      (zones) => zones,
      (error: unknown) => {
        if (error instanceof NexudusTimeoutError || error instanceof NexudusAbortedError) throw error;
        const code = error instanceof NexudusError ? error.code : "error";
        warn(`Nexudus time zones could not be read (${code}): locations' dates are read in ${fallback}`);
        return [] as readonly SimpleTimeZone[];
      },
    );
    const [businesses, zones] = await Promise.all([sources.businesses(call), zonesRead]);
    const byZoneId = new Map<number, string>();
    for (const zone of zones) {
      const iana = zone.Name ? ianaZoneOfWindowsId(zone.Name) : undefined;
      if (iana && isValidZone(iana)) byZoneId.set(zone.Id, iana);
    }
    const byBusiness = new Map<number, string>();
    for (const business of businesses) {
      const id = business.SimpleTimeZoneId;
      const iana = typeof id === "number" ? byZoneId.get(id) : undefined;
      if (iana) byBusiness.set(business.Id, iana);
      else if (zones.length > 0)
        warn(
          `A location's Nexudus time zone (id ${id ?? "none"}) has no IANA name: its dates are read in ${fallback}`,
        );
    }
    return (businessId) => byBusiness.get(businessId) ?? fallback;
  }

  return async (call) => {
    const now = clock.now();
    if (cached && now - cached.at < ZONES_TTL_MS && now >= cached.at) return cached.zoneOf;
    return shared(() =>
      load(call).then((zoneOf) => {
        cached = { at: clock.now(), zoneOf };
        return zoneOf;
      }),
    );
  };
}
