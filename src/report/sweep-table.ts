/**
 * The table of a sweep's points, as `p2psim sweep` prints it when it ends and the sweep's
 * report.html shows it: one row per point, the axis values, then each flow's throughput (GB/s)
 * under each variant, with the flow's bottleneck where the summary names one.
 */
import { uniqueInOrder } from "./charts/style.js";
import { sweepAxes } from "./sweep-rows.js";
import type { SweepPoint } from "./types.js";

/** A table of text cells with a header. */
export interface TextTable {
  columns: string[];
  /** Which columns hold numbers (right-aligned). */
  numeric: boolean[];
  rows: string[][];
}

/**
 * What limited a flow, if its summary says: the field `bottleneck` (a name, or an object with one).
 * Summaries written before the field existed have none.
 */
export function bottleneckOf(flow: object): string | undefined {
  const found = (flow as { bottleneck?: unknown }).bottleneck;
  if (found === undefined || found === null || found === "") return undefined;
  if (typeof found === "string") return found;
  if (typeof found === "object") {
    const named = found as Record<string, unknown>;
    for (const key of ["name", "resource", "component", "link", "kind"]) if (typeof named[key] === "string") return named[key];
  }
  return JSON.stringify(found);
}

/** GB/s with three significant decimals at most. */
const rate = (value: number) => String(Number(value.toFixed(3)));

/** The sweep's points as a table: axis values, then `flow variant GB/s` for every flow and variant. */
export function sweepTable(points: readonly SweepPoint[]): TextTable {
  const axes = sweepAxes(points);
  const pairs = uniqueInOrder(points.flatMap((p) => p.summary.variants.flatMap((v) => v.flows.map((f) => `${f.flow}\u0000${v.path}`))));
  const columns = [...axes, ...pairs.map((pair) => `${pair.replace("\u0000", " ")} GB/s`)];
  const numeric = [...axes.map((a) => points.every((p) => typeof p.axis[a] === "number")), ...pairs.map(() => true)];
  const rows = points.map((point) => [
    ...axes.map((a) => String(point.axis[a] ?? "")),
    ...pairs.map((pair) => {
      const [flowName, path] = pair.split("\u0000") as [string, string];
      const flow = point.summary.variants.find((v) => v.path === path)?.flows.find((f) => f.flow === flowName);
      if (flow === undefined) return "";
      if (!flow.supported) return "unsupported";
      const bottleneck = bottleneckOf(flow);
      return bottleneck === undefined ? rate(flow.throughputGBps) : `${rate(flow.throughputGBps)} (${bottleneck})`;
    }),
  ]);
  return { columns, numeric, rows };
}

/** The table as aligned plain text, one line per row, for a terminal. */
export function tableText(table: TextTable): string {
  const widths = table.columns.map((c, i) => Math.max(c.length, ...table.rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (table.numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(table.columns), line(widths.map((w) => "-".repeat(w))), ...table.rows.map(line)].join("\n") + "\n";
}
