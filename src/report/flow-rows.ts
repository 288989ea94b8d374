/**
 * `flows.csv`: one tidy row per variant x flow, the contract's flow fields flattened
 * (`latencyNs.p99` becomes `latencyP99Ns`), plus the kernel's reason and warning and the note that
 * says why an unsupported flow did not run; `path` is the variant, `via` the path this flow took
 * in it (p2p, bounce, host), `warnings` the caps applied to it, joined by "; ". The `bottleneck*`
 * columns are the flow's bottleneck (resource, kind, utilization, ceiling, sentence); `startNs` and
 * `endNs` its active time.
 */
import type { CsvValue } from "./csv.js";
import type { Summary } from "./types.js";

/** Column order of `flows.csv` (and the per-flow part of `sweep.csv`). */
export const FLOW_COLUMNS = [
  "path", "flow", "route", "supported", "mapType", "distance", "topo",
  "bytes", "durationNs", "throughputGBps", "iops",
  "latencyMeanNs", "latencyP50Ns", "latencyP90Ns", "latencyP99Ns", "latencyP999Ns", "latencyMaxNs",
  "note", "kernelReason", "kernelWarning", "via", "warnings",
  "bottleneck", "bottleneckKind", "bottleneckUtilization", "bottleneckCeilingGBps", "bottleneckReason", "startNs", "endNs",
] as const;

/** One row of `flows.csv`. */
export type FlowRow = Record<(typeof FLOW_COLUMNS)[number], CsvValue>;

/** The rows of `flows.csv`, variants in summary order, flows in each variant's order. */
export function flowRows(summary: Summary): FlowRow[] {
  return summary.variants.flatMap((variant) =>
    variant.flows.map((f) => ({
      path: variant.path,
      flow: f.flow,
      route: f.route,
      supported: f.supported,
      mapType: f.kernel.mapType,
      distance: f.kernel.distance,
      topo: f.kernel.topo,
      bytes: f.bytes,
      durationNs: f.durationNs,
      throughputGBps: f.throughputGBps,
      iops: f.iops,
      latencyMeanNs: f.latencyNs.mean,
      latencyP50Ns: f.latencyNs.p50,
      latencyP90Ns: f.latencyNs.p90,
      latencyP99Ns: f.latencyNs.p99,
      latencyP999Ns: f.latencyNs.p999,
      latencyMaxNs: f.latencyNs.max,
      note: f.note,
      kernelReason: f.kernel.reason,
      kernelWarning: f.kernel.warning,
      via: f.path,
      warnings: f.warnings?.join("; "),
      bottleneck: f.bottleneck?.resource,
      bottleneckKind: f.bottleneck?.kind,
      bottleneckUtilization: f.bottleneck?.utilization,
      bottleneckCeilingGBps: f.bottleneck?.ceilingGBps,
      bottleneckReason: f.bottleneck?.reason,
      startNs: f.startNs,
      endNs: f.endNs,
    })),
  );
}
