/**
 * Naming the resource that bounds a flow, from what the probes measured over the flow's own
 * active time (see `Bottleneck` in src/contract.ts for the rule), with the ceiling it implies and
 * one sentence that says why, built from the measured facts only.
 */
import type { Bottleneck } from "../contract.js";

/** One resource on a flow's path, measured over the flow's active time. */
export interface MeasuredResource {
  resource: string;
  kind: string;
  device: string;
  /** Fraction of the flow's active time busy (pools: saturated). */
  utilization: number;
  /** Times the flow's bytes cross it. */
  passes: number;
  /** Rate when busy, GB/s (servers and links); the flow's own rate there when it differs (a medium's write rate). */
  rateGBps?: number;
  /** Pools: units, and the mean in use over the flow's active time. */
  units?: number;
  meanInUse?: number;
  /** Links: payload and wire bytes and TLPs over the flow's active time. */
  link?: { payloadBytes: number; wireBytes: number; tlps: number };
  /** Other flows that used it while this one ran. */
  sharedWith: string[];
  /** For media: whether this flow reads or writes there. */
  role?: "read" | "write";
}

const SERVERS = new Set(["link", "media", "bar", "p2p-engine", "rc-fabric", "dram", "interconnect", "mesh"]);
const POOLS = new Set(["iommu-walkers", "tags", "buffers"]);
/** A server this busy bounds the flow; pools filling up behind it are its symptom. */
export const SERVER_BOUND = 0.9;

/** The ceiling (GB/s) a resource implies for a flow moving at `throughputGBps`. */
export function ceilingOf(r: MeasuredResource, throughputGBps: number): number {
  if (POOLS.has(r.kind)) {
    // Little's law: throughput = units in use x bytes per use / hold time, so all units give units / in-use times more.
    return r.meanInUse !== undefined && r.meanInUse > 0 && r.units !== undefined ? (throughputGBps * r.units) / r.meanInUse : Infinity;
  }
  const rate = r.rateGBps ?? Infinity;
  const payloadShare = r.link !== undefined && r.link.wireBytes > 0 ? r.link.payloadBytes / r.link.wireBytes : 1;
  return (rate * payloadShare) / r.passes;
}

/** A flow's own concurrency: I/Os in flight, their size and their mean latency. */
export interface InFlight {
  queueDepth: number;
  ioBytes: number;
  meanLatencyNs: number;
}

/**
 * The bottleneck of a flow among the resources on its path, or undefined when none was measured
 * busy. When nothing on the path is 90 % busy and the flow's concurrency is given and keeps it at
 * 90 % or more of what Little's law allows, the bound is its queue depth (see queueDepthBound).
 */
export function attribute(flow: string, variant: string, throughputGBps: number, candidates: readonly MeasuredResource[], inFlight?: InFlight): Bottleneck | undefined {
  const busiest = (pool: readonly MeasuredResource[]) =>
    pool.reduce<MeasuredResource | undefined>((best, r) => (best === undefined || r.utilization > best.utilization + 1e-9 ? r : best), undefined);
  const servers = candidates.filter((r) => SERVERS.has(r.kind) && r.rateGBps !== undefined && Number.isFinite(r.rateGBps));
  const pools = candidates.filter((r) => POOLS.has(r.kind));
  const topServer = busiest(servers);
  const topAll = busiest([...servers, ...pools]);
  const chosen = topServer !== undefined && topServer.utilization >= SERVER_BOUND ? topServer : topAll;
  if (chosen !== undefined && chosen.utilization < SERVER_BOUND && inFlight !== undefined) {
    // Only when Little's law holds for the flow (steady, its queue kept full): a flow whose every
    // I/O starts at once is bound by neither, and its busiest resource is named instead.
    const bound = queueDepthBound(flow, variant, throughputGBps, inFlight, chosen);
    if (bound.ofCeiling >= SERVER_BOUND) return bound;
  }
  if (chosen === undefined || chosen.utilization <= 0) return undefined;
  const ceilingGBps = ceilingOf(chosen, throughputGBps);
  return {
    resource: chosen.resource,
    kind: chosen.kind,
    utilization: chosen.utilization,
    ceilingGBps,
    ofCeiling: Number.isFinite(ceilingGBps) && ceilingGBps > 0 ? throughputGBps / ceilingGBps : 0,
    sharedWith: chosen.sharedWith,
    reason: reasonFor(flow, variant, chosen, ceilingGBps),
  };
}

