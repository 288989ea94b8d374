/**
 * `sweep.csv`: one tidy row per sweep point x variant x flow, the swept axes' values as leading
 * columns (in order of first appearance), then the columns of `flows.csv`.
 */
import type { CsvValue } from "./csv.js";
import { FLOW_COLUMNS, flowRows } from "./flow-rows.js";
import { uniqueInOrder } from "./charts/style.js";
import type { SweepPoint } from "./types.js";

/** The axis names of a sweep, in order of first appearance. */
export function sweepAxes(points: readonly SweepPoint[]): string[] {
  return uniqueInOrder(points.flatMap((p) => Object.keys(p.axis)));
}

/** The header and rows of `sweep.csv`. An axis a point lacks is an empty field. */
export function sweepRows(points: readonly SweepPoint[]): { columns: string[]; rows: Array<Record<string, CsvValue>> } {
  const axes = sweepAxes(points);
  const clash = new Set<string>(FLOW_COLUMNS);
  const axisColumn = (axis: string) => (clash.has(axis) ? `axis.${axis}` : axis);
  const columns = [...axes.map(axisColumn), ...FLOW_COLUMNS];
  const rows = points.flatMap((point) =>
    flowRows(point.summary).map((flow) => {
      const row: Record<string, CsvValue> = {};
      for (const axis of axes) row[axisColumn(axis)] = point.axis[axis];
      return Object.assign(row, flow);
    }),
  );
  return { columns, rows };
}
