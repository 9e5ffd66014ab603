import { parseNexudusDate } from "../nexudus/dates";
import type { WebhookListRecord } from "../nexudus/schemas";
import type { RecordTest } from "./row-types";

const MINUTE = 60_000;

/** The start of the minute of an instant (Nexudus's filters name minutes: `YYYY-MM-DDTHH:mm`). */
function floorMinute(ms: number): number {
  return ms - (((ms % MINUTE) + MINUTE) % MINUTE);
}

/**
 * Whether a record's date lies in the range the planner would send for `from`/`to` (instants, as
 * `lowerInstant`/`upperInstant` give them), read as Nexudus reads its own filters: a `from_` minute
 * includes its whole minute onwards, a `to_` minute up to its last millisecond. A record without a
 * readable date matches no range, as a null never compares true at Nexudus (a `0001-01-01` placeholder
 * counts as no date here).
 */
export function dateInRange(
  read: (record: WebhookListRecord) => unknown,
  from: number | undefined,
  to: number | undefined,
): RecordTest {
  if (from === undefined && to === undefined) return () => true;
  const lo = from === undefined ? undefined : floorMinute(from);
  const hi = to === undefined ? undefined : floorMinute(to) + MINUTE - 1;
  return (record) => {
    const ms = parseNexudusDate(read(record))?.getTime();
    if (ms === undefined) return false;
    return (lo === undefined || ms >= lo) && (hi === undefined || ms <= hi);
  };
}