/**
 * Nothing on the path is 90 % busy: the flow's own I/Os in flight over their latency set its rate
 * (Little's law), and the busiest resource is named in the sentence as the one closest to binding.
 * Resource "<flow> queue depth", kind "queue-depth"; its utilization is the flow's share of that ceiling.
 */
function queueDepthBound(flow: string, variant: string, throughputGBps: number, { queueDepth, ioBytes, meanLatencyNs }: InFlight, busiest: MeasuredResource): Bottleneck {
  const ceilingGBps = meanLatencyNs > 0 ? (queueDepth * ioBytes) / meanLatencyNs : Infinity;
  const ofCeiling = Number.isFinite(ceilingGBps) && ceilingGBps > 0 ? throughputGBps / ceilingGBps : 0;
  return {
    resource: `${flow} queue depth`,
    kind: "queue-depth",
    utilization: Math.min(1, ofCeiling),
    ceilingGBps,
    ofCeiling,
    sharedWith: [],
    reason:
      `${flow} (${variant}) is bound by its queue depth: ${queueDepth} I/Os of ${ioBytes} B in flight over ${(meanLatencyNs / 1000).toFixed(1)} us each allow ${gbps(ceilingGBps)} (Little's law); ` +
      `nothing on its path is ${(100 * SERVER_BOUND).toFixed(0)} % busy, the busiest being ${busiest.resource} at ${pct(busiest.utilization)}`,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const gbps = (x: number) => `${x.toFixed(2)} GB/s`;
const times = (n: number) => (n === 1 ? "" : n === 2 ? ", and the data crosses it twice" : `, and the data crosses it ${n} times`);

/** "nic-to-ssd (p2p) is bound by sw0-nvme0 down at 99.7 %: ..." */
export function reasonFor(flow: string, variant: string, r: MeasuredResource, ceilingGBps: number): string {
  const head = `${flow} (${variant}) is bound by ${r.resource} at ${pct(r.utilization)}`;
  const shared = r.sharedWith.length > 0 ? `; shared with ${r.sharedWith.join(", ")}` : "";
  return `${head}: ${why(r, ceilingGBps)}${shared}`;
}

function why(r: MeasuredResource, ceilingGBps: number): string {
  switch (r.kind) {
    case "link": {
      const l = r.link!;
      const payload = l.tlps > 0 ? Math.round(l.payloadBytes / l.tlps) : 0;
      const wire = l.tlps > 0 ? Math.round(l.wireBytes / l.tlps) : 0;
      return `its TLPs carry ${payload} B of payload in ${wire} wire bytes each, so it moves at most ${gbps(ceilingGBps)} of data${times(r.passes)}`;
    }
    case "media":
      return `${r.device}'s media ${r.role === "write" ? "writes" : "reads"} at ${gbps(r.rateGBps!)}${r.resource.endsWith("shared") ? ", taking turns with its " + (r.role === "write" ? "reads" : "writes") : ""}${times(r.passes)}`;
    case "bar":
      return `${r.device}'s BAR memory serves ${gbps(r.rateGBps!)}${times(r.passes)}`;
    case "p2p-engine":
      return `host bridge ${r.device} forwards peer-to-peer data at ${gbps(r.rateGBps!)}${times(r.passes)}`;
    case "rc-fabric":
      return `host bridge ${r.device}'s internal fabric carries ${gbps(r.rateGBps!)}${times(r.passes)}`;
    case "dram":
      return `${r.device} DRAM serves ${gbps(r.rateGBps!)}${times(r.passes)}, so the flow gets at most ${gbps(ceilingGBps)}`;
    case "interconnect":
    case "mesh":
      return `the ${r.kind === "mesh" ? "socket's mesh" : "socket interconnect"} carries ${gbps(r.rateGBps!)} this way${times(r.passes)}`;
    case "iommu-walkers":
      return `all ${r.units} page walkers of ${r.device} are busy, ${(r.meanInUse ?? 0).toFixed(1)} on average, which allows ${gbps(ceilingGBps)} (Little's law)`;
    case "tags":
      return `all ${r.units} of ${r.device}'s read tags are in use, ${(r.meanInUse ?? 0).toFixed(1)} on average, which allows ${gbps(ceilingGBps)} (Little's law)`;
    case "buffers":
      return `all ${r.units} staging-buffer slots are held and chunks wait for one, which allows ${gbps(ceilingGBps)} (Little's law)`;
    default:
      return `it allows ${gbps(ceilingGBps)}`;
  }
}
