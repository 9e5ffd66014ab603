import type { Business } from "../nexudus/schemas";
import { editDistance, typoTolerance } from "./edit-distance";
import { foldText } from "./fold-text";
import { code } from "./mrkdwn";
import type { ExcludeTerm, LocationRef, QueryError, SearchQuery } from "./query-types";

/** Looks locations up by (part of) their name; may return more than the matches, or every location. */
export type LocationLookup = (name: string) => Promise<readonly Business[]>;

/** Whether the query names a location that `resolveLocations` must turn into an id. */
export function needsLocationLookup(query: SearchQuery): boolean {
  if (query.location && "name" in query.location) return true;
  return (query.exclude ?? []).some((e) => e.field === "location" && "name" in e.location);
}

const MAX_LISTED = 5;

type Resolution = { ok: true; id: number } | { ok: false; error: QueryError };

function resolveOne(name: string, term: string, businesses: readonly Business[]): Resolution {
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
    const suggestions = listed.map((b) =>
      sameNames ? `location:${b.Id}` : `location:"${b.Name.replace(/"/g, "")}"`,
    );
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
    .slice(0, 3);
  const hint = near.length > 0 ? ` Did you mean ${near.map((x) => code(x.b.Name)).join(" or ")}?` : "";
  return {
    ok: false,
    error: {
      term,
      message: `No location is called ${code(name)}.${hint}`,
      suggestions: near.map((x) => `location:"${x.b.Name.replace(/"/g, "")}"`),
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
  const names = new Map<string, Promise<readonly Business[]>>();
  const lookUp = (name: string) => {
    const key = foldText(name);
    let found = names.get(key);
    if (!found) {
      found = lookup(name);
      names.set(key, found);
    }
    return found;
  };
  const errors: QueryError[] = [];
  const resolve = async (ref: LocationRef, term: string): Promise<LocationRef> => {
    if ("id" in ref) return ref;
    const r = resolveOne(ref.name, term, await lookUp(ref.name));
    if (r.ok) return { id: r.id };
    if (!errors.some((e) => e.message === r.error.message)) errors.push(r.error);
    return ref;
  };
  const resolved: SearchQuery = { ...query };
  const [location, exclude] = await Promise.all([
    query.location ? resolve(query.location, `location:${nameOf(query.location)}`) : undefined,
    Promise.all(
      (query.exclude ?? []).map(
        async (e): Promise<ExcludeTerm> =>
          e.field === "location"
            ? { field: "location", location: await resolve(e.location, `-location:${nameOf(e.location)}`) }
            : e,
      ),
    ),
  ]);
  if (errors.length > 0) return { ok: false, errors };
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

function nameOf(ref: LocationRef): string {
  return "id" in ref ? String(ref.id) : ref.name;
}
