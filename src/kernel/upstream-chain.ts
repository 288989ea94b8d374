/**
 * The chain of PCI devices Linux walks from an endpoint up to its root port, one
 * `pci_upstream_bridge()` step at a time (drivers/pci/p2pdma.c, calc_map_type_and_dist()).
 *
 * Our tree has one node per switch; Linux sees each switch as an upstream port plus one downstream
 * port per child, each a separate bridge. So an endpoint under a switch under a root port is the
 * chain: endpoint, the switch's downstream port to it, the switch's upstream port, the root port.
 * Every function of a multi-function device starts its own chain and then joins its device's (the
 * downstream port "to" a device is named after its first function).
 */
import type { PortNode, TopologyTree } from "./tree.js";
import { ancestors, deviceOf, endpointOf } from "./tree.js";

/** One PCI device on the way up from an endpoint. */
export type PciHop =
  | { readonly kind: "endpoint"; readonly id: string }
  | { readonly kind: "downstream-port"; readonly switchId: string; readonly toward: string }
  | { readonly kind: "upstream-port"; readonly switchId: string }
  | { readonly kind: "root-port"; readonly id: string };

/**
 * The hops from endpoint `id` (first) to its root port (last), as `pci_upstream_bridge()` visits
 * them. Its length is the distance the kernel counts from the endpoint to beyond its root port.
 */
export function upstreamChain(tree: TopologyTree, id: string): readonly PciHop[] {
  const endpoint = endpointOf(tree, id);
  const hops: PciHop[] = [{ kind: "endpoint", id: endpoint.id }];
  let below = deviceOf(tree, id).id;
  for (const port of ancestors(tree, id)) {
    hops.push(...hopsOf(port, below));
    below = port.id;
  }
  return hops;
}

function hopsOf(port: PortNode, below: string): PciHop[] {
  if (port.type === "root-port") return [{ kind: "root-port", id: port.id }];
  return [
    { kind: "downstream-port", switchId: port.id, toward: below },
    { kind: "upstream-port", switchId: port.id },
  ];
}

/** Whether two hops are the same PCI device. */
export function sameHop(a: PciHop, b: PciHop): boolean {
  switch (a.kind) {
    case "endpoint":
    case "root-port":
      return b.kind === a.kind && b.id === a.id;
    case "upstream-port":
      return b.kind === "upstream-port" && b.switchId === a.switchId;
    case "downstream-port":
      return b.kind === "downstream-port" && b.switchId === a.switchId && b.toward === a.toward;
  }
}

/**
 * The topology node a hop belongs to: the endpoint, root port or switch id. This is what
 * `kernel.disableAcsRedir` names.
 */
export function hopNode(hop: PciHop): string {
  return hop.kind === "endpoint" || hop.kind === "root-port" ? hop.id : hop.switchId;
}

/**
 * A hop in words, for reasons and reports.
 * @example hopLabel({ kind: "downstream-port", switchId: "sw0", toward: "nvme1" }) // "sw0 port to nvme1"
 */
export function hopLabel(hop: PciHop): string {
  switch (hop.kind) {
    case "endpoint":
      return hop.id;
    case "root-port":
      return `root port ${hop.id}`;
    case "upstream-port":
      return `${hop.switchId} upstream port`;
    case "downstream-port":
      return `${hop.switchId} port to ${hop.toward}`;
  }
}
