/**
 * The resources a flow's data crosses, from its plan: the media that produce and consume it, the
 * link directions each leg's data takes (turning at the lowest common switch, or going through the
 * root complex when the devices share none or ACS redirects them), the BAR or DRAM holding the
 * staging buffer, the host bridges' P2P engines, internal fabric, IOMMU walkers, the socket
 * interconnect, the reader's DMA tags and the flow's staging buffers. Each with how many times
 * the flow's bytes cross it (a bounce crosses DRAM twice). Names match the probes' (fabric/probes.ts).
 */
import type { Fabric } from "../fabric/fabric.js";
import { ancestors, deviceOf, hostBridgeOf, p2pDecision, rootPortOf, type TopologyTree } from "../kernel/index.js";
import type { FlowPlan } from "../workload/plan.js";

export interface PathResource {
  resource: string;
  /** Times the flow's bytes cross it. */
  passes: number;
  /** Its rate for this flow when not the probe's own, GB/s (a shared medium consuming at its write rate). */
  rateGBps?: number;
  /** For media: whether the flow reads (produces) or writes (consumes) there. */
  role?: "read" | "write";
}

/** Where a leg's data starts or ends: a device, or a socket's DRAM. */
type Place = { device: string } | { socket: string };

export function flowPath(tree: TopologyTree, fabric: Fabric, plan: FlowPlan): PathResource[] {
  const passes = new Map<string, PathResource>();
  const cross = (resource: string, rateGBps?: number, role?: "read" | "write") => {
    const known = passes.get(resource);
    if (known) known.passes++;
    else passes.set(resource, { resource, passes: 1, ...(rateGBps !== undefined ? { rateGBps } : {}), ...(role ? { role } : {}) });
  };
  const buffer = plan.buffer;
  if (buffer === undefined) return [];
  const place = bufferPlace(tree, fabric, buffer.base);

  if (plan.produce !== undefined) {
    const media = fabric.medias.get(plan.produce);
    if (media) cross(`${plan.produce} media ${media.servers.length === 2 ? "read" : "shared"}`, media.spec.rateGBps, "read");
  }
  const bar = "device" in place ? `${place.device} bar` : undefined;
  if (plan.writer !== undefined) {
    leg(tree, { device: plan.writer }, place, plan.writer, cross);
    if (bar) cross(bar);
  }
  if (plan.reader !== undefined) {
    if (bar) cross(bar);
    leg(tree, place, { device: plan.reader }, plan.reader, cross);
    cross(`${plan.reader} tags`);
  }
  if (plan.consume !== undefined) {
    const media = fabric.medias.get(plan.consume);
    if (media) cross(`${plan.consume} media ${media.servers.length === 2 ? "write" : "shared"}`, media.spec.writeRateGBps, "write");
  }
  if (buffer.kind === "pool") cross(`${plan.workload.name} buffers`);
  return [...passes.values()];
}

function bufferPlace(tree: TopologyTree, fabric: Fabric, base: number): Place {
  const where = fabric.resolve(base);
  if (where?.kind === "dram") return { socket: where.socket };
  for (const e of tree.endpoints) {
    const bar = fabric.barBase(e.id);
    if (bar !== undefined && base >= bar && base < bar + (e.bar?.sizeBytes ?? 0)) return { device: e.id };
  }
  throw new Error(`no device holds address ${base}`);
}

/** The resources of one leg: data from `from` to `to`, the DMA done by `requester`. */
function leg(tree: TopologyTree, from: Place, to: Place, requester: string, cross: (resource: string) => void): void {
  const chain = (device: string) => [deviceOf(tree, device).id, ...ancestors(tree, device).map((p) => p.id)];
  const linkOf = (chainIds: readonly string[], i: number) => `${chainIds[i + 1]}-${chainIds[i]}`;
  const up = (device: string, until: string | undefined) => {
    const ids = chain(device);
    for (let i = 0; i + 1 < ids.length && ids[i] !== until; i++) cross(`${linkOf(ids, i)} up`);
  };
  const down = (device: string, until: string | undefined) => {
    const ids = chain(device);
    const stop = until === undefined ? ids.length - 1 : ids.indexOf(until);
    for (let i = stop - 1; i >= 0; i--) cross(`${linkOf(ids, i)} down`);
  };
  const iommu = `${hostBridgeOf(tree, requester).id}.iommu walkers`;

  if ("socket" in from || "socket" in to) {
    // To or from DRAM: up to (or down from) the root port, through the host bridge.
    const device = "device" in from ? from.device : (to as { device: string }).device;
    const socket = "socket" in from ? from.socket : (to as { socket: string }).socket;
    const hb = hostBridgeOf(tree, device);
    if ("device" in from) up(device, undefined);
    cross(iommu);
    cross(`${hb.id} fabric`);
    cross(`${socket} dram`);
    if (hb.socket !== socket) cross("device" in from ? `interconnect ${hb.socket} -> ${socket}` : `interconnect ${socket} -> ${hb.socket}`);
    if ("device" in to) down(device, undefined);
    return;
  }
  const a = from.device;
  const b = to.device;
  if ("device" in to && a === b) return;
  const provider = requester === a ? b : a;
  const decision = p2pDecision(tree, provider, requester);
  const common = chain(a).find((id) => chain(b).includes(id));
  const turnsInSwitch = common !== undefined && tree.nodes.get(common)?.type === "switch" && decision.acsRedirectPorts.length === 0;
  if (turnsInSwitch) {
    up(a, common);
    down(b, common);
    return;
  }
  up(a, undefined);
  const hbA = hostBridgeOf(tree, a);
  const hbB = hostBridgeOf(tree, b);
  cross(iommu);
  if (hbA.socket !== hbB.socket) cross(`interconnect ${hbA.socket} -> ${hbB.socket}`);
  else if (hbA.id !== hbB.id) cross(`${hbA.socket} mesh ${hbA.id} -> ${hbB.id}`);
  cross(`${hbB.id} p2p -> ${rootPortOf(tree, b).id}`);
  cross(`${hbA.id} p2p shared`);
  if (hbB.id !== hbA.id) cross(`${hbB.id} p2p shared`);
  down(b, undefined);
}
