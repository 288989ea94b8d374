/**
 * Planning a workload on a fabric: which staging buffer, which legs, and whether the platform can
 * carry it, before anything is simulated.
 *
 * - Host memory on one side: the other device DMAs to or from that socket's DRAM (no variant).
 * - `bounce`: a pool of buffers in DRAM; the source writes in, the destination reads out.
 * - `p2p`: the provider Linux would pick among every BAR (pci_p2pmem_find_many over both devices),
 *   or the one named by `p2p:<id>`. The source writes into it unless it is the source's own; the
 *   destination reads out of it unless it is its own. A leg the kernel maps NOT_SUPPORTED, or that
 *   crosses a host bridge which does not forward that kind of TLP, makes the variant unsupported:
 *   reported with the reason, never simulated.
 * - `auto`: p2p where the kernel and the platform allow it, else bounce.
 */
import type { Topology } from "../fabric/topology.js";
import type { Fabric } from "../fabric/fabric.js";
import { findProvider, hostBridgeOf, p2pDecision, type P2pDecision, type TopologyTree } from "../kernel/index.js";
import type { BufferSpace } from "./transfer.js";
import type { PathVariant, WorkloadSpec } from "./workload.js";

/** What the kernel says of a flow (DESIGN section 4): map type, distance, nvidia-smi class. */
export interface KernelView {
  mapType: string;
  distance: number;
  topo: string;
  reason: string;
  warning?: string;
}

export interface FlowPlan {
  workload: WorkloadSpec;
  /** The path simulated: "p2p", "bounce" or "host" (host memory on one side). */
  path: "p2p" | "bounce" | "host";
  /** Human description of where the data goes, e.g. "nic0 -> nvme0 BAR" or "nic0 -> s0 DRAM -> nvme0". */
  route: string;
  kernel: KernelView;
  /** Why the variant cannot run; the flow is then not simulated. */
  unsupported?: string;
  writer?: string;
  reader?: string;
  /** Media: the source produces, the destination consumes. */
  produce?: string;
  consume?: string;
  buffer?: BufferSpace;
  chunkBytes: number;
}

const HOST_VIEW: KernelView = { mapType: "HOST", distance: 0, topo: "-", reason: "DMA to or from host memory" };
const DEFAULT_BOUNCE_BUFFERS = 8;
/** Room for each workload's buffers in a socket's DRAM: 64 GiB apart. */
const WORKLOAD_DRAM_STRIDE = 2 ** 36;

function view(d: P2pDecision): KernelView {
  return { mapType: d.mapType, distance: d.distance, topo: d.topo, reason: d.reason, ...(d.warning ? { warning: d.warning } : {}) };
}

export function planFlow(topology: Topology, tree: TopologyTree, fabric: Fabric, workload: WorkloadSpec, index: number, variant: PathVariant): FlowPlan {
  const { from, to } = workload;
  const isSocket = (id: string) => topology.sockets.some((s) => s.id === id);
  const mediaOf = (id: string) => (tree.nodes.get(id) as { media?: unknown } | undefined)?.media !== undefined;
  const chunkBytes = workload.chunkBytes ?? Math.min(workload.ioBytes, 128 * 1024);
  const base = { workload, chunkBytes, ...(mediaOf(from) ? { produce: from } : {}), ...(mediaOf(to) ? { consume: to } : {}) };

  if (isSocket(from) || isSocket(to)) {
    const socket = isSocket(from) ? from : to;
    const device = isSocket(from) ? to : from;
    const region = { kind: "region" as const, base: fabric.dramBase(socket) + index * WORKLOAD_DRAM_STRIDE, workingSetBytes: workload.workingSetBytes };
    return {
      ...base,
      path: "host",
      route: isSocket(from) ? `${socket} DRAM -> ${device}` : `${device} -> ${socket} DRAM`,
      kernel: HOST_VIEW,
      buffer: region,
      chunkBytes: workload.ioBytes,
      ...(isSocket(from) ? { reader: device } : { writer: device }),
    };
  }

  const bounce = (): FlowPlan => {
    const socket = workload.bounce?.socket ?? hostBridgeOf(tree, from).socket;
    const slots = workload.bounce?.buffers ?? DEFAULT_BOUNCE_BUFFERS;
    const decision = p2pDecision(tree, to, from);
    return {
      ...base,
      path: "bounce",
      route: `${from} -> ${socket} DRAM -> ${to}`,
      kernel: view(decision),
      writer: from,
      reader: to,
      buffer: { kind: "pool", base: fabric.dramBase(socket) + index * WORKLOAD_DRAM_STRIDE, slotBytes: chunkBytes, slots },
    };
  };
  if (variant === "bounce") return bounce();

  const p2p = planP2p(tree, fabric, workload, variant === "auto" ? "p2p" : variant, base);
  if (variant === "auto" && p2p.unsupported !== undefined) {
    const fallback = bounce();
    return { ...fallback, route: `${fallback.route} (auto: ${p2p.unsupported})` };
  }
  return p2p;
}

