/** The charts of one run's results folder, in the order the report shows them. */
import { hostLoadChart } from "./charts/host-load.js";
import { latencyCdfChart } from "./charts/latency-cdf.js";
import { latencyPercentilesChart } from "./charts/latency-percentiles.js";
import { linkUtilizationChart } from "./charts/link-utilization.js";
import { throughputChart } from "./charts/throughput.js";
import { bottleneckTimeSeriesChart, flowTimeSeriesChart } from "./charts/timeseries.js";
import type { RunArtifacts, VlSpec } from "./types.js";

/**
 * Every chart of a run: throughput, latency percentiles, latency CDF, link utilization, DRAM and
 * IOMMU load, and (when the run has a time series) throughput and bottleneck utilization over time. Each spec has its data inlined and a `name` that becomes its file name.
 */
export function runCharts(artifacts: RunArtifacts): VlSpec[] {
  return [
    throughputChart(artifacts),
    latencyPercentilesChart(artifacts),
    latencyCdfChart(artifacts),
    linkUtilizationChart(artifacts),
    hostLoadChart(artifacts),
    ...(artifacts.timeSeries !== undefined && artifacts.timeSeries.length > 0 ? [flowTimeSeriesChart(artifacts), bottleneckTimeSeriesChart(artifacts)] : []),
  ];
}
