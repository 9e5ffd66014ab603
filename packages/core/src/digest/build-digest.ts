import type { LocationNames } from "../blocks/models";
import type { WebhookListRecord } from "../nexudus/schemas";
import { type ClassifyOptions, classifyWebhooks, type DigestItem } from "./classify-webhooks";
import { groupByLocation, type LocationGroup } from "./group-by-location";

/** The digest's headline numbers. */
export interface DigestCounts {
  /** Switched off by Nexudus after 10 failures (Active=false, ErrorCount≥10). */
  disabled: number;
  /** Switched off by a person or an API client, with errors (Active=false, ErrorCount 1–9). */
  paused: number;
  /** Active with ErrorCount ≥ minErrors. */
  failing: number;
  /** Failing since yesterday (a subset of `failing`). */
  new: number;
  /** Never delivered successfully (disabled, paused or failing). */
  neverDelivered: number;
  /** Locations with at least one webhook in the digest. */
  locations: number;
}

/** What the digest reports: every webhook in trouble, in severity order, and the same grouped by location. */
export interface Digest {
  items: DigestItem[];
  groups: LocationGroup[];
  counts: DigestCounts;
  /** Records Nexudus sent that could not be read (said so in the digest: the list may be incomplete). */
  skipped: number;
}

/** Options of `buildDigest`: the classification's, and how many records could not be read. */
export interface BuildDigestOptions extends ClassifyOptions {
  skipped?: number;
}

/** Classifies, orders and groups webhook records into a digest. Records may repeat (deduplicated by `Id`). */
export function buildDigest(
  records: Iterable<WebhookListRecord>,
  locations: LocationNames,
  options: BuildDigestOptions,
): Digest {
  const items = classifyWebhooks(records, options);
  const groups = groupByLocation(items, locations);
  const counts: DigestCounts = {
    disabled: 0,
    paused: 0,
    failing: 0,
    new: 0,
    neverDelivered: 0,
    locations: groups.length,
  };
  for (const item of items) {
    counts[item.class] += 1;
    if (item.isNew) counts.new += 1;
    if (item.neverDelivered) counts.neverDelivered += 1;
  }
  return { items, groups, counts, skipped: Math.max(0, options.skipped ?? 0) };
}