function planP2p(tree: TopologyTree, fabric: Fabric, workload: WorkloadSpec, variant: "p2p" | `p2p:${string}`, base: Pick<FlowPlan, "workload" | "chunkBytes" | "produce" | "consume">): FlowPlan {
  const { from, to } = workload;
  const named = variant.startsWith("p2p:") ? variant.slice(4) : undefined;
  const choice = named === undefined ? findProvider(tree, [from, to]) : undefined;
  const provider = named ?? choice?.provider;
  const pairDecision = p2pDecision(tree, provider ?? to, from);
  const unsupported = (why: string): FlowPlan => ({ ...base, path: "p2p", route: `${from} -> ? -> ${to}`, kernel: view(pairDecision), unsupported: why });
  if (provider === undefined) return unsupported("no device with BAR memory that Linux would use for both ends");
  const barBase = fabric.barBase(provider);
  if (barBase === undefined) return unsupported(`${provider} has no BAR memory`);

  // The legs: the source writes into the provider, the destination reads from it.
  const legs: Array<{ client: string; op: "writes" | "reads" }> = [];
  if (provider !== from) legs.push({ client: from, op: "writes" });
  if (provider !== to) legs.push({ client: to, op: "reads" });
  const decisions = legs.map((leg) => ({ ...leg, decision: p2pDecision(tree, provider, leg.client) }));
  for (const { client, op, decision } of decisions) {
    if (decision.mapType === "NOT_SUPPORTED") return unsupported(`Linux refuses P2P between ${client} and ${provider}: ${decision.reason}`);
    if (decision.mapType === "THRU_HOST_BRIDGE") {
      for (const hb of new Set([hostBridgeOf(tree, client), hostBridgeOf(tree, provider)])) {
        if (!hb.p2p[op]) return unsupported(`host bridge ${hb.id} does not forward peer-to-peer ${op}`);
      }
    }
  }
  const slotBytes = base.chunkBytes;
  const barBytes = (tree.nodes.get(provider) as { bar?: { sizeBytes: number } }).bar!.sizeBytes;
  const slots = Math.max(1, Math.min(workload.bounce?.buffers ?? DEFAULT_BOUNCE_BUFFERS, Math.floor(barBytes / slotBytes)));
  const main = decisions[0]?.decision ?? pairDecision;
  const route = provider === to ? `${from} -> ${to} BAR` : provider === from ? `${from} BAR -> ${to}` : `${from} -> ${provider} BAR -> ${to}`;
  return {
    ...base,
    path: "p2p",
    route,
    kernel: view(main),
    ...(provider !== from ? { writer: from } : {}),
    ...(provider !== to ? { reader: to } : {}),
    buffer: { kind: "pool", base: barBase, slotBytes, slots },
  };
}

