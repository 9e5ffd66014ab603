import type { LocationNames } from "../blocks/models";
import type { NexudusClient } from "../nexudus/client-types";
import type { WebhookListRecord } from "../nexudus/schemas";
import { locationNamesOf } from "./group-by-location";

/** What a digest is built from: the webhooks in trouble, the location names, and what could not be read. */
export interface DigestData {
  /** Every failing webhook (`ErrorCount` ≥ the threshold) and every disabled one; a record may appear twice. */
  records: readonly WebhookListRecord[];
  locations: LocationNames;
  /** Records Nexudus sent that could not be read. */
  skipped: number;
}

/** Reads the digest's data; a run's digests share one (see `nexudusDigestSource`). */
export type DigestSource = () => Promise<DigestData>;

const PAGE_SIZE = 1000;

/**
 * The digest's data from Nexudus, read once however many digests ask: every page of failing webhooks, then
 * of disabled ones (one walk after another: a failure stops before the next walk spends the rate budget),
 * then the locations. A failure is kept too, so that the digests of one run fail together and Nexudus is
 * not asked again for each.
 */
export function nexudusDigestSource(client: NexudusClient, minErrors: number): DigestSource {
  let pending: Promise<DigestData> | undefined;
  return () => {
    pending ??= (async () => {
      const min = Math.max(1, Math.floor(minErrors));
      const failing = await client.searchAllWebhooks(
        { from_WebHook_ErrorCount: String(min) },
        { pageSize: PAGE_SIZE },
      );
      const disabled = await client.searchAllWebhooks({ WebHook_Active: "false" }, { pageSize: PAGE_SIZE });
      const businesses = await client.listAllBusinesses();
      return {
        records: [...failing.records, ...disabled.records],
        locations: locationNamesOf(businesses),
        skipped: failing.skipped + disabled.skipped,
      };
    })();
    return pending;
  };
}
