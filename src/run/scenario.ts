/**
 * One scenario, every variant: the runs and what the report needs from them (the summary, every
 * I/O's latency, an analytic ceiling per flow). Shared by `p2psim run`, the sweep and the library API.
 * `runScenarioOnPool` runs the distinct variants side by side on worker threads; its result is the
 * same, byte for byte, as `runScenario`'s (each variant has a simulator and seed of its own).
 */
import { analyticBandwidth } from "../model/analytic.js";
import type { LinkConfig, PayloadSize } from "../pcie/spec.js";
import type { EndpointSpec, Topology } from "../fabric/topology.js";
import { firstSameVariant, renamed, runVariants, type RunResult } from "./variant.js";
import type { WatchOptions } from "./watch.js";
import { scenarioFromData } from "../scenario/load.js";
import type { VariantResult } from "../contract.js";
import { runOnPool, type WorkerPool } from "./worker-pool.js";
import type { WorkloadSpec } from "../workload/workload.js";
import type { LoadedScenario } from "../scenario/load.js";
import type { RunArtifacts, Summary } from "../report/types.js";
import { provenanceOf } from "./provenance.js";
import { timeSeriesRows } from "./measure.js";
import type { TraceOptions } from "./trace.js";
import type { TimeSeriesRow, TraceEvent } from "../report/types.js";

export interface RunScenarioOptions {
  seed?: number;
  /** Time-series window, ps (default: the scenario's `window:`, else between 64 and 128 windows per run). */
  windowPs?: number;
  /** Trace the TLPs (`--trace`): every variant's, one process each. */
  trace?: TraceOptions;
  /** Called after each variant, with how many are done and how many in all. */
  onVariant?: (done: number, total: number) => void;
  /** Progress reports and limits while each variant runs (see src/run/watch.ts). */
  watch?: WatchOptions;
  /**
   * Give every TLP events of its own (links send no trains, receivers take no arrival late): the
   * per-TLP reference the fast path is held to. Same results but for the engine's `events`; slower.
   */
  perTlp?: boolean;
}

/**
 * A variant's run as it crosses threads: its measurements, every I/O's latency per flow, its time
 * series (rows labelled with the variant that ran) and its trace when one was asked for.
 */
export interface VariantRun {
  result: VariantResult;
  latency: Array<[flow: string, latencyNs: Float64Array]>;
  timeSeries: TimeSeriesRow[];
  trace?: { events: TraceEvent[]; dropped: number };
}

const variantRun = ({ result, flows, series, trace }: RunResult): VariantRun => ({
  result,
  latency: flows.map((f) => [f.params.name, Float64Array.from(f.latency.values())]),
  timeSeries: timeSeriesRows(series, result.path),
  ...(trace === undefined ? {} : { trace: { events: trace.events, dropped: trace.dropped } }),
});

/**
 * What a variant's run takes besides the scenario and seed (serializable: it crosses to worker
 * threads). The window: `options.windowPs` (`--window`), else the scenario's `window:`.
 */
const runOptionsOf = (options: Pick<RunScenarioOptions, "windowPs" | "trace">, loaded: LoadedScenario) => {
  const windowPs = options.windowPs ?? loaded.scenario.window;
  return {
    ...(windowPs !== undefined ? { windowPs } : {}),
    ...(options.trace !== undefined ? { trace: options.trace } : {}),
  };
};

export function runScenario(loaded: LoadedScenario, options: RunScenarioOptions = {}): RunArtifacts {
  const seed = options.seed ?? loaded.scenario.seed;
  const runs = runVariants(loaded.topology, loaded.workloads, loaded.variants, seed, (done) => options.onVariant?.(done, loaded.variants.length), {
    ...runOptionsOf(options, loaded),
    ...(options.watch !== undefined ? { watch: options.watch } : {}),
    ...(options.perTlp === true ? { trains: false, lateArrivals: false } : {}),
  });
  return artifactsOf(loaded, seed, runs.map(variantRun), options.trace);
}

/** One variant of a scenario given as data, for a worker thread. */
export interface VariantJob {
  /** The scenario's data (presets and edits applied): LoadedScenario.raw. */
  data: Record<string, unknown>;
  where: string;
  /** Index into the scenario's variants. */
  variant: number;
  seed: number;
  /** Limits that hold in a worker thread too (progress reports stay with the calling thread). */
  limits?: Pick<WatchOptions, "maxWallMs" | "maxSimPs" | "startedAtMs">;
  windowPs?: number;
  trace?: TraceOptions;
}

