/**
 * `latency.csv`: one row per variant x flow x observation (`kind` = "sample", `index` the I/O's
 * place in completion order). When that would exceed the row limit (default 200 000), every flow
 * gets the same number of evenly spaced quantiles of its sample instead (`kind` = "quantile",
 * `quantile` in 0..1), so the file stays small and every distribution keeps its shape and tails.
 */
import type { CsvValue } from "./csv.js";
import { evenQuantiles, sortedCopy } from "./quantiles.js";

/** Column order of `latency.csv`. */
export const LATENCY_COLUMNS = ["path", "flow", "kind", "index", "quantile", "latencyNs"] as const;

/** One row of `latency.csv`. */
export type LatencyRow = Record<(typeof LATENCY_COLUMNS)[number], CsvValue>;

/** What a `latency.csv` row stands for. */
export const LatencyKind = { sample: "sample", quantile: "quantile" } as const;
export type LatencyKind = (typeof LatencyKind)[keyof typeof LatencyKind];

/** Default most rows of `latency.csv` before it switches to quantiles. */
export const LATENCY_ROW_LIMIT = 200_000;

/** Picoseconds to nanoseconds, as the contract reports times. */
const toNs = (ps: number) => ps / 1000;

/**
 * The rows of `latency.csv` for samples in ps keyed by path then flow (map order kept).
 * Every observation when they fit in `limit` rows, else evenly spaced quantiles per flow.
 */
export function* latencyRows(samples: ReadonlyMap<string, ReadonlyMap<string, Float64Array>>, limit = LATENCY_ROW_LIMIT): Generator<LatencyRow> {
  const series = [...samples].flatMap(([path, flows]) => [...flows].map(([flow, values]) => ({ path, flow, values })));
  const total = series.reduce((sum, s) => sum + s.values.length, 0);
  if (total <= limit) {
    for (const { path, flow, values } of series) {
      for (let i = 0; i < values.length; i++) yield { path, flow, kind: LatencyKind.sample, index: i, quantile: undefined, latencyNs: toNs(values[i]!) };
    }
    return;
  }
  const perSeries = Math.max(2, Math.floor(limit / Math.max(1, series.length)));
  for (const { path, flow, values } of series) {
    const points = evenQuantiles(sortedCopy(values), perSeries);
    for (const [i, p] of points.entries()) yield { path, flow, kind: LatencyKind.quantile, index: i, quantile: p.q, latencyNs: toNs(p.value) };
  }
}
