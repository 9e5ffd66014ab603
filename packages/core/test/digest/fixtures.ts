import type { Clock } from "@nwh/core/clock";
import type { Business, WebhookRecord } from "@nwh/core/nexudus";

/** The fixed "now" of the digest tests: 30 Nov 2026, 08:00 UTC. */
export const NOW = Date.UTC(2026, 10, 30, 8, 0, 0);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A clock that only moves when told to. */
export function fixedClock(at = NOW): Clock & { advance(ms: number): void } {
  let t = at;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** Nexudus's date format: ISO 8601 with `Z`, no milliseconds. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

let nextId = 1000;

/** A webhook record as Nexudus lists it; healthy unless overridden. */
export function webhook(overrides: Partial<WebhookRecord> = {}): WebhookRecord {
  const id = overrides.Id ?? nextId++;
  return {
    Id: id,
    BusinessId: 1,
    Name: `Webhook ${id}`,
    Action: 6,
    URL: `https://hooks.example.com/${id}`,
    Active: true,
    ErrorCount: 0,
    LastError: null,
    LastTrigger: iso(NOW - 2 * HOUR),
    CreatedOn: iso(NOW - 90 * DAY),
    UpdatedOn: iso(NOW - 10 * DAY),
    UpdatedBy: "admin@example.com",
    UniqueId: `00000000-0000-4000-8000-${String(id).padStart(12, "0")}`,
    Description: null,
    ...overrides,
  };
}

/** A location record. */
export function business(id: number, name: string): Business {
  return { Id: id, Name: name, SimpleTimeZoneId: null, RootLocationId: null };
}
