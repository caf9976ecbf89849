/** Order statistics of measured samples. Empty input gives NaN: "nothing measured", shown as a dash. */

function sorted(values: readonly number[]): Float64Array {
  // A typed array sorts numerically (a plain array would sort as strings) and without boxing.
  return Float64Array.from(values).sort();
}

export function median(values: readonly number[]): number {
  const ordered = sorted(values);
  const count = ordered.length;
  if (count === 0) return Number.NaN;
  const middle = Math.floor(count / 2);
  return count % 2 === 1
    ? (ordered[middle] ?? Number.NaN)
    : ((ordered[middle - 1] ?? 0) + (ordered[middle] ?? 0)) / 2;
}

/**
 * The nearest-rank percentile (`fraction` 0.95 for p95): a value that was actually measured, the
 * smallest one at or above that share of the samples.
 */
export function percentile(values: readonly number[], fraction: number): number {
  const ordered = sorted(values);
  if (ordered.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(fraction * ordered.length));
  return ordered[Math.min(rank, ordered.length) - 1] ?? Number.NaN;
}
