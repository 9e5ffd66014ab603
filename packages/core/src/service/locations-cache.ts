import type { LocationNames } from "../blocks/models";
import type { Clock } from "../clock";
import type { CallOptions, NexudusClient } from "../nexudus/client-types";
import type { Business } from "../nexudus/schemas";
import { TIMING } from "../time/timing";

/** The account's locations, read through `/sys/businesses` and kept a few minutes. */
export interface LocationsCache {
  /** Every location (all pages), from the cache while it is fresh. */
  list(options?: CallOptions): Promise<readonly Business[]>;
  /** Location id → name. */
  names(options?: CallOptions): Promise<LocationNames>;
  /** Forgets what was read (the next call reads again). */
  clear(): void;
}

/** How long the locations read are kept (see `TIMING.locationsTtlMs`). */
export const DEFAULT_LOCATIONS_TTL_MS = TIMING.locationsTtlMs;

/**
 * A cache of `listAllBusinesses`, fresh for `ttlMs` on the injected clock. A failed read is not cached.
 * Lives as long as the Lambda environment (one per process).
 */
export function createLocationsCache(options: {
  client: NexudusClient;
  clock: Clock;
  ttlMs?: number;
}): LocationsCache {
  const ttlMs = options.ttlMs ?? DEFAULT_LOCATIONS_TTL_MS;
  let cached: { at: number; list: readonly Business[]; names: LocationNames } | undefined;

  async function load(call?: CallOptions) {
    const now = options.clock.now();
    if (cached && now - cached.at < ttlMs && now >= cached.at) return cached;
    const list = await options.client.listAllBusinesses(call);
    cached = { at: options.clock.now(), list, names: new Map(list.map((b) => [b.Id, b.Name])) };
    return cached;
  }

  return {
    list: async (call) => (await load(call)).list,
    names: async (call) => (await load(call)).names,
    clear: () => {
      cached = undefined;
    },
  };
}
