/**
 * Sweep charts: each key metric against the swept axis, one line per path variant, one panel per
 * flow. Numbers on the axis give a quantitative x (log when they span 16x or more, as sizes and
 * queue depths usually do); strings give an ordinal x in sweep order. Points where a variant
 * cannot run a flow are left out of its line and listed in the subtitle. When the sweep has other
 * axes too, each combination of them gets its own line ("p2p, queueDepth=4"). Axes are titled
 * with a readable name and unit where the caller describes them (see sweep-axis.ts). Lines that
 * coincide (auto usually is p2p) stay visible: each series has its own dash and point shape.
 */
import { chartConfig, colorScale, uniqueInOrder } from "./charts/style.js";
import type { AxisInfo } from "./sweep-axis.js";
import { reportMessage } from "./messages.js";
import { sweepAxes } from "./sweep-rows.js";
import type { SweepPoint, VlSpec } from "./types.js";

/** The metrics drawn, each as one chart. */
const METRICS = [
  { name: "throughput", title: "Throughput", field: "throughputGBps", axisTitle: "throughput, GB/s", value: (f: FlowLike) => f.throughputGBps },
  { name: "p99-latency", title: "p99 latency", field: "p99LatencyUs", axisTitle: "p99 latency, \u00b5s", value: (f: FlowLike) => f.latencyNs.p99 / 1000 },
] as const;

type FlowLike = SweepPoint["summary"]["variants"][number]["flows"][number];

/** "ssd-to-gpu under p2p (all 4 points); ..." for the (flow, series) pairs that cannot run somewhere. */
function unsupportedNote(rows: ReadonlyArray<{ flow: string; series: string; supported: boolean; x: number | string | undefined }>, axisName: string, points: number): string {
  const pairs = uniqueInOrder(rows.filter((r) => !r.supported).map((r) => `${r.flow}\u0000${r.series}`));
  const notes = pairs.map((pair) => {
    const [flow, series] = pair.split("\u0000") as [string, string];
    const at = rows.filter((r) => !r.supported && r.flow === flow && r.series === series).map((r) => String(r.x));
    const where = at.length === points ? `all ${points} points` : `${axisName} = ${at.slice(0, 4).join(", ")}${at.length > 4 ? ", ..." : ""}`;
    return `${flow} under ${series} (${where})`;
  });
  return notes.length > 3 ? `${notes.slice(0, 3).join("; ")}; and ${notes.length - 3} more` : notes.join("; ");
}

/** Dash patterns and point shapes by series, so a line drawn over another (auto over p2p) still shows. */
const DASHES = [[1, 0], [7, 4], [2, 3], [10, 3, 2, 3], [4, 2, 1, 2]];
const SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"];

/** A file-name-safe form of the axis name (`workloads.0.io` stays, `a/b` becomes `a-b`). */
const slug = (text: string) => text.replace(/[^A-Za-z0-9_.-]+/g, "-");

/**
 * One chart per key metric (throughput and p99 latency per flow) against `axisName`, one line
 * per variant. Deterministic: the same points give the same specs.
 */
