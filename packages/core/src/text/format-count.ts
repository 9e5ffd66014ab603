/**
 * An integer count with thousands separators, as `toLocaleString("en-US")` writes it: `1500` → `1,500`.
 * Written out because the first `toLocaleString` of a process initialises ICU's number formatting, about
 * 20 ms of a cold start, for a comma.
 */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
