/**
 * From a run's samples (run/sampler.ts) to the contract's measurements: every resource over the
 * whole run, each flow's bottleneck over its own active time, what each device moved, and the
 * time series per window (a link's GB/s there is payload).
 */
import type { Bottleneck, DeviceTotal, FlowResult, ResourceResult } from "../contract.js";
import { attribute, type InFlight, type MeasuredResource } from "../report/bottleneck.js";
import type { TimeSeriesRow } from "../report/types.js";
import type { Probe } from "../sim/probe.js";
import { cumulativeAt, flowBytesAt, type SampledSeries } from "./sampler.js";
import type { PathResource } from "./flow-path.js";

const POOL_KINDS = new Set(["iommu-walkers", "tags", "buffers", "iotlb"]);
const isPool = (p: Probe) => POOL_KINDS.has(p.kind);

/** Every resource over the run [0, endPs]. */
export function resourceResults(series: SampledSeries, endPs: number): ResourceResult[] {
  const last = series.readings.length - 1;
  return series.probes.map((p, i): ResourceResult => {
    const at = (field: 0 | 1 | 2) => series.readings[last]![3 * i + field] ?? 0;
    const busyPs = at(0);
    const pool = isPool(p);
    return {
      resource: p.resource,
      kind: p.kind,
      device: p.device,
      ...(p.direction !== undefined ? { direction: p.direction } : {}),
      busyNs: busyPs / 1000,
      utilization: endPs > 0 ? Math.min(1, busyPs / endPs) : 0,
      bytes: pool ? 0 : Math.round(at(1)),
      ops: at(2),
      opsUnit: p.opsUnit,
      ...(p.capacity.bytesPerSecond !== undefined ? { capacityGBps: p.capacity.bytesPerSecond / 1e9 } : {}),
      ...(p.capacity.units !== undefined ? { units: p.capacity.units } : {}),
      ...(pool && p.kind !== "iotlb" ? { meanInUse: endPs > 0 ? at(1) / endPs : 0 } : {}),
    };
  });
}

/** The flow's bottleneck over [startPs, endPs], among the resources on its path. */
export function flowBottleneck(
  series: SampledSeries,
  flow: FlowResult & { startPs: number; endPs: number },
  variant: string,
  path: readonly PathResource[],
  otherFlows: ReadonlyArray<{ name: string; startPs: number; endPs: number; path: readonly PathResource[] }>,
  inFlight?: InFlight,
): Bottleneck | undefined {
  const { startPs, endPs } = flow;
  const span = endPs - startPs;
  if (!(span > 0)) return undefined;
  const index = new Map(series.probes.map((p, i) => [p.resource, i]));
  const measured: MeasuredResource[] = [];
  for (const step of path) {
    const i = index.get(step.resource);
    if (i === undefined) continue;
    const probe = series.probes[i]!;
    const delta = (field: 0 | 1 | 2) => cumulativeAt(series, i, field, endPs) - cumulativeAt(series, i, field, startPs);
    const rate = step.rateGBps ?? (probe.capacity.bytesPerSecond !== undefined ? probe.capacity.bytesPerSecond / 1e9 : undefined);
    // A link over the flow's time: payload bytes, and wire bytes as busy time x rate.
    const link = probe.kind === "link" && rate !== undefined ? { payloadBytes: delta(1), wireBytes: (delta(0) * rate) / 1000, tlps: delta(2) } : undefined;
    measured.push({
      resource: probe.resource,
      kind: probe.kind,
      device: probe.device,
      utilization: Math.min(1, Math.max(0, delta(0) / span)),
      passes: step.passes,
      ...(step.role ? { role: step.role } : {}),
      ...(rate !== undefined ? { rateGBps: rate } : {}),
      ...(probe.capacity.units !== undefined ? { units: probe.capacity.units, meanInUse: delta(1) / span } : {}),
      ...(link ? { link } : {}),
      sharedWith: otherFlows.filter((o) => o.startPs < endPs && o.endPs > startPs && o.path.some((s) => s.resource === probe.resource)).map((o) => o.name),
    });
  }
  return attribute(flow.flow, variant, flow.throughputGBps, measured, inFlight);
}

/** What each device moved in all its flows together (sources and destinations; not sockets). */
export function deviceTotals(flows: ReadonlyArray<{ flow: string; from: string; to: string; bytes: number; startPs: number; endPs: number }>, isDevice: (id: string) => boolean): DeviceTotal[] {
  const devices = [...new Set(flows.flatMap((f) => [f.from, f.to]))].filter(isDevice).sort();
  return devices.map((device) => {
    const mine = flows.filter((f) => (f.from === device || f.to === device) && f.endPs > f.startPs);
    const rate = (list: typeof mine) => {
      if (list.length === 0) return 0;
      const span = Math.max(...list.map((f) => f.endPs)) - Math.min(...list.map((f) => f.startPs));
      return span > 0 ? (list.reduce((s, f) => s + f.bytes, 0) * 1000) / span : 0;
    };
    const out = mine.filter((f) => f.from === device);
    const into = mine.filter((f) => f.to === device);
    return {
      device,
      bytesOut: out.reduce((s, f) => s + f.bytes, 0),
      bytesIn: into.reduce((s, f) => s + f.bytes, 0),
      outGBps: rate(out),
      inGBps: rate(into),
      flows: flows.filter((f) => f.from === device || f.to === device).map((f) => f.flow),
    };
  });
}

/**
 * The time series: per window, each resource that did anything (utilization, GB/s through it)
 * and each flow (GB/s it moved). Tidy rows in window order.
 */
export function timeSeriesRows(series: SampledSeries, variant: string): TimeSeriesRow[] {
  const rows: TimeSeriesRow[] = [];
  const { timesPs, readings } = series;
  const last = readings.length - 1;
  const used = series.probes.map((p, i) => (readings[last]![3 * i] ?? 0) > 0 || (!isPool(p) && (readings[last]![3 * i + 1] ?? 0) > 0));
  for (let w = 0; w + 1 < timesPs.length; w++) {
    const t0 = timesPs[w]!;
    const t1 = timesPs[w + 1]!;
    const dt = t1 - t0;
    const window = { variant, windowStartNs: t0 / 1000, windowEndNs: t1 / 1000 };
    series.probes.forEach((p, i) => {
      if (!used[i]) return;
      const d = (field: number) => (readings[w + 1]![3 * i + field] ?? 0) - (readings[w]![3 * i + field] ?? 0);
      rows.push({ ...window, series: "resource", name: p.resource, kind: p.kind, utilization: Math.min(1, Math.max(0, d(0) / dt)), throughputGBps: isPool(p) ? 0 : (d(1) * 1000) / dt });
    });
    series.flows.forEach((name, i) => {
      const bytes = flowBytesAt(series, i, t1) - flowBytesAt(series, i, t0);
      rows.push({ ...window, series: "flow", name, kind: "flow", utilization: 0, throughputGBps: (bytes * 1000) / dt });
    });
  }
  return rows;
}
