/**
 * What the report layer takes in and what it writes out: a run's summary (the output contract,
 * src/contract.ts), the raw latency samples behind it, and vega-lite chart specs.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Summary } from "../contract.js";

export type { Summary } from "../contract.js";

/** Everything one run measured, ready to be written as a results folder. */
export interface RunArtifacts {
  summary: Summary;
  /** Every I/O's latency in ps, per variant path then per flow name (for latency.csv and CDF charts). */
  latencySamples: Map<string, Map<string, Float64Array>>;
  /** Optional analytic ceiling per flow (GB/s), drawn on throughput charts where one applies. */
  ceilingsGBps?: Map<string, number>;
  /** Utilization and throughput per window, per resource and per flow (timeseries.csv), every variant's. */
  timeSeries?: TimeSeriesRow[];
  /** The TLPs traced when asked (`--trace`), as trace events. */
  trace?: TraceEvent[];
}

/** One window of one resource or flow in one variant (timeseries.csv). */
export interface TimeSeriesRow {
  variant: string;
  series: "resource" | "flow";
  name: string;
  kind: string;
  windowStartNs: number;
  windowEndNs: number;
  /** Fraction of the window busy (pools: saturated); 0 for flows. */
  utilization: number;
  /** Payload bytes through it over the window, GB/s. */
  throughputGBps: number;
}

/** A Chrome/Perfetto trace event (the JSON trace-event format's fields we use). */
export interface TraceEvent {
  name: string;
  cat?: string;
  ph: "X" | "C" | "M" | "i";
  /** Microseconds. */
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

/** One point of a parameter sweep: the axis values that made it, and its run's summary. */
export interface SweepPoint {
  axis: Record<string, number | string>;
  summary: Summary;
  /** Analytic ceiling per flow at this point (GB/s), drawn on the throughput chart where given. */
  ceilingsGBps?: Record<string, number>;
}

/**
 * A vega-lite spec with its data inlined. Its `name` is the file stem under `charts/`
 * (`throughput` gives `charts/throughput.vl.json`, `.svg`, `.png`).
 */
export type VlSpec = TopLevelSpec & { name: string };

/** How a results folder is written. */
export interface WriteOptions {
  /** Render `charts/*.png` beside the SVGs; default true. */
  png?: boolean;
  /**
   * Render `charts/*.svg` (and the PNGs drawn from them); default true. False writes only the
   * vega-lite specs, which `report.html` draws in the browser (a sweep's points, where rendering
   * took twice as long as simulating a small point).
   */
  svg?: boolean;
  /**
   * Most rows `latency.csv` may hold before it switches from every observation to evenly spaced
   * quantiles of each flow; default 200 000.
   */
  latencyRowLimit?: number;
  /**
   * Called before each file is written, with its path relative to the folder (`charts/x.svg`).
   * For progress output; a throw aborts the write and leaves any previous folder as it was.
   */
  beforeWrite?: (file: string) => void | Promise<void>;
}
