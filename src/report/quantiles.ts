/**
 * Evenly spaced quantiles of a sample, for CDF charts and for a `latency.csv` too long to hold
 * every observation. Each point is an observed value (nearest rank, no interpolation), so the
 * first is the minimum and the last the maximum.
 */

/** One point of an empirical distribution: the quantile `q` (0..1) and the observed value there. */
export interface QuantilePoint {
  q: number;
  value: number;
  /** Fraction of the sample at or below `value` (the CDF's height there). */
  fraction: number;
}

/** The sample sorted ascending, as a new array (the input is not touched). */
export function sortedCopy(sample: Float64Array): Float64Array {
  return Float64Array.from(sample).sort();
}

/**
 * `count` evenly spaced quantiles (q = 0, 1/(count-1), ..., 1) of an ascending `sorted` sample;
 * fewer when the sample is smaller (then every observation once). Empty for an empty sample.
 * @example evenQuantiles(Float64Array.of(1, 2, 3, 4, 5), 3) // values 1, 3, 5 at q 0, 0.5, 1
 */
export function evenQuantiles(sorted: Float64Array, count: number): QuantilePoint[] {
  const n = sorted.length;
  if (n === 0 || count < 1) return [];
  const k = Math.min(n, Math.max(1, Math.floor(count)));
  const points: QuantilePoint[] = [];
  for (let i = 0; i < k; i++) {
    const q = k === 1 ? 1 : i / (k - 1);
    let rank = Math.round(q * (n - 1));
    const value = sorted[rank]!;
    while (rank + 1 < n && sorted[rank + 1] === value) rank++;
    points.push({ q, value, fraction: (rank + 1) / n });
  }
  return points;
}
