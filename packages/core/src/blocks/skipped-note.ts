import { formatCount } from "../text/format-count";
/**
 * The footnote under an answer built from records Nexudus sent that the bot could not read (a record
 * missing a field the bot needs is skipped, not fatal): without it, a short list would pass for a complete
 * one. `undefined` when nothing was skipped.
 */
export function skippedNote(skipped: number | undefined): string | undefined {
  if (!skipped || skipped <= 0) return undefined;
  const n = formatCount(skipped);
  return `:warning: ${n} record${skipped === 1 ? "" : "s"} Nexudus sent could not be read and ${skipped === 1 ? "is" : "are"} not shown (see the bot's logs).`;
}
