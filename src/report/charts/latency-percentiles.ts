/**
 * Latency percentiles per flow and variant: one row per (flow, path), a grey range from p50 to the
 * maximum, a dot per percentile (p50, p90, p99, p99.9) and a bar at the maximum, on a log axis
 * because tails can be orders of magnitude above the median. A flow a variant cannot run reads
 * "unsupported". Zero values (nothing measured) have no place on a log axis and are left out.
 */
import type { RunArtifacts, VlSpec } from "../types.js";
import { chartConfig, uniqueInOrder } from "./style.js";

/** The percentiles drawn as dots, lowest first, with their legend labels; the maximum is a bar. */
const PERCENTILES = [["p50", "p50"], ["p90", "p90"], ["p99", "p99"], ["p999", "p99.9"]] as const;
const LEGEND = [...PERCENTILES.map(([, label]) => label), "max"];
const LEGEND_COLORS = ["#9ecae1", "#4292c6", "#08519c", "#e6550d", "#a50f15"];

/** The y label of a (flow, path) row. */
const rowLabel = (flow: string, path: string) => `${flow} · ${path}`;

/** The latency percentiles chart of a run. */
export function latencyPercentilesChart(artifacts: RunArtifacts): VlSpec {
  const { summary } = artifacts;
  const flows = uniqueInOrder(summary.variants.flatMap((v) => v.flows.map((f) => f.flow)));
  const rows = flows.flatMap((flow) =>
    summary.variants.flatMap((v) => v.flows.filter((f) => f.flow === flow).map((f) => ({ flow, path: v.path, f }))),
  );
  const order = rows.map((r) => rowLabel(r.flow, r.path));
  const supported = rows.filter((r) => r.f.supported && r.f.latencyNs.max > 0);
  const points = supported.flatMap((r) =>
    PERCENTILES.map(([key, label]) => ({ row: rowLabel(r.flow, r.path), percentile: label, latencyNs: r.f.latencyNs[key] })).filter((p) => p.latencyNs > 0),
  );
  const ranges = supported.map((r) => {
    const low = PERCENTILES.map(([key]) => r.f.latencyNs[key]).find((v) => v > 0) ?? r.f.latencyNs.max;
    return { row: rowLabel(r.flow, r.path), percentile: "max", p50: low, max: r.f.latencyNs.max, mean: r.f.latencyNs.mean };
  });
  const unsupported = rows.filter((r) => !supported.includes(r)).map((r) => ({ row: rowLabel(r.flow, r.path), label: r.f.supported ? "no I/O measured" : "unsupported" }));
  const y = { field: "row", type: "nominal", sort: order, title: "flow · path" } as const;
  const x = { type: "quantitative", title: "latency, ns (log scale; k = 1,000)", scale: { type: "log" }, axis: { format: "~s", labelOverlap: "greedy" } } as const;
  const color = { field: "percentile", type: "ordinal", title: "percentile", sort: LEGEND, scale: { domain: LEGEND, range: LEGEND_COLORS } } as const;
  return {
    name: "latency-percentiles",
    config: chartConfig,
    title: { text: `Latency percentiles per flow: ${summary.scenario}`, subtitle: "grey range: p50 to max; a dot per percentile, a bar at the maximum" },
    width: 640,
    height: { step: 26 },
    layer: [
      { data: { values: ranges }, mark: { type: "rule", color: "#bbbbbb", strokeWidth: 3 }, encoding: { y, x: { ...x, field: "p50" }, x2: { field: "max" } } },
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: 70, opacity: 1, tooltip: true },
        encoding: {
          y,
          x: { ...x, field: "latencyNs" },
          color,
        },
      },
      { data: { values: ranges }, mark: { type: "tick", orient: "vertical", thickness: 3, tooltip: true }, encoding: { y, x: { ...x, field: "max" }, color } },
      ...(unsupported.length > 0
        ? [{
            data: { values: unsupported },
            mark: { type: "text", align: "left", baseline: "middle", x: 6, color: "#c0392b", fontStyle: "italic", fontSize: 11 },
            encoding: { y, text: { field: "label" } },
          } as const]
        : []),
    ],
  };
}
