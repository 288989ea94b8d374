/**
 * Latency CDF per path variant, from every I/O's latency: one panel per variant, one step line
 * per flow, latency on a log axis shared by all panels so the variants compare at a glance. Each
 * line is drawn through at most 200 evenly spaced quantiles of its sample (min and max kept).
 */
import { evenQuantiles, sortedCopy } from "../quantiles.js";
import type { RunArtifacts, VlSpec } from "../types.js";
import { chartConfig, colorScale, uniqueInOrder } from "./style.js";

/** Points per CDF line: smooth at chart size, small in the spec. */
const CDF_POINTS = 200;

/** `items` in groups of `size`, for subtitle lines that fit the chart. */
function chunk<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}

/** The latency CDF chart of a run. */
export function latencyCdfChart(artifacts: RunArtifacts): VlSpec {
  const { summary, latencySamples } = artifacts;
  const paths = uniqueInOrder([...summary.variants.map((v) => v.path), ...latencySamples.keys()]);
  const flows = uniqueInOrder([
    ...summary.variants.flatMap((v) => v.flows.map((f) => f.flow)),
    ...[...latencySamples.values()].flatMap((m) => [...m.keys()]),
  ]);
  const points = paths.flatMap((path) =>
    flows.flatMap((flow) => {
      const sample = latencySamples.get(path)?.get(flow);
      if (sample === undefined) return [];
      return evenQuantiles(sortedCopy(sample), CDF_POINTS)
        .filter((p) => p.value > 0)
        .map((p) => ({ path, flow, latencyUs: p.value / 1e6, fraction: p.fraction }));
    }),
  );
  const drawn = new Set(points.map((p) => `${p.path}\u0000${p.flow}`));
  const missing = summary.variants.flatMap((v) =>
    v.flows.filter((f) => !drawn.has(`${v.path}\u0000${f.flow}`)).map((f) => `${f.flow} under ${v.path}${f.supported ? " (no samples)" : " (unsupported)"}`),
  );
  const panels = paths.filter((path) => points.some((p) => p.path === path));
  const subtitle =
    points.length === 0
      ? ["no latency samples were kept for this run"]
      : missing.length === 0
        ? ["fraction of I/Os completing within a latency"]
        : chunk(missing, 3).map((items, i) => `${i === 0 ? "not drawn: " : ""}${items.join("; ")}`);
  return {
    name: "latency-cdf",
    config: chartConfig,
    title: {
      text: `Latency CDF per path variant: ${summary.scenario}`,
      subtitle,
    },
    data: { values: points },
    facet: { field: "path", type: "nominal", sort: panels, title: null, header: { labelFontSize: 13 } },
    columns: Math.min(3, Math.max(1, panels.length)),
    spec: {
      width: 360,
      height: 240,
      mark: { type: "line", interpolate: "step-after", strokeWidth: 2, tooltip: true },
      encoding: {
        x: { field: "latencyUs", type: "quantitative", title: "latency, microseconds (log scale)", scale: { type: "log" }, axis: { format: "~g", labelOverlap: "greedy" } },
        y: { field: "fraction", type: "quantitative", title: "fraction of I/Os", scale: { domain: [0, 1] }, axis: { format: "%" } },
        color: { field: "flow", type: "nominal", title: "flow", scale: colorScale(flows) },
      },
    },
    resolve: { scale: { x: "shared", y: "shared" } },
  };
}
