/**
 * Over simulated time, per window (timeseries.csv): each flow's throughput, and the utilization of
 * the resources named as bottlenecks, one panel per path variant. A flow that starts late is seen
 * at its real rate from when it starts, not averaged over the whole run.
 */
import type { RunArtifacts, VlSpec } from "../types.js";
import { chartConfig, colorScale, uniqueInOrder } from "./style.js";

interface Panel {
  name: string;
  title: { text: string; subtitle: string };
  rows: ReadonlyArray<Record<string, unknown>>;
  y: Record<string, unknown>;
  /** The field lines are coloured by, and its values in order. */
  color: { field: string; title: string; values: readonly string[] };
}

/** A line per series over simulated time, step-wise per window, one panel per path variant. */
function panels(artifacts: RunArtifacts, { name, title, rows, y, color }: Panel): VlSpec {
  const paths = uniqueInOrder(artifacts.summary.variants.map((v) => v.path));
  return {
    name,
    config: chartConfig,
    title,
    data: { values: rows },
    facet: { field: "path", type: "nominal", sort: paths, title: null, header: { labelFontSize: 13 } },
    columns: Math.min(3, Math.max(1, paths.length)),
    spec: {
      width: 300,
      height: 160,
      mark: { type: "line", interpolate: "step-after", tooltip: true },
      encoding: {
        x: { field: "timeMs", type: "quantitative", title: "simulated time, ms" },
        y,
        color: { field: color.field, type: "nominal", title: color.title, scale: colorScale(color.values) },
      },
    },
  } as VlSpec;
}

/** Throughput of every flow over time. */
export function flowTimeSeriesChart(artifacts: RunArtifacts): VlSpec {
  const { summary } = artifacts;
  const rows = (artifacts.timeSeries ?? []).filter((r) => r.series === "flow").map((r) => ({ path: r.variant, flow: r.name, timeMs: (r.windowStartNs + r.windowEndNs) / 2e6, throughputGBps: r.throughputGBps }));
  return panels(artifacts, {
    name: "timeseries-flows",
    title: { text: `Throughput over time: ${summary.scenario}`, subtitle: `one panel per path variant; windows of ${windowLabel(summary.variants[0]?.windowNs)}` },
    rows,
    y: { field: "throughputGBps", type: "quantitative", title: "GB/s" },
    color: { field: "flow", title: "flow", values: uniqueInOrder(rows.map((r) => r.flow)) },
  });
}

/** Utilization over time of every resource some flow is bound by. */
export function bottleneckTimeSeriesChart(artifacts: RunArtifacts): VlSpec {
  const { summary } = artifacts;
  const named = new Set(summary.variants.flatMap((v) => v.flows.flatMap((f) => (f.bottleneck ? [`${v.path}\u0000${f.bottleneck.resource}`] : []))));
  const rows = (artifacts.timeSeries ?? [])
    .filter((r) => r.series === "resource" && named.has(`${r.variant}\u0000${r.name}`))
    .map((r) => ({ path: r.variant, resource: r.name, timeMs: (r.windowStartNs + r.windowEndNs) / 2e6, utilization: r.utilization }));
  return panels(artifacts, {
    name: "timeseries-bottlenecks",
    title: { text: `Bottleneck utilization over time: ${summary.scenario}`, subtitle: "the resources named as some flow's bottleneck; pools: fraction of the window saturated" },
    rows,
    y: { field: "utilization", type: "quantitative", title: "busy", scale: { domain: [0, 1] }, axis: { format: "%" } },
    color: { field: "resource", title: "resource", values: uniqueInOrder(rows.map((r) => r.resource)) },
  });
}

function windowLabel(ns: number | undefined): string {
  if (ns === undefined) return "?";
  return ns >= 1e6 ? `${ns / 1e6} ms` : ns >= 1e3 ? `${ns / 1e3} us` : `${ns} ns`;
}
