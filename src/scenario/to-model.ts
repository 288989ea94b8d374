/**
 * From a validated scenario to the model's plain data: the `Topology` that kernel decisions and
 * the fabric are built from, and the workloads. Units are already the model's (bytes, ps, GB/s).
 */
import type { EndpointKind, EndpointSpec, NodeSpec, Topology } from "../fabric/topology.js";
import { resolveMedia } from "./kind-defaults.js";
import type { PayloadSize } from "../pcie/spec.js";
import { uniformVariant, type PathVariant, type VariantSpec, type WorkloadSpec } from "../workload/workload.js";
import type { Scenario } from "./scenario-schema.js";
import { ENDPOINT_CREDITS, ROOT_PORT_CREDITS, SWITCH_PORT_CREDITS, type CreditLimits } from "../pcie/credits.js";

type Buffers = NonNullable<Scenario["fabric"][number]["buffers"]>;

/** Credit limits from a scenario's `buffers` over the port type's defaults (data in 16 B credits). */
export function creditsFrom(buffers: Buffers | undefined, defaults: CreditLimits): CreditLimits | undefined {
  if (buffers === undefined) return undefined;
  return {
    ph: buffers.postedHeaders ?? defaults.ph,
    pd: buffers.postedData !== undefined ? Math.floor(buffers.postedData / 16) : defaults.pd,
    nph: buffers.nonPostedHeaders ?? defaults.nph,
    npd: defaults.npd,
    cplh: buffers.completionHeaders ?? defaults.cplh,
    cpld: buffers.completionData !== undefined ? Math.floor(buffers.completionData / 16) : defaults.cpld,
  };
}

/** Walk levels of a 4-level x86 page walk by IOMMU page size. */
export const WALK_LEVELS: Readonly<Record<number, number>> = { 4096: 4, 2097152: 3, 1073741824: 2 };

/** The scenario's topology and what its device kinds assumed in filling it in. */
export function toTopology(s: Scenario): Topology {
  return toTopologyWithAssumptions(s).topology;
}

export function toTopologyWithAssumptions(s: Scenario): { topology: Topology; assumptions: string[] } {
  const assumptions: string[] = [];
  const topology = buildTopology(s, assumptions);
  return { topology, assumptions };
}

