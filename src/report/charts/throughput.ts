/**
 * Throughput per flow, one bar per path variant, grouped by flow (horizontal, so long flow names
 * stay readable). Each bar carries its value; a flow a variant cannot run has no bar but the word
 * "unsupported" in its place. A black tick beside each bar marks the ceiling the flow's bottleneck
 * implies in that variant (its resource and utilization in the tooltip); a grey one, where given,
 * the flow's analytic link and media ceiling, which no variant can beat.
 */
import type { RunArtifacts, VlSpec } from "../types.js";
import { chartConfig, colorScale, shortNumber, uniqueInOrder } from "./style.js";

/** Room right of the longest bar for its label, as a fraction of the axis. */
const LABEL_ROOM = 1.18;

/** The throughput chart of a run. */
export function throughputChart(artifacts: RunArtifacts): VlSpec {
  const { summary, ceilingsGBps } = artifacts;
  const paths = uniqueInOrder(summary.variants.map((v) => v.path));
  const flows = uniqueInOrder(summary.variants.flatMap((v) => v.flows.map((f) => f.flow)));
  const bars = summary.variants.flatMap((v) =>
    v.flows.map((f) => ({
      flow: f.flow,
      path: v.path,
      throughputGBps: f.supported ? f.throughputGBps : 0,
      label: f.supported ? shortNumber(f.throughputGBps) : "unsupported",
      supported: f.supported,
    })),
  );
  const ceilings = flows.flatMap((flow) => {
    const ceiling = ceilingsGBps?.get(flow);
    return ceiling === undefined ? [] : [{ flow, ceilingGBps: ceiling }];
  });
  const bounds = summary.variants.flatMap((v) =>
    v.flows.flatMap((f) =>
      f.bottleneck && Number.isFinite(f.bottleneck.ceilingGBps)
        ? [{ flow: f.flow, path: v.path, ceilingGBps: f.bottleneck.ceilingGBps, bottleneck: f.bottleneck.resource, utilization: f.bottleneck.utilization }]
        : [],
    ),
  );
  const top = Math.max(1e-9, ...bars.map((b) => b.throughputGBps), ...ceilings.map((c) => c.ceilingGBps), ...bounds.map((c) => c.ceilingGBps));
  const y = { field: "flow", type: "nominal", sort: flows, title: null, axis: { labelFontWeight: "bold" } } as const;
  const x = (field: string) => ({
    field,
    type: "quantitative" as const,
    title: "throughput, GB/s (10^9 B/s)",
    scale: { domain: [0, top * LABEL_ROOM], nice: false },
  });
  return {
    name: "throughput",
    config: chartConfig,
    title: {
      text: `Throughput per flow: ${summary.scenario}`,
      subtitle: [
        "one bar per path variant; black tick: the ceiling its bottleneck implies in that variant",
        ...(ceilings.length > 0 ? ["grey tick: the flow's analytic link and media ceiling"] : []),
      ],
    },
    width: 640,
    height: { step: 20 * paths.length + 12, for: "position" },
    layer: [
      {
        data: { values: bars },
        layer: [
          {
            mark: { type: "bar", tooltip: true },
            encoding: {
              y,
              yOffset: { field: "path", type: "nominal", sort: paths },
              x: x("throughputGBps"),
              color: { field: "path", type: "nominal", title: "path", scale: colorScale(paths) },
            },
          },
          {
            mark: { type: "text", align: "left", baseline: "middle", dx: 4, fontSize: 11 },
            encoding: {
              y,
              yOffset: { field: "path", type: "nominal", sort: paths },
              x: x("throughputGBps"),
              text: { field: "label" },
              color: { condition: { test: "!datum.supported", value: "#c0392b" }, value: "#333333" },
            },
          },
        ],
      },
      ...(bounds.length > 0
        ? [{
            data: { values: bounds },
            mark: { type: "tick", orient: "vertical", color: "black", thickness: 2, tooltip: true },
            encoding: { y, yOffset: { field: "path", type: "nominal", sort: paths }, x: x("ceilingGBps") },
          } as const]
        : []),
      ...(ceilings.length > 0
        ? [{
            data: { values: ceilings },
            mark: { type: "tick", orient: "vertical", color: "#999999", thickness: 3, tooltip: true },
            encoding: { y, x: x("ceilingGBps") },
          } as const]
        : []),
    ],
  };
}
