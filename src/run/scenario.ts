/**
 * One scenario, every variant: the runs and what the report needs from them (the summary, every
 * I/O's latency, an analytic ceiling per flow). Shared by `p2psim run`, the sweep and the library API.
 */
import { analyticBandwidth } from "../model/analytic.js";
import type { LinkConfig, PayloadSize } from "../pcie/spec.js";
import type { EndpointSpec, Topology } from "../fabric/topology.js";
import { runVariants } from "./variant.js";
import type { WorkloadSpec } from "../workload/workload.js";
import type { LoadedScenario } from "../scenario/load.js";
import type { RunArtifacts, Summary } from "../report/types.js";
import { provenanceOf } from "./provenance.js";
import { timeSeriesRows } from "./measure.js";
import type { TraceOptions } from "./trace.js";
import type { TimeSeriesRow, TraceEvent } from "../report/types.js";

export interface RunScenarioOptions {
  seed?: number;
  /** Time-series window, ps (default: between 64 and 128 windows per run). */
  windowPs?: number;
  /** Trace the TLPs (`--trace`): every variant's, one process each. */
  trace?: TraceOptions;
  /** Called after each variant, with how many are done and how many in all. */
  onVariant?: (done: number, total: number) => void;
}

export function runScenario(loaded: LoadedScenario, options: RunScenarioOptions = {}): RunArtifacts {
  const seed = options.seed ?? loaded.scenario.seed;
  const latencySamples = new Map<string, Map<string, Float64Array>>();
  const runs = runVariants(loaded.topology, loaded.workloads, loaded.variants, seed, (done) => options.onVariant?.(done, loaded.variants.length), {
    ...(options.windowPs !== undefined ? { windowPs: options.windowPs } : {}),
    ...(options.trace !== undefined ? { trace: options.trace } : {}),
  });
  const variants = runs.map(({ result, flows }, i) => {
    latencySamples.set(loaded.variants[i]!.name, new Map(flows.map((f) => [f.params.name, Float64Array.from(f.latency.values())])));
    return result;
  });
  const timeSeries = runs.flatMap((r, i) => timeSeriesRows(r.series, loaded.variants[i]!.name));
  const summary: Summary = {
    scenario: loaded.scenario.name,
    description: loaded.scenario.description,
    seed,
    ...(loaded.assumptions.length > 0 ? { assumptions: loaded.assumptions } : {}),
    variants,
    provenance: provenanceOf(loaded, seed),
  };
  const trace =
    options.trace === undefined
      ? {}
      : { trace: traceEvents(runs.map((r, i) => ({ variant: loaded.variants[i]!.name, events: [...(r.trace?.events ?? []), ...counterEvents(timeSeries, loaded.variants[i]!.name, options.trace!)], dropped: r.trace?.dropped ?? 0 }))) };
  return { summary, latencySamples, ceilingsGBps: flowCeilings(loaded.topology, loaded.workloads), timeSeries, ...trace };
}

/** Kinds whose filling up the trace shows as counters: pools (tags, walkers, buffers) and credit stalls. */
const QUEUE_KINDS = new Set(["tags", "iommu-walkers", "buffers", "credits"]);

/**
 * Counter events ("C") per window for the resources that fill up: the fraction of each window a
 * pool was saturated or a link direction stalled on credits, so a trace viewer shows the queues
 * fill beside the TLPs. Only windows inside the traced time.
 */
function counterEvents(rows: readonly TimeSeriesRow[], variant: string, options: TraceOptions): TraceEvent[] {
  const from = (options.fromPs ?? 0) / 1000;
  const to = (options.toPs ?? Infinity) / 1000;
  return rows
    .filter((r) => r.variant === variant && r.series === "resource" && QUEUE_KINDS.has(r.kind) && r.windowStartNs >= from && r.windowStartNs < to)
    .map((r) => ({ name: r.name, cat: r.kind, ph: "C" as const, ts: r.windowStartNs / 1000, pid: 0, tid: 0, args: { saturated: r.utilization } }));
}

/** Every variant's trace events, one process (pid) per variant, named after it. */
function traceEvents(variants: ReadonlyArray<{ variant: string; events: readonly TraceEvent[]; dropped: number }>): TraceEvent[] {
  return variants.flatMap(({ variant, events, dropped }, i) => [
    { name: "process_name", ph: "M" as const, ts: 0, pid: i + 1, tid: 0, args: { name: variant, ...(dropped > 0 ? { droppedEvents: dropped } : {}) } },
    ...events.map((e) => ({ ...e, pid: i + 1 })),
  ]);
}

/**
 * The analytic ceiling of each flow: the closed-form DMA bandwidth of the links at its two ends
 * (writes on the source's link, reads on the destination's) and the media rates, whichever is
 * lowest. Paths through switches and root complexes can only be slower.
 */
export function flowCeilings(topology: Topology, workloads: readonly WorkloadSpec[]): Map<string, number> {
  const endpoints = new Map(topology.nodes.filter((n): n is EndpointSpec => n.type === "endpoint").map((n) => [n.id, n]));
  const mps = Math.min(...[...endpoints.values()].map((e) => e.dma.mps)) as PayloadSize;
  const ceilings = new Map<string, number>();
  for (const w of workloads) {
    const bounds: number[] = [];
    const linkBound = (device: EndpointSpec | undefined, op: "read" | "write") => {
      const link: LinkConfig | undefined = device?.link;
      if (device === undefined || link === undefined) return;
      const r = analyticBandwidth({ link, mps, mrrs: device.dma.mrrs, sizeBytes: w.ioBytes, op, dllpFactor: topology.links?.dllpFactor ?? 1 });
      bounds.push(r.totalGBps);
    };
    const from = endpoints.get(w.from);
    const to = endpoints.get(w.to);
    linkBound(from, "write");
    linkBound(to, to?.bar !== undefined && from !== undefined ? "write" : "read");
    if (from?.media) bounds.push(from.media.rateGBps);
    if (to?.media) bounds.push(to.media.writeRateGBps ?? to.media.rateGBps);
    if (bounds.length > 0) ceilings.set(w.name, Math.min(...bounds));
  }
  return ceilings;
}