function buildTopology(s: Scenario, assumptions: string[]): Topology {
  const p = s.platform;
  const mps = p.mps;
  return {
    cpu: p.cpu,
    sockets: p.sockets.map((socket) => ({
      id: socket.id,
      memory: { bandwidthGBps: socket.memory.bandwidth, latencyPs: socket.memory.latency },
      mesh: { bandwidthGBps: socket.mesh.bandwidth ?? Infinity, latencyPs: socket.mesh.latency },
    })),
    interconnect: {
      bandwidthGBps: p.interconnect.bandwidth,
      latencyPs: p.interconnect.latency,
      ioWriteEfficiency: p.interconnect.io.writeEfficiency,
      ioReadEfficiency: p.interconnect.io.readEfficiency,
    },
    hostBridges: p.hostBridges.map((hb) => ({
      id: hb.id,
      socket: hb.socket,
      deviceId: hb.deviceId.toLowerCase(),
      iommu: {
        mode: hb.iommu.mode,
        iotlb: { entries: hb.iommu.iotlb.entries, ways: hb.iommu.iotlb.ways, pageBytes: hb.iommu.iotlb.pageSize },
        hitLatencyPs: hb.iommu.hitLatency,
        // `walkLatency` is a full 4-level walk; one page-table access is a quarter of it.
        walkAccessLatencyPs: Math.round(hb.iommu.walkLatency / 4),
        walkers: hb.iommu.walkers,
        walkCacheEntries: hb.iommu.walkCache,
        mapping: hb.iommu.mapping,
      },
      p2p: {
        reads: hb.p2p.reads,
        writes: hb.p2p.writes,
        latencyPs: hb.p2p.latency,
        bandwidthGBps: hb.p2p.bandwidth ?? Infinity,
        sharedBandwidthGBps: hb.p2p.sharedBandwidth ?? Infinity,
        tlpBytes: hb.p2p.tlpSize,
      },
      fabric: { latencyPs: hb.fabric.latency, bandwidthGBps: hb.fabric.bandwidth },
      remoteReads: hb.remoteReads ?? Infinity,
    })),
    kernel: { disableAcsRedir: p.kernel.disableAcsRedir },
    links: { dllpFactor: p.links.dllpFactor, latencyPs: p.links.latency },
    nodes: s.fabric.map((n): NodeSpec => {
      if (n.type === "root-port") {
        const credits = creditsFrom(n.buffers, ROOT_PORT_CREDITS);
        return { id: n.id, type: "root-port", hostBridge: n.hostBridge, acs: n.acs, ...(credits ? { credits } : {}) };
      }
      if (n.type === "switch") {
        const credits = creditsFrom(n.buffers, SWITCH_PORT_CREDITS);
        return { id: n.id, type: "switch", parent: n.parent, link: n.link, latencyPs: n.latency, acs: n.acs, ...(credits ? { credits } : {}) };
      }
      const credits = creditsFrom(n.buffers, ENDPOINT_CREDITS);
      const media = (id: string, kind: EndpointKind, given: NonNullable<typeof n.media>) => {
        const resolved = resolveMedia(id, kind, given);
        assumptions.push(...resolved.assumptions);
        return resolved.media;
      };
      const e: EndpointSpec = {
        id: n.id,
        type: "endpoint",
        kind: n.kind,
        dma: { mps: (mps ?? n.dma.mps) as PayloadSize, mrrs: n.dma.mrrs as PayloadSize, tags: n.dma.tags, tlpRate: n.dma.tlpRate ?? Infinity },
        ...(n.parent !== undefined ? { parent: n.parent } : {}),
        ...(n.link !== undefined ? { link: n.link } : {}),
        ...(n.functionOf !== undefined ? { functionOf: n.functionOf } : {}),
        ...(n.bar ? { bar: { sizeBytes: n.bar.size, latencyPs: n.bar.latency, bandwidthGBps: n.bar.bandwidth, ...(n.bar.latencyP99 !== undefined ? { latencyP99Ps: n.bar.latencyP99 } : {}) } } : {}),
        ...(n.media ? { media: media(n.id, n.kind, n.media) } : {}),
        ...(n.ats ? { ats: { entries: n.ats.entries } } : {}),
        ...(credits ? { credits } : {}),
      };
      return e;
    }),
  };
}

export function toWorkloads(s: Scenario): WorkloadSpec[] {
  return s.workloads.map((w) => ({
    name: w.name,
    from: w.from,
    to: w.to,
    totalBytes: w.size ?? Infinity,
    ...(w.duration !== undefined ? { durationPs: w.duration } : {}),
    ioBytes: w.io,
    queueDepth: w.queueDepth,
    pattern: w.pattern,
    workingSetBytes: w.workingSet,
    startPs: w.start,
    ...(w.chunk !== undefined ? { chunkBytes: w.chunk } : {}),
    ...(w.bounce ? { bounce: { ...(w.bounce.buffers !== undefined ? { buffers: w.bounce.buffers } : {}), ...(w.bounce.socket ? { socket: w.bounce.socket } : {}) } } : {}),
    ...(w.p2p?.buffers !== undefined ? { p2p: { buffers: w.p2p.buffers } } : {}),
  }));
}

export function toVariants(s: Scenario): VariantSpec[] {
  return s.compare.map((entry) =>
    typeof entry === "string" ? uniformVariant(entry as PathVariant) : { name: entry.name, paths: entry.paths as Record<string, PathVariant>, fallback: entry.default as PathVariant },
  );
}