export function sweepCharts(points: readonly SweepPoint[], axisName: string, described: Readonly<Record<string, AxisInfo>> = {}): VlSpec[] {
  const axes = sweepAxes(points);
  if (!axes.includes(axisName)) throw new Error(reportMessage.unknownAxis(axisName, axes));
  const others = axes.filter((a) => a !== axisName);
  const info = described[axisName] ?? { title: axisName, value: (label: number | string) => label };
  const xOf = (point: SweepPoint) => {
    const label = point.axis[axisName];
    return label === undefined ? undefined : info.value(label);
  };
  const shortName = (axis: string) => (described[axis]?.title ?? axis).replace(/, [^,]+$/, "");
  const xs = points.map(xOf);
  const numeric = xs.every((x) => typeof x === "number");
  const positive = xs.filter((x): x is number => typeof x === "number" && x > 0);
  const ticks = uniqueInOrder(xs.filter((x): x is number => typeof x === "number")).sort((a, b) => a - b);
  const logX = numeric && positive.length === xs.length && Math.max(...positive) / Math.min(...positive) >= 16;
  const flows = uniqueInOrder(points.flatMap((p) => p.summary.variants.flatMap((v) => v.flows.map((f) => f.flow))));
  const seriesOf = (point: SweepPoint, path: string) =>
    others.length === 0 ? path : `${path}, ${others.map((a) => `${shortName(a)}=${point.axis[a] ?? ""}`).join(", ")}`;
  const series = uniqueInOrder(points.flatMap((p) => p.summary.variants.map((v) => seriesOf(p, v.path))));
  const scenario = points[0]?.summary.scenario ?? "sweep";

  return METRICS.map((metric) => {
    const rows = points.flatMap((p) =>
      p.summary.variants.flatMap((v) => v.flows.map((f) => ({ x: xOf(p), series: seriesOf(p, v.path), flow: f.flow, supported: f.supported, [metric.field]: metric.value(f) }))),
    );
    const drawn: Array<Record<string, unknown>> = rows.filter((r) => r.supported);
    // The analytic ceiling of each flow, as a dashed line, on the throughput chart.
    const ceilings =
      metric.name === "throughput"
        ? points.flatMap((p) => Object.entries(p.ceilingsGBps ?? {}).map(([flow, ceiling]) => ({ x: xOf(p), flow, ceiling })))
        : [];
    const missing = unsupportedNote(rows, info.title, xs.length);
    const x = numeric
      ? {
          field: "x",
          type: "quantitative" as const,
          title: info.title,
          scale: logX ? { type: "log" as const, nice: false } : { zero: false, nice: false },
          axis: ticks.length <= 12 ? { values: ticks, labelFlush: false } : {},
        }
      : { field: "x", type: "ordinal" as const, title: info.title, sort: uniqueInOrder(xs.map(String)) };
    const spec: VlSpec = {
      name: `sweep-${metric.name}-vs-${slug(axisName)}`,
      config: chartConfig,
      title: {
        text: `${metric.title} against ${shortName(axisName)}: ${scenario}`,
        subtitle: [ceilings.length > 0 ? "one line per path variant; dashed: the flow's analytic ceiling" : "one line per path variant", ...(missing === "" ? [] : [`unsupported, not drawn: ${missing}`])],
      },
      data: { values: [...drawn, ...ceilings] },
      facet: { field: "flow", type: "nominal", sort: flows, title: null, header: { labelFontSize: 13 } },
      columns: Math.min(3, Math.max(1, flows.length)),
      spec: {
        width: 320,
        height: 220,
        layer: [
          {
            transform: [{ filter: "isValid(datum.series)" }],
            mark: { type: "line", point: { filled: false, size: 60, strokeWidth: 1.5 }, strokeWidth: 2, opacity: 0.9, tooltip: true },
            encoding: {
              x,
              y: { field: metric.field, type: "quantitative", title: metric.axisTitle },
              color: { field: "series", type: "nominal", title: "path", scale: colorScale(series), legend: { orient: "bottom", columns: 2 } },
              strokeDash: { field: "series", type: "nominal", title: "path", scale: { domain: series, range: series.map((_, i) => DASHES[i % DASHES.length]!) } },
              shape: { field: "series", type: "nominal", title: "path", scale: { domain: series, range: series.map((_, i) => SHAPES[i % SHAPES.length]!) } },
            },
          },
          ...(ceilings.length > 0
            ? [
                {
                  transform: [{ filter: "isValid(datum.ceiling)" }],
                  mark: { type: "line" as const, color: "black", strokeDash: [4, 3], strokeWidth: 1.5, tooltip: true },
                  encoding: { x, y: { field: "ceiling", type: "quantitative" as const, title: metric.axisTitle } },
                },
              ]
            : []),
        ],
      },
      resolve: { scale: { y: "independent" } },
    };
    return spec;
  });
}
