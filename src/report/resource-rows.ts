/**
 * `resources.csv` (one row per variant x measured resource: busy time, utilization, bytes,
 * operations, capacity), `devices.csv` (per variant x device: what all its flows moved) and
 * `timeseries.csv` (per variant x window x resource or flow: utilization and GB/s).
 */
import type { CsvValue } from "./csv.js";
import type { Summary, TimeSeriesRow } from "./types.js";

export const RESOURCE_COLUMNS = ["path", "resource", "kind", "device", "direction", "busyNs", "utilization", "bytes", "ops", "opsUnit", "capacityGBps", "units", "meanInUse"] as const;
export const DEVICE_COLUMNS = ["path", "device", "bytesOut", "bytesIn", "outGBps", "inGBps", "flows"] as const;
export const TIMESERIES_COLUMNS = ["path", "series", "name", "kind", "windowStartNs", "windowEndNs", "utilization", "throughputGBps"] as const;

export function resourceRows(summary: Summary): Array<Record<(typeof RESOURCE_COLUMNS)[number], CsvValue>> {
  return summary.variants.flatMap((v) =>
    (v.resources ?? []).map((r) => ({
      path: v.path,
      resource: r.resource,
      kind: r.kind,
      device: r.device,
      direction: r.direction,
      busyNs: r.busyNs,
      utilization: r.utilization,
      bytes: r.bytes,
      ops: r.ops,
      opsUnit: r.opsUnit,
      capacityGBps: r.capacityGBps,
      units: r.units,
      meanInUse: r.meanInUse,
    })),
  );
}

export function deviceRows(summary: Summary): Array<Record<(typeof DEVICE_COLUMNS)[number], CsvValue>> {
  return summary.variants.flatMap((v) => (v.devices ?? []).map((d) => ({ path: v.path, ...d, flows: d.flows.join("; ") })));
}

export function timeSeriesCsvRows(rows: readonly TimeSeriesRow[]): Array<Record<(typeof TIMESERIES_COLUMNS)[number], CsvValue>> {
  return rows.map((r) => ({ path: r.variant, series: r.series, name: r.name, kind: r.kind, windowStartNs: r.windowStartNs, windowEndNs: r.windowEndNs, utilization: r.utilization, throughputGBps: r.throughputGBps }));
}