/** Runs one variant of a scenario given as data (in a worker thread, or this one). */
export function runVariantJob(job: VariantJob, watch: WatchOptions | undefined = job.limits): VariantRun {
  const loaded = scenarioFromData(job.data, job.where);
  const options = { ...runOptionsOf(job, loaded), ...(watch !== undefined ? { watch } : {}) };
  return variantRun(runVariants(loaded.topology, loaded.workloads, [loaded.variants[job.variant]!], job.seed, undefined, options)[0]!);
}

/** A scenario's runs cut into one job per distinct variant, and how to put their results together again. */
export interface VariantRuns {
  jobs: VariantJob[];
  /** The artifacts `runScenario` gives, from the jobs' runs in job order. */
  artifacts(runs: readonly VariantRun[]): RunArtifacts;
}

/**
 * The distinct variants of `loaded` (those whose flows plan differently; `auto` usually repeats
 * `p2p` or `bounce`) as jobs, to run side by side on threads.
 */
export function variantRuns(loaded: LoadedScenario, options: Pick<RunScenarioOptions, "seed" | "watch" | "windowPs" | "trace"> = {}): VariantRuns {
  const seed = options.seed ?? loaded.scenario.seed;
  const first = firstSameVariant(loaded.topology, loaded.workloads, loaded.variants, seed);
  const distinct = first.flatMap((f, i) => (f === i ? [i] : []));
  const { maxWallMs, maxSimPs } = options.watch ?? {};
  const limits = maxWallMs === undefined && maxSimPs === undefined ? undefined : { maxWallMs, maxSimPs, startedAtMs: options.watch?.startedAtMs ?? Date.now() };
  return {
    jobs: distinct.map((variant) => ({ data: loaded.raw, where: loaded.file, variant, seed, ...runOptionsOf(options, loaded), ...(limits === undefined ? {} : { limits }) })),
    artifacts: (runs) => {
      const byIndex = new Map(distinct.map((variant, i) => [variant, runs[i]!]));
      // A variant that repeats an earlier one's plans gets that run under its own name, as runVariants gives it.
      const all = loaded.variants.map((variant, i) => {
        const run = byIndex.get(first[i]!)!;
        return first[i] === i ? run : { ...run, result: renamed(run.result, variant.name) };
      });
      return artifactsOf(loaded, seed, all, options.trace);
    },
  };
}

/**
 * `runScenario` with the distinct variants run side by side: this thread and the pool's workers
 * each take one. The same scenario and seed give the same artifacts as `runScenario`, whatever the
 * pool's size.
 */
export async function runScenarioOnPool(loaded: LoadedScenario, pool: WorkerPool | undefined, options: RunScenarioOptions = {}): Promise<RunArtifacts> {
  const { jobs, artifacts } = variantRuns(loaded, options);
  const total = loaded.variants.length;
  const runs = await runOnPool<VariantRun>(jobs.map((job) => ({ kind: "variant", job })), pool, async (j) => runVariantJob((j as { job: VariantJob }).job, options.watch), (n) => options.onVariant?.(n, total));
  options.onVariant?.(total, total);
  return artifacts(runs);
}

function artifactsOf(loaded: LoadedScenario, seed: number, runs: readonly VariantRun[], traceOptions: TraceOptions | undefined): RunArtifacts {
  const latencySamples = new Map<string, Map<string, Float64Array>>();
  const variants = runs.map(({ result, latency }, i) => {
    latencySamples.set(loaded.variants[i]!.name, new Map(latency));
    return result;
  });
  // A variant that repeats an earlier one's run carries that run's rows: label them with its own name.
  const timeSeries = runs.flatMap((r, i) => {
    const name = loaded.variants[i]!.name;
    return r.timeSeries.map((row) => (row.variant === name ? row : { ...row, variant: name }));
  });
  const summary: Summary = {
    scenario: loaded.scenario.name,
    description: loaded.scenario.description,
    seed,
    ...(loaded.assumptions.length > 0 ? { assumptions: loaded.assumptions } : {}),
    variants,
    provenance: provenanceOf(loaded, seed),
  };
  const trace =
    traceOptions === undefined
      ? {}
      : { trace: traceEvents(runs.map((r, i) => ({ variant: loaded.variants[i]!.name, events: [...(r.trace?.events ?? []), ...counterEvents(timeSeries, loaded.variants[i]!.name, traceOptions)], dropped: r.trace?.dropped ?? 0 }))) };
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
