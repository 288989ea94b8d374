/**
 * Planning a workload on a fabric: which staging buffer, which legs, and whether the platform can
 * carry it, before anything is simulated.
 *
 * - Host memory on one side: the other device DMAs to or from that socket's DRAM (no variant).
 * - `bounce`: a pool of buffers in DRAM; the source writes in, the destination reads out.
 * Staging buffers hold enough chunks for `queueDepth` I/Os in flight unless the scenario gives
 * fewer (`bounce.buffers`, `p2p.buffers`) or the provider's BAR holds fewer; either way the cap
 * is reported as a warning on the flow, never applied silently.
 * - `p2p`: the provider Linux would pick among every BAR (pci_p2pmem_find_many over both devices),
 *   or the one named by `p2p:<id>`. The source writes into it unless it is the source's own; the
 *   destination reads out of it unless it is its own. A leg crossing a host bridge that does not
 *   forward that kind of TLP makes the variant unsupported: reported with the reason, never
 *   simulated. (A leg Linux would refuse is simulated, reported as NOT_SUPPORTED.)
 * - `auto`: p2p where the kernel maps every leg and the platform carries it, else bounce.
 */
import type { Topology } from "../fabric/topology.js";
import { DRAM_STRIDE, type Fabric } from "../fabric/fabric.js";
import { findProvider, hostBridgeOf, p2pDecision, type P2pDecision, type TopologyTree } from "../kernel/index.js";
import type { BufferSpace } from "./transfer.js";
import type { PathVariant, WorkloadSpec } from "./workload.js";
import type { KernelView } from "../contract.js";

export type { KernelView } from "../contract.js";

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
  /** Caps and refusals the run should show beside the flow's numbers. */
  warnings: string[];
}

const HOST_VIEW: KernelView = { mapType: "HOST", distance: 0, topo: "-", reason: "DMA to or from host memory" };
/** Room for each workload's buffers (or working set) in a socket's DRAM: 64 GiB apart, by the workload's index. */
export const WORKLOAD_DRAM_STRIDE = 2 ** 36;
/** Workloads whose regions fit in one socket's DRAM addresses (scenario checks refuse more). */
export const MAX_WORKLOADS = DRAM_STRIDE / WORKLOAD_DRAM_STRIDE;

function view(d: P2pDecision): KernelView {
  return { mapType: d.mapType, distance: d.distance, topo: d.topo, reason: d.reason, ...(d.warning ? { warning: d.warning } : {}) };
}

