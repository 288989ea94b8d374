/**
 * What each path variant costs the host: DRAM bytes moved (stacked per socket, labelled with the
 * busiest socket's utilization) beside the IOMMU's lookups, hits, misses and page walks. Bounce
 * moves every byte through DRAM twice; same-switch P2P touches neither.
 */
import type { RunArtifacts, VlSpec } from "../types.js";
import { chartConfig, colorScale, NEUTRAL_PALETTE, shortNumber, siNumber, uniqueInOrder } from "./style.js";

/** IOMMU counters in the order a translation goes through them. */
const COUNTERS = ["lookups", "hits", "misses", "walks"] as const;

/** The DRAM and IOMMU load chart of a run. */
export function hostLoadChart(artifacts: RunArtifacts): VlSpec {
  const { summary } = artifacts;
  const paths = uniqueInOrder(summary.variants.map((v) => v.path));
  const sockets = uniqueInOrder(summary.variants.flatMap((v) => v.dram.sockets.map((s) => s.socket)));
  const dram = summary.variants.flatMap((v) =>
    (v.dram.sockets.length > 0 ? v.dram.sockets : [{ socket: "dram", bytes: v.dram.bytes, utilization: v.dram.utilization }])
      .map((s) => ({ path: v.path, socket: s.socket, gbytes: s.bytes / 1e9, utilization: s.utilization })),
  );
  const dramLabels = summary.variants.map((v) => ({
    path: v.path,
    gbytes: v.dram.bytes / 1e9,
    label: `${siNumber(v.dram.bytes, "B")}, ${shortNumber(v.dram.utilization * 100, 1)}% busy`,
  }));
  const topBytes = Math.max(1e-9, ...dramLabels.map((d) => d.gbytes));
  const iommu = summary.variants.flatMap((v) => COUNTERS.map((counter) => ({ path: v.path, counter, count: v.iommu[counter], label: siNumber(v.iommu[counter]) })));
  const topCount = Math.max(1, ...iommu.map((d) => d.count));
  const pathY = { field: "path", type: "nominal", sort: paths, title: "path" } as const;
  return {
    name: "dram-iommu",
    config: chartConfig,
    title: { text: `Host load per path variant: ${summary.scenario}`, subtitle: "DRAM bytes (label: total and busiest socket's utilization); IOMMU translation work" },
    hconcat: [
      {
        title: "DRAM",
        width: 300,
        height: { step: 28 },
        layer: [
          {
            data: { values: dram },
            mark: { type: "bar", tooltip: true },
            encoding: {
              y: pathY,
              x: { field: "gbytes", type: "quantitative", aggregate: "sum", stack: "zero", title: "bytes through DRAM, GB", scale: { domain: [0, topBytes * 1.6] } },
              color: { field: "socket", type: "nominal", title: "socket", scale: colorScale(sockets, NEUTRAL_PALETTE), legend: { orient: "bottom" } },
            },
          },
          {
            data: { values: dramLabels },
            mark: { type: "text", align: "left", baseline: "middle", dx: 4, fontSize: 11, color: "#333333" },
            encoding: { y: pathY, x: { field: "gbytes", type: "quantitative" }, text: { field: "label" } },
          },
        ],
      },
      {
        title: "IOMMU",
        width: 300,
        height: { step: 14 },
        data: { values: iommu },
        layer: [
          {
            mark: { type: "bar", tooltip: true },
            encoding: {
              y: { field: "counter", type: "nominal", sort: [...COUNTERS], title: null },
              yOffset: { field: "path", type: "nominal", sort: paths },
              x: { field: "count", type: "quantitative", title: "count", scale: { domain: [0, topCount * 1.3] }, axis: { labelExpr: "datum.value === 0 ? '0' : format(datum.value, '~s')" } },
              fill: { field: "path", type: "nominal", title: "path", scale: colorScale(paths), legend: { orient: "bottom" } },
            },
          },
          {
            mark: { type: "text", align: "left", baseline: "middle", dx: 4, fontSize: 10, color: "#333333" },
            encoding: {
              y: { field: "counter", type: "nominal", sort: [...COUNTERS], title: null },
              yOffset: { field: "path", type: "nominal", sort: paths },
              x: { field: "count", type: "quantitative" },
              text: { field: "label" },
            },
          },
        ],
      },
    ],
    resolve: { scale: { color: "independent", fill: "independent", x: "independent", y: "independent" } },
  };
}
