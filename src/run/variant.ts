/**
 * Runs a set of workloads on a topology for one path variant, on a fresh simulator, and measures
 * it in the shape of the output contract (src/contract.ts): per flow throughput, IOPS and
 * latency percentiles; per link direction payload bytes and utilization; DRAM; IOMMU; events.
 */
import { Simulator } from "../sim/simulator.js";
import { gbytesPerSecond } from "../sim/units.js";
import type { Topology } from "../fabric/topology.js";
import { Fabric, type FabricOptions } from "../fabric/fabric.js";
import { Iommu } from "../fabric/iommu.js";
import { hostBridgeOf, portAcs, topologyTree } from "../kernel/index.js";
import { planFlow } from "../workload/plan.js";
import { TransferFlow } from "../workload/transfer.js";
import { pathFor, uniformVariant, type VariantSpec, type WorkloadSpec } from "../workload/workload.js";
import type { FlowResult, LinkResult, PathVariant, VariantResult } from "../contract.js";
import { runWatched, type WatchOptions } from "./watch.js";
import { Sampler, type SampledSeries } from "./sampler.js";
import { flowPath } from "./flow-path.js";
import { deviceTotals, flowBottleneck, resourceResults } from "./measure.js";
import { TraceRecorder, type TraceOptions } from "./trace.js";

export type { FlowResult, LinkResult, VariantResult } from "../contract.js";

export interface RunResult {
  result: VariantResult;
  fabric: Fabric;
  flows: TransferFlow[];
  /** Every probe and flow sampled per window (run/sampler.ts). */
  series: SampledSeries;
  /** The TLPs and jobs traced, when `RunOptions.trace` asked for them. */
  trace?: TraceRecorder;
}

/** A variant set up to run: its simulator, fabric and the plan of every flow. */
interface PreparedVariant {
  sim: Simulator;
  tree: ReturnType<typeof topologyTree>;
  fabric: Fabric;
  iommus: Iommu[];
  plans: ReturnType<typeof planFlow>[];
}

/** How to run (not what): engine choices that change no result. */
export interface RunOptions {
  /** See FabricOptions.lateArrivals (default true). */
  lateArrivals?: boolean;
  /** Time-series window, ps (default: between 64 and 128 windows per run). */
  windowPs?: number;
  /** Record a trace of the run's TLPs and jobs (run/trace.ts). */
  trace?: TraceOptions;
  /** Progress reports and limits while the variant runs (run/watch.ts). */
  watch?: WatchOptions;
  /** See FabricOptions.trains (default true). */
  trains?: boolean;
  /** See FabricOptions.traceLinks. */
  traceLinks?: boolean;
  /** See FabricOptions.trainFault (mutation tests only). */
  trainFault?: FabricOptions["trainFault"];
}

/** A variant as tests and scripts write it: a path for every workload, or a spec per workload. */
export type VariantInput = PathVariant | VariantSpec;

const specOf = (variant: VariantInput): VariantSpec => (typeof variant === "string" ? uniformVariant(variant) : variant);

function prepareVariant(topology: Topology, workloads: readonly WorkloadSpec[], variant: VariantSpec, seed: number, options: RunOptions = {}): PreparedVariant {
  const sim = new Simulator(seed);
  const tree = topologyTree(topology);
  const iommus: Iommu[] = [];
  const fabric = new Fabric(sim, topology, {
    acsOf: (node) => ({ capable: true, ...portAcs(tree, node.id) }),
    translatorFor: (hostBridge) => {
      const spec = topology.hostBridges.find((hb) => hb.id === hostBridge)!;
      if (spec.iommu.mode === "off") return undefined;
      const iommu = new Iommu(sim, { ...spec.iommu, name: `${hostBridge}.iommu` });
      iommus.push(iommu);
      return iommu;
    },
    ...(options.lateArrivals === undefined ? {} : { lateArrivals: options.lateArrivals }),
    ...(options.trains === undefined ? {} : { trains: options.trains }),
    ...(options.traceLinks ? { traceLinks: true } : {}),
    ...(options.trainFault ? { trainFault: options.trainFault } : {}),
  });
  const plans = workloads.map((w, i) => planFlow(topology, tree, fabric, w, i, pathFor(variant, w.name)));
  return { sim, tree, fabric, iommus, plans };
}

/** Runs every workload under `variant`; returns the measurements and, for tests, the fabric. */
export function runVariant(topology: Topology, workloads: readonly WorkloadSpec[], variant: VariantInput, seed: number, options: RunOptions = {}): RunResult {
  const spec = specOf(variant);
  return execute(prepareVariant(topology, workloads, spec, seed, options), spec.name, options);
}