export function planFlow(topology: Topology, tree: TopologyTree, fabric: Fabric, workload: WorkloadSpec, index: number, variant: PathVariant): FlowPlan {
  const { from, to } = workload;
  const isSocket = (id: string) => topology.sockets.some((s) => s.id === id);
  const mediaOf = (id: string) => (tree.nodes.get(id) as { media?: unknown } | undefined)?.media !== undefined;
  const chunkBytes = workload.chunkBytes ?? Math.min(workload.ioBytes, 128 * 1024);
  const base = { workload, chunkBytes, warnings: [] as string[], ...(mediaOf(from) ? { produce: from } : {}), ...(mediaOf(to) ? { consume: to } : {}) };

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
    const needed = chunksInFlight(workload, chunkBytes);
    const given = workload.bounce?.buffers;
    const slots = given ?? needed;
    const decision = p2pDecision(tree, to, from);
    return {
      ...base,
      warnings: given !== undefined && given < needed ? [planMessage.fewBuffers("bounce.buffers", given, workload, needed)] : [],
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
  // auto follows Linux: p2p only where the kernel maps every leg and the platform carries it.
  const kernelRefuses = p2p.unsupported === undefined && p2p.legs.some((leg) => leg.mapType === "NOT_SUPPORTED");
  if (variant === "auto" && (p2p.unsupported !== undefined || kernelRefuses)) {
    const fallback = bounce();
    const why = p2p.unsupported ?? `Linux refuses P2P: ${p2p.kernel.reason}`;
    return { ...fallback, route: `${fallback.route} (auto: ${why})` };
  }
  return p2p;
}

/**
 * The p2p variant as the hardware would carry it: the provider is the one Linux would pick, else
 * the destination's or the source's BAR. A leg that crosses a host bridge which does not forward
 * that kind of TLP makes it unsupported; a leg Linux would refuse is still simulated (drivers with
 * their own P2P paths do this) and reported with the kernel's NOT_SUPPORTED.
 */
function planP2p(
  tree: TopologyTree,
  fabric: Fabric,
  workload: WorkloadSpec,
  variant: "p2p" | `p2p:${string}`,
  base: Pick<FlowPlan, "workload" | "chunkBytes" | "produce" | "consume" | "warnings">,
): FlowPlan & { legs: P2pDecision[] } {
  const { from, to } = workload;
  const hasBar = (id: string) => fabric.barBase(id) !== undefined;
  const named = variant.startsWith("p2p:") ? variant.slice(4) : undefined;
  const provider = named ?? findProvider(tree, [from, to])?.provider ?? (hasBar(to) ? to : hasBar(from) ? from : undefined);
  const unsupported = (why: string, decision: P2pDecision) => ({ ...base, path: "p2p" as const, route: `${from} -> ? -> ${to}`, kernel: view(decision), unsupported: why, legs: [] });
  if (provider === undefined || !hasBar(provider)) return unsupported(`no BAR memory on ${provider ?? `${from}, ${to} or any other device`}`, p2pDecision(tree, to, from));

  // The legs: the source writes into the provider, the destination reads from it.
  const legs: Array<{ client: string; op: "writes" | "reads" }> = [];
  if (provider !== from) legs.push({ client: from, op: "writes" });
  if (provider !== to) legs.push({ client: to, op: "reads" });
  const decisions = legs.map((leg) => ({ ...leg, decision: p2pDecision(tree, provider, leg.client) }));
  for (const { client, op, decision } of decisions) {
    const throughHostBridge = decision.commonBridge === undefined || decision.acsRedirectPorts.length > 0;
    if (!throughHostBridge) continue;
    for (const hb of new Set([hostBridgeOf(tree, client), hostBridgeOf(tree, provider)])) {
      if (!hb.p2p[op]) return unsupported(`host bridge ${hb.id} does not forward peer-to-peer ${op}`, decision);
    }
  }
  const slotBytes = base.chunkBytes;
  const barBytes = (tree.nodes.get(provider) as { bar?: { sizeBytes: number } }).bar!.sizeBytes;
  const needed = chunksInFlight(workload, slotBytes);
  const given = workload.p2p?.buffers;
  const fits = Math.floor(barBytes / slotBytes);
  const slots = Math.max(1, Math.min(given ?? needed, fits));
  const warnings: string[] = [];
  if (given !== undefined && given < needed) warnings.push(planMessage.fewBuffers("p2p.buffers", given, workload, needed));
  if (fits < (given ?? needed)) warnings.push(planMessage.barTooSmall(provider, barBytes, slotBytes, slots, given ?? needed));
  const main = decisions[0]!.decision;
  const route = provider === to ? `${from} -> ${to} BAR` : provider === from ? `${from} BAR -> ${to}` : `${from} -> ${provider} BAR -> ${to}`;
  return {
    ...base,
    path: "p2p",
    route,
    kernel: view(main),
    legs: decisions.map((d) => d.decision),
    warnings,
    ...(provider !== from ? { writer: from } : {}),
    ...(provider !== to ? { reader: to } : {}),
    buffer: { kind: "pool", base: fabric.barBase(provider)!, slotBytes, slots },
  };
}

/** Chunks a staging buffer must hold for `queueDepth` I/Os in flight. */
export function chunksInFlight(workload: WorkloadSpec, chunkBytes: number): number {
  return workload.queueDepth * Math.ceil(workload.ioBytes / chunkBytes);
}

/** What a plan reports about its staging buffers (units in the text). */
export const planMessage = {
  fewBuffers: (field: string, given: number, w: WorkloadSpec, needed: number) =>
    `${field} ${given} holds ${given} chunks, but queueDepth ${w.queueDepth} needs ${needed}: at most ${given} chunks in flight`,
  barTooSmall: (provider: string, barBytes: number, chunkBytes: number, slots: number, wanted: number) =>
    `${provider}'s ${barBytes} B BAR holds ${slots} chunks of ${chunkBytes} B, not the ${wanted} wanted: at most ${slots} chunks in flight`,
} as const;
