/**
 * Over simulated time, per window (timeseries.csv): each flow's throughput, and the utilization of
 * the resources named as bottlenecks, one panel per path variant. A flow that starts late is seen
 * at its real rate from when it starts, not averaged over the whole run.
 */
import type { RunArtifacts, VlSpec } from "../types.js";
import { chartConfig, colorScale, uniqueInOrder } from "./style.js";

/** Throughput of every flow over time. */
export function flowTimeSeriesChart(artifacts: RunArtifacts): VlSpec {
  const { summary } = artifacts;
  const rows = (artifacts.timeSeries ?? []).filter((r) => r.series === "flow").map((r) => ({ path: r.variant, flow: r.name, timeMs: (r.windowStartNs + r.windowEndNs) / 2e6, throughputGBps: r.throughputGBps }));
  const paths = uniqueInOrder(summary.variants.map((v) => v.path));
  const flows = uniqueInOrder(rows.map((r) => r.flow));
  return {
    name: "timeseries-flows",
    config: chartConfig,
    title: { text: `Throughput over time: ${summary.scenario}`, subtitle: `one panel per path variant; windows of ${windowLabel(summary.variants[0]?.windowNs)}` },
    data: { values: rows },
    facet: { field: "path", type: "nominal", sort: paths, title: null, header: { labelFontSize: 13 } },
    columns: Math.min(3, Math.max(1, paths.length)),
    spec: {
      width: 300,
      height: 160,
      mark: { type: "line", interpolate: "step-after", tooltip: true },
      encoding: {
        x: { field: "timeMs", type: "quantitative", title: "simulated time, ms" },
        y: { field: "throughputGBps", type: "quantitative", title: "GB/s" },
        color: { field: "flow", type: "nominal", title: "flow", scale: colorScale(flows) },
      },
    },
  };
}

/** Utilization over time of every resource some flow is bound by. */
export function bottleneckTimeSeriesChart(artifacts: RunArtifacts): VlSpec {
  const { summary } = artifacts;
  const named = new Set(summary.variants.flatMap((v) => v.flows.flatMap((f) => (f.bottleneck ? [`${v.path}\u0000${f.bottleneck.resource}`] : []))));
  const rows = (artifacts.timeSeries ?? [])
    .filter((r) => r.series === "resource" && named.has(`${r.variant}\u0000${r.name}`))
    .map((r) => ({ path: r.variant, resource: r.name, timeMs: (r.windowStartNs + r.windowEndNs) / 2e6, utilization: r.utilization }));
  const paths = uniqueInOrder(summary.variants.map((v) => v.path));
  const resources = uniqueInOrder(rows.map((r) => r.resource));
  return {
    name: "timeseries-bottlenecks",
    config: chartConfig,
    title: { text: `Bottleneck utilization over time: ${summary.scenario}`, subtitle: "the resources named as some flow's bottleneck; pools: fraction of the window saturated" },
    data: { values: rows },
    facet: { field: "path", type: "nominal", sort: paths, title: null, header: { labelFontSize: 13 } },
    columns: Math.min(3, Math.max(1, paths.length)),
    spec: {
      width: 300,
      height: 160,
      mark: { type: "line", interpolate: "step-after", tooltip: true },
      encoding: {
        x: { field: "timeMs", type: "quantitative", title: "simulated time, ms" },
        y: { field: "utilization", type: "quantitative", title: "busy", scale: { domain: [0, 1] }, axis: { format: "%" } },
        color: { field: "resource", type: "nominal", title: "resource", scale: colorScale(resources) },
      },
    },
  };
}

function windowLabel(ns: number | undefined): string {
  if (ns === undefined) return "?";
  return ns >= 1e6 ? `${ns / 1e6} ms` : ns >= 1e3 ? `${ns / 1e3} us` : `${ns} ns`;
}