/** What a variant's run depends on besides the topology and seed: its flows' plans. Equal keys, equal runs. */
function planKey(prepared: PreparedVariant): string {
  return JSON.stringify(prepared.plans, (field, value: unknown) => (field === "workload" ? (value as WorkloadSpec).name : value));
}

/**
 * For each variant, the index of the first variant with the same flow plans (its own index when it
 * is the first): runVariants simulates only those, and so may threads running them side by side.
 */
export function firstSameVariant(topology: Topology, workloads: readonly WorkloadSpec[], variants: readonly VariantInput[], seed: number): number[] {
  const first = new Map<string, number>();
  return variants.map((input, i) => {
    const key = planKey(prepareVariant(topology, workloads, specOf(input), seed));
    if (!first.has(key)) first.set(key, i);
    return first.get(key)!;
  });
}

/**
 * Runs each variant, but simulates a variant only once per distinct set of flow plans: `auto`
 * usually plans exactly what `p2p` or `bounce` does, and the same plans on the same topology and
 * seed give the same run, so its result is the earlier one's under its own name.
 */
export function runVariants(topology: Topology, workloads: readonly WorkloadSpec[], variants: readonly VariantInput[], seed: number, onVariant?: (done: number) => void, options: RunOptions = {}): RunResult[] {
  const byPlans = new Map<string, RunResult>();
  return variants.map((input, i) => {
    const variant = specOf(input);
    const prepared = prepareVariant(topology, workloads, variant, seed, options);
    const key = planKey(prepared);
    const earlier = byPlans.get(key);
    const run = earlier === undefined ? execute(prepared, variant.name, options) : { ...earlier, result: renamed(earlier.result, variant.name) };
    if (earlier === undefined) byPlans.set(key, run);
    onVariant?.(i + 1);
    return run;
  });
}

/** An earlier variant's result under another variant's name (its bottleneck sentences too). */
export function renamed(result: VariantResult, name: string): VariantResult {
  const copy = structuredClone(result);
  for (const f of copy.flows) if (f.bottleneck) f.bottleneck.reason = f.bottleneck.reason.replace(`${f.flow} (${result.path})`, `${f.flow} (${name})`);
  return { ...copy, path: name };
}

