import type { LocationNames } from "../blocks/models";
import type { Clock } from "../clock";
import type { CallOptions, NexudusClient } from "../nexudus/client-types";
import { type Business, BusinessSchema } from "../nexudus/schemas";
import { singleFlight } from "../nexudus/single-flight";
import type { Values } from "../store/values";
import { TIMING } from "../time/timing";
import * as z from "../zod-mini";

/** The account's locations, read through `/sys/businesses` and kept a few minutes. */
export interface LocationsCache {
  /** Every location (all pages), from the cache while it is fresh. */
  list(options?: CallOptions): Promise<readonly Business[]>;
  /** Location id → name. */
  names(options?: CallOptions): Promise<LocationNames>;
  /** Forgets what was read (the next call reads Nexudus again, not the shared copy). */
  clear(): void;
}

/** How long the locations read are kept (see `TIMING.locationsTtlMs`). */
export const DEFAULT_LOCATIONS_TTL_MS = TIMING.locationsTtlMs;

/**
 * The largest list kept in the table, as JSON: a DynamoDB item holds at most 400 KB. A bigger account (a
 * few thousand locations) is simply read from Nexudus by each environment.
 */
export const MAX_SHARED_LOCATIONS_BYTES = 300_000;

/** The locations one environment read, for the others of the same API user (an item of the table). */
export interface SharedLocations {
  values: Values;
  /** The item of this API user (see `locationsKeyOf`). */
  key: string;
  /** A table that could not be read or written: told, then Nexudus is asked as if there were no copy. */
  onError?: (error: unknown) => void;
}

/** Another environment's clock may run a little ahead of this one's. */
const CLOCK_SKEW_MS = 1_000;

const StoredLocations = z.lazy(() => z.object({ at: z.number(), list: z.array(BusinessSchema) }));

/**
 * A cache of `listAllBusinesses`, fresh for `ttlMs` on the injected clock. A failed read is not cached.
 * Lives as long as the Lambda environment (one per process). With `shared`, a fresh environment takes
 * the copy another one stored while it is fresh (a table read, a few ms, instead of a Nexudus request
 * spaced 100 ms behind the search), and a list read from Nexudus is stored for the others.
 */
export function createLocationsCache(options: {
  client: NexudusClient;
  clock: Clock;
  ttlMs?: number;
  shared?: SharedLocations;
}): LocationsCache {
  const { clock, shared } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_LOCATIONS_TTL_MS;
  let cached: { at: number; list: readonly Business[]; names: LocationNames } | undefined;
  /** Cleared: the shared copy may be as stale as ours, so the next read goes to Nexudus. */
  let distrustShared = false;
  /** Read within `ttlMs` before `now` (or up to `skewMs` after it: another environment's clock). */
  const fresh = (at: number, now: number, skewMs = 0) => now - at < ttlMs && now >= at - skewMs;
  // Concurrent callers share one refill: one table read, one Nexudus walk, one copy written.
  const refilling = singleFlight<NonNullable<typeof cached>>();
  const keep = (at: number, list: readonly Business[]) => {
    cached = { at, list, names: new Map(list.map((b) => [b.Id, b.Name])) };
    return cached;
  };
  // The fields the bot reads, and no more: the same shape whether read from Nexudus or from the copy.
  const trimmed = (b: Business): Business => ({
    Id: b.Id,
    Name: b.Name,
    ...(b.SimpleTimeZoneId != null ? { SimpleTimeZoneId: b.SimpleTimeZoneId } : {}),
    ...(b.RootLocationId != null ? { RootLocationId: b.RootLocationId } : {}),
  });

  async function fromTable(now: number): Promise<{ at: number; list: Business[] } | undefined> {
    if (!shared || distrustShared) return undefined;
    try {
      const stored = StoredLocations.safeParse(await shared.values.get(shared.key));
      return stored.success && fresh(stored.data.at, now, CLOCK_SKEW_MS) ? stored.data : undefined;
    } catch (error) {
      shared.onError?.(error);
      return undefined;
    }
  }

  function toTable(at: number, list: readonly Business[]): void {
    if (!shared) return;
    const value = { at, list: [...list] };
    // Bytes, as DynamoDB counts them: names in other scripts take up to 3 bytes a character.
    if (new TextEncoder().encode(JSON.stringify(value)).length > MAX_SHARED_LOCATIONS_BYTES) return;
    // Not awaited: the answer does not wait for the copy, and a failed write only costs the others a read.
    shared.values.put(shared.key, value, ttlMs).catch((error: unknown) => shared.onError?.(error));
  }

  async function refill(now: number, call?: CallOptions) {
    const copy = await fromTable(now);
    if (copy) return keep(copy.at, copy.list);
    const list = (await options.client.listAllBusinesses(call)).map(trimmed);
    const at = clock.now();
    distrustShared = false;
    toTable(at, list);
    return keep(at, list);
  }

  async function load(call?: CallOptions) {
    const now = clock.now();
    if (cached && fresh(cached.at, now)) return cached;
    return refilling(() => refill(now, call));
  }

  return {
    list: async (call) => (await load(call)).list,
    names: async (call) => (await load(call)).names,
    clear: () => {
      cached = undefined;
      distrustShared = true;
    },
  };
}
