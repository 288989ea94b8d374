/**
 * The PCIe tree of a `Topology`, indexed once: every node by id, the ports above each node, and
 * the root port, host bridge and socket a node hangs from. The kernel decisions walk this; the
 * fabric uses the same helpers to wire components.
 *
 * Building it runs the one topology check (src/topology/check.ts, the scenario loader's too) and
 * throws a plain `Error` naming the node of the first problem; value checks (link widths, ...)
 * are the scenario schema's.
 */
import type {
  EndpointSpec,
  HostBridgeSpec,
  NodeSpec,
  RootPortSpec,
  SocketSpec,
  SwitchSpec,
  Topology,
} from "../fabric/topology.js";
import { topologyError } from "./messages.js";
import { assertTopology } from "../topology/check.js";

/** A node other endpoints can hang from: a root port or a switch. */
export type PortNode = RootPortSpec | SwitchSpec;

/** A topology with its nodes indexed; build it with `topologyTree`. */
export interface TopologyTree {
  readonly topology: Topology;
  readonly nodes: ReadonlyMap<string, NodeSpec>;
  readonly hostBridges: ReadonlyMap<string, HostBridgeSpec>;
  readonly sockets: ReadonlyMap<string, SocketSpec>;
  /** Every endpoint (each function of a multi-function device too), in topology order. */
  readonly endpoints: readonly EndpointSpec[];
  /** Ports above each node, nearest first, ending at its root port; empty for a root port. */
  readonly ancestorsOf: ReadonlyMap<string, readonly PortNode[]>;
}

/** Indexes and checks a topology. Throws an `Error` naming the first node it cannot place. */
export function topologyTree(topology: Topology): TopologyTree {
  assertTopology(topology);
  const sockets = new Map(topology.sockets.map((s) => [s.id, s]));
  const hostBridges = new Map(topology.hostBridges.map((hb) => [hb.id, hb]));
  const nodes = new Map(topology.nodes.map((n) => [n.id, n]));
  const ancestorsOf = new Map<string, readonly PortNode[]>();
  const visiting = new Set<string>();

  /** The ports above `node`, computed once per node; a node met again while walking is a cycle. */
  const walk = (node: NodeSpec): readonly PortNode[] => {
    const known = ancestorsOf.get(node.id);
    if (known) return known;
    if (visiting.has(node.id)) throw new Error(topologyError.cycle(node.id));
    visiting.add(node.id);
    const result = ancestorsAbove(node, nodes, hostBridges, walk);
    visiting.delete(node.id);
    ancestorsOf.set(node.id, result);
    return result;
  };
  for (const node of topology.nodes) walk(node);

  const endpoints = topology.nodes.filter((n): n is EndpointSpec => n.type === "endpoint");
  return { topology, nodes, hostBridges, sockets, endpoints, ancestorsOf };
}

function ancestorsAbove(
  node: NodeSpec,
  nodes: ReadonlyMap<string, NodeSpec>,
  hostBridges: ReadonlyMap<string, HostBridgeSpec>,
  walk: (node: NodeSpec) => readonly PortNode[],
): readonly PortNode[] {
  if (node.type === "root-port") {
    if (!hostBridges.has(node.hostBridge)) throw new Error(topologyError.unknownHostBridge(node.id, node.hostBridge));
    return [];
  }
  if (node.type === "endpoint" && node.functionOf !== undefined) {
    // Another function of a device: whatever is above the device's first function.
    const first = nodes.get(node.functionOf);
    if (first?.type !== "endpoint") throw new Error(topologyError.unknownFunctionOf(node.id, node.functionOf));
    return walk(first);
  }
  if (node.parent === undefined) throw new Error(topologyError.noParent(node.id));
  const parent = nodes.get(node.parent);
  if (parent === undefined || parent.type === "endpoint") throw new Error(topologyError.unknownParent(node.id, node.parent));
  return [parent, ...walk(parent)];
}

/** The node with this id; throws when there is none. */
export function nodeOf(tree: TopologyTree, id: string): NodeSpec {
  const node = tree.nodes.get(id);
  if (node === undefined) throw new Error(topologyError.unknownNode(id));
  return node;
}

/** The endpoint with this id; throws when there is none or it is a port. */
export function endpointOf(tree: TopologyTree, id: string): EndpointSpec {
  const node = nodeOf(tree, id);
  if (node.type !== "endpoint") throw new Error(topologyError.notEndpoint(id));
  return node;
}

/**
 * The first function of the device `id` belongs to (itself unless it has `functionOf`): the node
 * that owns the device's link and sits on its parent's port.
 */
export function deviceOf(tree: TopologyTree, id: string): EndpointSpec {
  let node = endpointOf(tree, id);
  while (node.functionOf !== undefined) node = endpointOf(tree, node.functionOf);
  return node;
}

/** Ports above a node, nearest first, ending at its root port (empty for a root port). */
export function ancestors(tree: TopologyTree, id: string): readonly PortNode[] {
  nodeOf(tree, id);
  return tree.ancestorsOf.get(id) ?? [];
}

/** The root port a node hangs from (a root port's own). */
export function rootPortOf(tree: TopologyTree, id: string): RootPortSpec {
  const node = nodeOf(tree, id);
  if (node.type === "root-port") return node;
  const top = ancestors(tree, id).at(-1);
  // topologyTree() guarantees every chain ends at a root port.
  if (top?.type !== "root-port") throw new Error(topologyError.noParent(id));
  return top;
}

/** The host bridge (root complex) a node hangs from. */
export function hostBridgeOf(tree: TopologyTree, id: string): HostBridgeSpec {
  const rootPort = rootPortOf(tree, id);
  const hostBridge = tree.hostBridges.get(rootPort.hostBridge);
  if (hostBridge === undefined) throw new Error(topologyError.unknownHostBridge(rootPort.id, rootPort.hostBridge));
  return hostBridge;
}

/** The socket (NUMA node) a node hangs from. */
export function socketOf(tree: TopologyTree, id: string): SocketSpec {
  const hostBridge = hostBridgeOf(tree, id);
  const socket = tree.sockets.get(hostBridge.socket);
  if (socket === undefined) throw new Error(topologyError.unknownSocket(hostBridge.id, hostBridge.socket));
  return socket;
}
