/** One line of the `npm run bench` table. */
export interface BenchRow {
  /** What was measured, e.g. "parse + params, typical query". */
  name: string;
  /** The measured figure, already in `unit`. */
  value: number;
  unit: string;
  /** The reference measured in the same run, when the target is a ratio. */
  reference?: { name: string; value: number };
  /** The target as text, e.g. "median < 50 µs". */
  target?: string;
  /** Whether the target is met (undefined when there is no target). */
  met?: boolean;
  note?: string;
}

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The q-quantile (0..1) of a non-empty list, nearest-rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}