function execute({ sim, tree, fabric, iommus, plans }: PreparedVariant, variant: string, options: RunOptions): RunResult {
  const iommuOf = (device: string) => iommus.find((unit) => unit.params.name === `${hostBridgeOf(tree, device).id}.iommu`);
  const flows: Array<TransferFlow | undefined> = plans.map((plan, index) => {
    if (plan.unsupported !== undefined || plan.buffer === undefined) return undefined;
    const w = plan.workload;
    const endpoint = (id: string | undefined) => (id === undefined ? undefined : fabric.endpoints.get(id));
    const media = (id: string | undefined, role: "produce" | "consume") => (id === undefined ? undefined : fabric.media(id, role));
    // Per-I/O DMA mapping of DRAM buffers: each device that DMAs maps them in its own IOMMU domain.
    // (P2P BAR buffers are mapped once, when the driver allocates them.)
    const mappers = plan.path === "p2p" ? [] : [plan.writer, plan.reader].flatMap((device) => {
      const iommu = device === undefined ? undefined : iommuOf(device);
      return iommu !== undefined && iommu.params.mapping !== "static" ? [{ iommu, requester: fabric.requesterOf(device!) }] : [];
    });
    const flow = new TransferFlow(sim, {
      name: w.name,
      queue: index,
      ...(plan.writer ? { writer: endpoint(plan.writer)! } : {}),
      ...(plan.reader ? { reader: endpoint(plan.reader)! } : {}),
      ...(plan.produce ? { produce: media(plan.produce, "produce")! } : {}),
      ...(plan.consume ? { consume: media(plan.consume, "consume")! } : {}),
      buffer: plan.buffer,
      pattern: w.pattern,
      random: sim.random.stream(`workload/${w.name}`),
      totalBytes: w.totalBytes,
      ...(w.durationPs !== undefined ? { durationPs: w.durationPs } : {}),
      ioBytes: w.ioBytes,
      chunkBytes: plan.chunkBytes,
      queueDepth: w.queueDepth,
      startPs: w.startPs,
      ...(mappers.length > 0
        ? {
            mapPs: (address: number, bytes: number) => mappers.reduce((sum, m) => sum + m.iommu.map(address, bytes), 0),
            unmapPs: (address: number, bytes: number) => mappers.reduce((sum, m) => sum + m.iommu.unmap(address, bytes, m.requester), 0),
          }
        : {}),
    });
    flow.start();
    return flow;
  });
  const simulated = flows.filter((f): f is TransferFlow => f !== undefined);
  const sampler = new Sampler(sim, simulated.map((f) => ({ name: f.params.name, bytes: () => f.bytesDone })), options.windowPs);
  const trace = options.trace === undefined ? undefined : new TraceRecorder(sim, options.trace);
  runWatched(sim, fabric, simulated, variant, options.watch);

  const simulatedPs = sim.now;
  const series = sampler.finish(simulatedPs);
  const flowResults = plans.map((plan, i): FlowResult => {
    const flow = flows[i];
    const base = { flow: plan.workload.name, path: plan.path, route: plan.route, kernel: plan.kernel };
    const warnings = plan.warnings.length > 0 ? { warnings: plan.warnings } : {};
    if (flow === undefined) {
      return { ...base, supported: false, note: plan.unsupported ?? "not simulated", bytes: 0, durationNs: 0, throughputGBps: 0, iops: 0, latencyNs: { mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 } };
    }
    const durationPs = flow.lastEndPs - flow.firstStartPs;
    return {
      ...base,
      supported: true,
      bytes: flow.bytesDone,
      durationNs: durationPs / 1000,
      throughputGBps: gbytesPerSecond(flow.bytesDone, durationPs),
      iops: (flow.iosDone * 1e12) / durationPs,
      latencyNs: flow.latency.summary(),
      ...warnings,
      startNs: flow.firstStartPs / 1000,
      endNs: flow.lastEndPs / 1000,
    };
  });

  const links: LinkResult[] = [];
  for (const link of fabric.links.values()) {
    for (const [direction, dir] of [["up", link.up], ["down", link.down]] as const) {
      links.push({
        link: link.name,
        direction,
        bytes: dir.stats.payloadBytes,
        wireBytes: dir.stats.wireBytes,
        tlps: dir.stats.tlps,
        utilization: simulatedPs > 0 ? Math.min(1, dir.stats.busyPs / simulatedPs) : 0,
        creditStallNs: dir.stats.creditStallPs / 1000,
      });
    }
  }
  const sockets = [...fabric.memories].map(([socket, server]) => ({ socket, bytes: server.bytes, utilization: simulatedPs > 0 ? Math.min(1, server.busyPs / simulatedPs) : 0 }));
  const interconnect = [...fabric.interconnects].map(([key, server]) => {
    const [from, to] = key.split(">") as [string, string];
    return { from, to, bytes: server.bytes, utilization: simulatedPs > 0 ? Math.min(1, server.busyPs / simulatedPs) : 0 };
  });
  const iommu = { lookups: 0, hits: 0, misses: 0, walks: 0 };
  for (const unit of iommus) {
    iommu.lookups += unit.stats.lookups;
    iommu.hits += unit.stats.hits;
    iommu.misses += unit.stats.misses;
    iommu.walks += unit.stats.walks;
  }
  // Bottlenecks: each flow over its own active time, among the resources on its path.
  const paths = plans.map((plan) => (plan.buffer === undefined || plan.unsupported !== undefined ? [] : flowPath(tree, fabric, plan)));
  const spans = flowResults.map((f, i) => ({ name: f.flow, startPs: (f.startNs ?? 0) * 1000, endPs: (f.endNs ?? 0) * 1000, path: paths[i]! }));
  flowResults.forEach((f, i) => {
    if (!f.supported) return;
    const others = spans.filter((_, j) => j !== i && flowResults[j]!.supported);
    const w = plans[i]!.workload;
    const inFlight = { queueDepth: w.queueDepth, ioBytes: w.ioBytes, meanLatencyNs: f.latencyNs.mean };
    const bottleneck = flowBottleneck(series, { ...f, startPs: spans[i]!.startPs, endPs: spans[i]!.endPs }, variant, paths[i]!, others, inFlight);
    if (bottleneck) f.bottleneck = bottleneck;
  });
  const isDevice = (id: string) => fabric.endpoints.has(id);
  const devices = deviceTotals(
    flowResults.map((f, i) => ({ flow: f.flow, from: plans[i]!.workload.from, to: plans[i]!.workload.to, bytes: f.bytes, startPs: spans[i]!.startPs, endPs: spans[i]!.endPs })),
    isDevice,
  );
  const result: VariantResult = {
    path: variant,
    flows: flowResults,
    links,
    dram: { bytes: sockets.reduce((s, x) => s + x.bytes, 0), utilization: Math.max(0, ...sockets.map((x) => x.utilization)), sockets },
    interconnect,
    iommu,
    resources: resourceResults(series, simulatedPs),
    devices,
    windowNs: series.windowPs / 1000,
    events: sim.events,
    simulatedNs: simulatedPs / 1000,
  };
  return { result, fabric, flows: simulated, series, ...(trace ? { trace } : {}) };
}
