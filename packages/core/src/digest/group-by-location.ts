import type { LocationNames } from "../blocks/models";
import type { Business } from "../nexudus/schemas";
import { compareSeverityRank, type DigestItem } from "./classify-webhooks";

/** The webhooks in trouble at one location, worst first. */
export interface LocationGroup {
  locationId: number;
  /** The location's name from `/sys/businesses`, or `Location #<id>` when Nexudus did not list it. Untrusted text. */
  name: string;
  items: DigestItem[];
  disabled: number;
  paused: number;
  failing: number;
}

/** Location id → name, from the businesses endpoint's records. */
export function locationNamesOf(businesses: Iterable<Business>): Map<number, string> {
  const names = new Map<number, string>();
  for (const b of businesses) names.set(b.Id, b.Name);
  return names;
}

/** The display name of a location: its Nexudus name, or `Location #<id>` for an id Nexudus did not list. */
export function locationName(id: number, locations: LocationNames): string {
  const name = locations.get(id)?.trim();
  return name ? name : `Location #${id}`;
}

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/**
 * Groups items (already in severity order) by location. Locations are ordered by their worst item (see
 * `compareSeverityRank`), then by name, then by id; inside a location the input order is kept.
 */
export function groupByLocation(items: readonly DigestItem[], locations: LocationNames): LocationGroup[] {
  const groups = new Map<number, LocationGroup>();
  for (const item of items) {
    const id = item.record.BusinessId;
    let group = groups.get(id);
    if (!group) {
      group = {
        locationId: id,
        name: locationName(id, locations),
        items: [],
        disabled: 0,
        paused: 0,
        failing: 0,
      };
      groups.set(id, group);
    }
    group.items.push(item);
    group[item.class] += 1;
  }
  // The first item of each group is its worst, because the input is in severity order.
  return [...groups.values()].sort(
    (a, b) =>
      compareSeverityRank(a.items[0]!, b.items[0]!) ||
      collator.compare(a.name, b.name) ||
      a.locationId - b.locationId,
  );
}
