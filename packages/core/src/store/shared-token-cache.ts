import type { Clock } from "../clock";
import type { Sleep, StoredToken, TokenCache } from "../nexudus/client-types";
import { TIMING } from "../time/timing";
import type { Leases } from "./leases";
import type { Values } from "./values";

function isStoredToken(value: unknown): value is StoredToken {
  const v = value as Partial<StoredToken> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.access === "string" &&
    typeof v.renewAt === "number" &&
    (v.refresh === undefined || typeof v.refresh === "string")
  );
}

/**
 * One Nexudus token for every Lambda environment, kept in the table. Each new token Nexudus issues for a
 * `client_id` invalidates that user's earlier refresh tokens, so environments that each logged in would
 * rotate each other's tokens away; sharing one avoids it. Getting a new token is single-flight across
 * environments through a lease: the others wait for the token it stores (a different one from what they
 * had) and use it. Should the holder die, the waiters get their own when the lease has run out.
 */
export function sharedTokenCache(options: {
  values: Values;
  leases: Leases;
  /** The item of this API user (never the username itself: see `tokenKeyOf`). */
  key: string;
  clock: Clock;
  sleep: Sleep;
}): TokenCache {
  const { values, leases, key, clock, sleep } = options;
  const cache: TokenCache = {
    async get() {
      const value = await values.get(key);
      return isStoredToken(value) ? value : undefined;
    },
    async put(token) {
      if (token) await values.put(key, { ...token }, TIMING.sharedTokenKeepMs);
      else await values.remove(key);
    },
    async singleFlight(obtain, replaces) {
      // Another environment may have stored a new token since this one found its own wanting.
      const newer = async () => {
        const stored = await cache.get();
        return stored && stored.access !== replaces && clock.now() < stored.renewAt ? stored : undefined;
      };
      // The look and the lease together: one table round trip before the token request, not two.
      const [already, release] = await Promise.all([
        newer(),
        leases.acquire(`${key}:renewal`, TIMING.tokenRenewalLeaseMs),
      ]);
      if (already) {
        if (release) void release().catch(() => {});
        return already;
      }
      if (release) {
        let token: StoredToken;
        try {
          token = await obtain();
        } catch (error) {
          await release().catch(() => {});
          throw error;
        }
        // Stored before the lease is given back, so that a waiter finds it. The caller does not wait for
        // either write: its requests (hundreds of ms) outlast them, and should the write fail, the next
        // environment only gets a token of its own.
        void cache
          .put(token)
          .finally(release)
          .catch(() => {});
        return token;
      }
      // Waits for the holder's token, by the lease's own time (counted in polls, so a stopped clock ends too).
      for (let polls = Math.ceil(TIMING.tokenRenewalLeaseMs / TIMING.leasePollMs); polls > 0; polls--) {
        await sleep(TIMING.leasePollMs);
        const stored = await newer();
        if (stored) return stored;
      }
      const token = await obtain();
      await cache.put(token);
      return token;
    },
  };
  return cache;
}
