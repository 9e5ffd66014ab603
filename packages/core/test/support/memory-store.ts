import { type AlertStore, guardHolds, type Incident, type Mute, type WatchState } from "@nwh/core/alerts";
import type { Clock } from "@nwh/core/clock";
import type { AppStore, Leases, Marks, Values, VersionedCell } from "@nwh/core/store";

/*
 * In-memory stand-ins for the table's ports, for core's own tests (the functions package and local mode
 * test the real adapter against dynalite). Same rules: expiry on the injected clock, take-over after it.
 */

/** Leases held in this process only. */
export function memoryLeases(clock: Clock): Leases {
  const held = new Map<string, { until: number; token: symbol }>();
  return {
    async acquire(key, ttlMs) {
      const now = clock.now();
      const current = held.get(key);
      if (current && current.until > now) return undefined;
      const token = Symbol(key);
      held.set(key, { until: now + ttlMs, token });
      return async () => {
        if (held.get(key)?.token === token) held.delete(key);
      };
    },
  };
}

/** Marks held in this process only. */
export function memoryMarks(clock: Clock): Marks {
  const marks = new Map<string, { until: number; note?: string }>();
  return {
    async mark(key, ttlMs, note) {
      const now = clock.now();
      if ((marks.get(key)?.until ?? 0) > now) return false;
      marks.set(key, { until: now + ttlMs, ...(note !== undefined ? { note } : {}) });
      return true;
    },
    async read(key) {
      const mark = marks.get(key);
      if (!mark || mark.until <= clock.now()) return undefined;
      return mark.note !== undefined ? { note: mark.note } : {};
    },
  };
}

/** Values held in this process only. */
export function memoryValues(clock: Clock): Values {
  const values = new Map<string, { until: number; value: unknown }>();
  return {
    async get(key) {
      const held = values.get(key);
      return held && held.until > clock.now() ? structuredClone(held.value) : undefined;
    },
    async put(key, value, ttlMs) {
      values.set(key, { until: clock.now() + ttlMs, value: structuredClone(value) });
    },
    async remove(key) {
      values.delete(key);
    },
  };
}

/** Versioned cells in this process only: a write holds only against the version read. */
export function memoryCells(clock: Clock): (key: string) => VersionedCell {
  const cells = new Map<string, { value: string; version: number; until: number }>();
  const live = (key: string) => {
    const stored = cells.get(key);
    return stored && stored.until > clock.now() ? stored : undefined;
  };
  return (key) => ({
    async read() {
      const stored = live(key);
      return stored ? { value: stored.value, version: stored.version } : undefined;
    },
    async write(value, expected, ttlMs) {
      if (live(key)?.version !== expected) return false;
      cells.set(key, { value, version: (expected ?? 0) + 1, until: clock.now() + ttlMs });
      return true;
    },
  });
}

/** A whole store in memory. */
export function memoryStore(clock: Clock): AppStore {
  return {
    leases: memoryLeases(clock),
    marks: memoryMarks(clock),
    values: memoryValues(clock),
    cell: memoryCells(clock),
  };
}

/** The watch's state in memory (incidents with versions, mutes, the watch's own state). */
export function memoryAlertStore(): AlertStore {
  const incidents = new Map<string, Incident>();
  const mutes = new Map<number, Mute>();
  let watch: WatchState = { failures: 0, folds: {} };
  const copy = <T>(value: T): T => structuredClone(value);
  return {
    async openIncidents() {
      return [...incidents.values()].filter((i) => i.closedAt === undefined).map(copy);
    },
    async incident(id) {
      const found = incidents.get(id);
      return found ? copy(found) : undefined;
    },
    async saveIncident(incident) {
      const current = incidents.get(incident.id);
      if ((current?.version ?? 0) !== incident.version) return undefined;
      const version = incident.version + 1;
      incidents.set(incident.id, {
        ...copy(incident),
        flags: current?.flags ?? copy(incident.flags),
        version,
      });
      return version;
    },
    async setFlags(id, flags, guard) {
      const current = incidents.get(id);
      if (!current) return { status: "missing" };
      if (current.closedAt !== undefined) return { status: "closed", incident: copy(current) };
      if (!guardHolds(current.flags, flags, guard)) return { status: "unchanged", incident: copy(current) };
      current.flags = { ...current.flags, ...copy(flags) };
      return { status: "written", incident: copy(current) };
    },
    async mutes() {
      return [...mutes.values()].map(copy);
    },
    async mute(mute) {
      if (mutes.has(mute.webhookId)) return false;
      mutes.set(mute.webhookId, copy(mute));
      return true;
    },
    async unmute(webhookId) {
      return mutes.delete(webhookId);
    },
    async watchState() {
      return copy(watch);
    },
    async saveWatchState(state) {
      watch = copy(state);
    },
  };
}
