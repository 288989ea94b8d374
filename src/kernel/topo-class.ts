/**
 * The class `nvidia-smi topo -m` shows for a pair of devices (NVML's nvmlGpuTopologyLevel_t:
 * INTERNAL/SINGLE/MULTIPLE/HOSTBRIDGE/NODE/SYSTEM). It describes the path only; ACS and the
 * allow-list play no part, so it can say PIX where Linux refuses peer-to-peer.
 *
 * How we count: a switch is one bridge (NVML's "a single PCIe switch"), whatever number of
 * upstream and downstream ports Linux sees in it; a root port is not counted (it belongs to the
 * host bridge side). Under one root port, the bridges of a pair are the switches on the tree path
 * between them, their lowest common switch included:
 * - X: the same device (the same endpoint id);
 * - PIX: at most one switch: two devices on one switch, or two functions of one device;
 * - PXB: two or more switches, under one root port;
 * - PHB: different root ports of one host bridge;
 * - NODE: different host bridges in one socket (NUMA node);
 * - SYS: different sockets.
 */
import type { TopologyTree } from "./tree.js";
import { ancestors, endpointOf, hostBridgeOf, rootPortOf } from "./tree.js";

/** nvidia-smi topology classes, nearest first. */
export const TopoClass = { X: "X", PIX: "PIX", PXB: "PXB", PHB: "PHB", NODE: "NODE", SYS: "SYS" } as const;
export type TopoClass = (typeof TopoClass)[keyof typeof TopoClass];

/** The nvidia-smi class of the path between endpoints `a` and `b` (symmetric). */
export function topoClass(tree: TopologyTree, a: string, b: string): TopoClass {
  endpointOf(tree, a);
  endpointOf(tree, b);
  if (a === b) return TopoClass.X;
  const switches = switchesBetween(tree, a, b);
  if (switches !== undefined) return switches.length <= 1 ? TopoClass.PIX : TopoClass.PXB;
  const hostBridgeA = hostBridgeOf(tree, a);
  const hostBridgeB = hostBridgeOf(tree, b);
  if (hostBridgeA.id === hostBridgeB.id) return TopoClass.PHB;
  return hostBridgeA.socket === hostBridgeB.socket ? TopoClass.NODE : TopoClass.SYS;
}

/**
 * The switches on the tree path between two nodes under one root port (the nodes themselves
 * included if they are switches), from `a`'s side up to the lowest common node and down `b`'s
 * side; `undefined` when they hang from different root ports.
 */
export function switchesBetween(tree: TopologyTree, a: string, b: string): readonly string[] | undefined {
  if (rootPortOf(tree, a).id !== rootPortOf(tree, b).id) return undefined;
  const upA = [a, ...ancestors(tree, a).map((n) => n.id)];
  const upB = [b, ...ancestors(tree, b).map((n) => n.id)];
  // Both lists end at the same root port, so a common node exists.
  const meetA = upA.findIndex((id) => upB.includes(id));
  const meetB = upB.indexOf(upA[meetA]!);
  const path = [...upA.slice(0, meetA + 1), ...upB.slice(0, meetB).reverse()];
  return path.filter((id) => tree.nodes.get(id)?.type === "switch");
}
