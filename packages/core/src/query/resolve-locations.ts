import type { Business } from "../nexudus/schemas";
import { editDistance, typoTolerance } from "./edit-distance";
import { foldText } from "./fold-text";
import { code } from "./mrkdwn";
import type { ExcludeTerm, LocationRef, QueryError, SearchQuery } from "./query-types";

/** Looks locations up by (part of) their name; may return more than the matches, or every location. */
export type LocationLookup = (name: string) => Promise<readonly Business[]>;

/** Thrown when a query still names a location that `resolveLocations` has not turned into an id. */
export class UnresolvedLocationError extends Error {
  override name = "UnresolvedLocationError";
  readonly code = "unresolved-location";
  constructor(readonly locationName: string) {
    super(`Location "${locationName}" must be resolved with resolveLocations before planning the search`);
  }
}

/** The location refs of a query with the term each came from: `location:` and every `-location:`. */
function locationRefs(query: SearchQuery): { ref: LocationRef; term: string }[] {
  const refs = query.location ? [{ ref: query.location, term: `location:${nameOf(query.location)}` }] : [];
  for (const e of query.exclude ?? []) {
    if (e.field === "location") refs.push({ ref: e.value, term: `-location:${nameOf(e.value)}` });
  }
  return refs;
}

/** Whether the query names a location that `resolveLocations` must turn into an id. */
export function needsLocationLookup(query: SearchQuery): boolean {
  return locationRefs(query).some(({ ref }) => "name" in ref);
}

/** Whether the query names any location, by id or by name (ids are checked against the account). */
export function mentionsLocation(query: SearchQuery): boolean {
  return locationRefs(query).length > 0;
}

const MAX_LISTED = 5;
const MAX_NEAREST = 3;

type Resolution = { ok: true; id: number } | { ok: false; error: QueryError };

function quotedName(b: Business): string {
  return `location:"${b.Name.replace(/"/g, "")}"`;
}

function resolveName(name: string, term: string, businesses: readonly Business[]): Resolution {
  const wanted = foldText(name);
  const folded = businesses.map((b) => ({ b, name: foldText(b.Name) }));
  const exact = folded.filter((f) => f.name === wanted);
  const matches = exact.length > 0 ? exact : folded.filter((f) => f.name.includes(wanted));
  const unique = [...new Map(matches.map((m) => [m.b.Id, m.b])).values()];
  if (unique.length === 1) return { ok: true, id: unique[0]!.Id };
  if (unique.length > 1) {
    const listed = unique.slice(0, MAX_LISTED);
    const more = unique.length > listed.length ? ` and ${unique.length - listed.length} more` : "";
    const sameNames = new Set(listed.map((b) => foldText(b.Name))).size < listed.length;
    // Two locations with one name can only be told apart by id.
    const suggestions = listed.map((b) => (sameNames ? `location:${b.Id}` : quotedName(b)));
    return {
      ok: false,
      error: {
        term,
        message: `${code(term)} matches several locations: ${listed.map((b) => `${code(b.Name)} (${b.Id})`).join(", ")}${more}. Give the full name or the id.`,
        suggestions,
        code: "ambiguous-location",
      },
    };
  }
  const max = typoTolerance(wanted.length) + 1;
  const near = folded
    .map((f) => ({
      b: f.b,
      d: Math.min(
        editDistance(wanted, f.name, max),
        ...f.name.split(" ").map((w) => editDistance(wanted, w, max)),
      ),
    }))
    .filter((x) => x.d <= max)
    .sort((x, y) => x.d - y.d || x.b.Id - y.b.Id)
    .slice(0, MAX_NEAREST);
  const hint = near.length > 0 ? ` Did you mean ${near.map((x) => code(x.b.Name)).join(" or ")}?` : "";
  return {
    ok: false,
    error: {
      term,
      message: `No location is called ${code(name)}.${hint}`,
      suggestions: near.map((x) => quotedName(x.b)),
      code: "unknown-location",
    },
  };
}

/**
 * Turns location names (in `location:` and `-location:`) into ids. An exact name (ignoring case and
 * accents) wins; else a single location whose name contains the text; several → an error listing up to
 * five; none → an error with the nearest names. Calls `lookup` once per distinct name; its failures
 * propagate.
 */
export async function resolveLocations(
  query: SearchQuery,
  lookup: LocationLookup,
): Promise<{ ok: true; query: SearchQuery } | { ok: false; errors: QueryError[] }> {
  if (!needsLocationLookup(query)) return { ok: true, query };
  const lists = new Map<string, Promise<readonly Business[]>>();
  const listFor = (name: string) => {
    const key = foldText(name);
    let found = lists.get(key);
    if (!found) {
      found = lookup(name);
      lists.set(key, found);
    }
    return found;
  };
  const errors: QueryError[] = [];
  const resolve = async (ref: LocationRef, term: string): Promise<LocationRef> => {
    if ("id" in ref) return ref;
    const r = resolveName(ref.name, term, await listFor(ref.name));
    if (r.ok) return { id: r.id };
    if (!errors.some((e) => e.message === r.error.message)) errors.push(r.error);
    return ref;
  };
  const [location, exclude] = await Promise.all([
    query.location ? resolve(query.location, `location:${nameOf(query.location)}`) : undefined,
    Promise.all(
      (query.exclude ?? []).map(
        async (e): Promise<ExcludeTerm> =>
          e.field === "location"
            ? { field: "location", value: await resolve(e.value, `-location:${nameOf(e.value)}`) }
            : e,
      ),
    ),
  ]);
  if (errors.length > 0) return { ok: false, errors };
  const resolved: SearchQuery = { ...query };
  if (location) resolved.location = location;
  if (query.exclude) {
    const seen = new Set<string>();
    resolved.exclude = exclude.filter((e) => {
      const key = JSON.stringify(e);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  return { ok: true, query: resolved };
}

/**
 * The ids no location of the account has (a mistyped id would otherwise answer "no webhooks match"),
 * each with the nearest locations by id. An empty list checks nothing: without one, an id stands.
 */
export function unknownLocationIds(query: SearchQuery, businesses: readonly Business[]): QueryError[] {
  if (businesses.length === 0) return [];
  const errors: QueryError[] = [];
  for (const { ref, term } of locationRefs(query)) {
    if (!("id" in ref) || businesses.some((b) => b.Id === ref.id)) continue;
    const error = unknownId(ref.id, term, businesses);
    if (!errors.some((e) => e.message === error.message)) errors.push(error);
  }
  return errors;
}

function unknownId(id: number, term: string, businesses: readonly Business[]): QueryError {
  const digits = String(id);
  const nearest = businesses
    .map((b) => ({ b, d: editDistance(digits, String(b.Id)), gap: Math.abs(b.Id - id) }))
    .sort((x, y) => x.d - y.d || x.gap - y.gap || x.b.Id - y.b.Id)
    .slice(0, MAX_NEAREST)
    .map((x) => x.b);
  const listed = nearest.map((b) => `${code(b.Name)} (${b.Id})`);
  const or =
    listed.length > 1 ? `${listed.slice(0, -1).join(", ")} or ${listed[listed.length - 1]}` : listed[0];
  return {
    term,
    message: `No location has the id ${id}. Did you mean ${or}?`,
    suggestions: nearest.map((b) => `location:${b.Id}`),
    code: "unknown-location",
  };
}

function nameOf(ref: LocationRef): string {
  return "id" in ref ? String(ref.id) : ref.name;
}
