import { QueryError } from "./query-error";

/*
 * Parsers of query values. An absent or empty value means "no filter"; a malformed one is a QueryError
 * naming the parameter, as Nexudus answers 400 rather than silently ignoring it.
 */

const INT = /^-?\d{1,15}$/;
const MINUTE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?Z?$/;

/** An integer parameter, or undefined when absent/empty. */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === "") return undefined;
  if (!INT.test(raw.trim())) throw new QueryError(name, raw, `${name}: '${raw}' is not a valid integer.`);
  return Number(raw.trim());
}

/** A `true`/`false` parameter (case-insensitive), or undefined when absent/empty. */
export function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === "") return undefined;
  const v = raw.trim().toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  throw new QueryError(name, raw, `${name}: '${raw}' is not a valid boolean.`);
}

/** A string parameter lowered for case-insensitive matching, or undefined when absent/empty. */
export function textParam(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  return raw.toLowerCase();
}

/**
 * A `YYYY-MM-DDTHH:mm` parameter (seconds and `Z` tolerated, then truncated), as the epoch ms of the start
 * of that minute (UTC), or undefined when absent/empty.
 */
export function minuteParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === "") return undefined;
  const m = MINUTE.exec(raw.trim());
  if (!m) throw new QueryError(name, raw, `${name}: '${raw}' is not a valid date (YYYY-MM-DDTHH:mm).`);
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(ms);
  // Date.UTC rolls 2025-02-30 over into March; a real calendar date must round-trip.
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) {
    throw new QueryError(name, raw, `${name}: '${raw}' is not a valid date (YYYY-MM-DDTHH:mm).`);
  }
  return ms;
}

/** Epoch ms of a stored date value, or undefined when null/absent/unparseable. */
export function storedDateMs(value: unknown): number | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const hasZone = /(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(value);
  const ms = Date.parse(hasZone ? value : `${value}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}
