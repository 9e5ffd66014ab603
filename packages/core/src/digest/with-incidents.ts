import { type Incident, isSnoozed, openMembers } from "../alerts/incident-model";
import type { Digest } from "./build-digest";
import type { DigestItem, ItemIncident } from "./classify-webhooks";

/**
 * The digest with what the alerts know: each webhook of an open incident says since when it fails (unless
 * the first poll found it already failing: then that is unknown), and those whose incident is acknowledged
 * or snoozed move after the others (in their severity order), so the digest lists them apart, as being
 * handled. A webhook in no incident is left as it was.
 */
export function withIncidents(digest: Digest, incidents: readonly Incident[], now: number): Digest {
  const byWebhook = new Map<number, ItemIncident>();
  for (const incident of incidents) {
    if (incident.closedAt !== undefined) continue;
    const handled: ItemIncident["handled"] = isSnoozed(incident, now)
      ? {
          as: "snoozed",
          until: incident.flags.snoozedUntil!,
          ...(incident.flags.snoozedBy ? { by: incident.flags.snoozedBy } : {}),
        }
      : incident.flags.ackBy
        ? { as: "acknowledged", by: incident.flags.ackBy }
        : undefined;
    for (const member of openMembers(incident)) {
      // A webhook in two channels' incidents: the earliest start, and handled if either is.
      // Found failing by the first poll in either: its start is unknown (the first poll came first).
      const known = byWebhook.get(member.id);
      const since = Math.min(known?.since ?? member.since, member.since);
      const first = known?.handled ?? handled;
      const unknown = known?.foundFailing ?? member.foundFailing;
      byWebhook.set(member.id, {
        since,
        ...(unknown ? { foundFailing: unknown } : {}),
        ...(first ? { handled: first } : {}),
      });
    }
  }
  if (byWebhook.size === 0) return digest;
  const annotated = digest.items.map((item): DigestItem => {
    const incident = byWebhook.get(item.record.Id);
    return incident ? { ...item, incident } : item;
  });
  const items = [
    ...annotated.filter((item) => !item.incident?.handled),
    ...annotated.filter((item) => item.incident?.handled),
  ];
  const kept = new Map(items.map((item) => [item.record.Id, item]));
  return {
    ...digest,
    items,
    groups: digest.groups.map((group) => ({
      ...group,
      items: group.items.map((item) => kept.get(item.record.Id) ?? item),
    })),
  };
}
