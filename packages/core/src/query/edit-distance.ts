/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so `actoin` is one edit from
 * `action`). Stops early and returns `max + 1` once the distance must exceed `max`.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prevPrev: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prevPrev[j - 2]! + 1);
      }
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** How many edits a word of this length may be off and still be suggested. */
export function typoTolerance(length: number): number {
  return Math.min(3, Math.max(1, Math.floor(length / 3)));
}

/**
 * Up to `limit` candidates nearest to `input` (case-insensitive), nearest first, within `maxDistance`
 * (default: `typoTolerance` of the input's length). `keyOf` gives the comparable forms of a candidate.
 */
export function suggest<T>(
  input: string,
  candidates: readonly T[],
  options: { limit?: number; maxDistance?: number; keysOf?: (candidate: T) => readonly string[] } = {},
): T[] {
  const needle = input.toLowerCase();
  const max = options.maxDistance ?? typoTolerance(needle.length);
  const keysOf = options.keysOf ?? ((c: T) => [String(c).toLowerCase()]);
  const scored: { candidate: T; distance: number; order: number }[] = [];
  candidates.forEach((candidate, order) => {
    let best = max + 1;
    for (const key of keysOf(candidate)) best = Math.min(best, editDistance(needle, key, max));
    if (best <= max) scored.push({ candidate, distance: best, order });
  });
  scored.sort((x, y) => x.distance - y.distance || x.order - y.order);
  return scored.slice(0, options.limit ?? 3).map((s) => s.candidate);
}
