/**
 * The one check of a PCIe tree's references, shared by the scenario loader (which reports every
 * problem with its field path) and by the model (`topologyTree`, `Fabric`, which refuse a topology
 * built by hand that breaks them): ids distinct, host bridges on sockets that exist, root ports on
 * host bridges that exist, every other node under a root port or switch that exists, one child per
 * root port, further functions of a device pointing at its first function, and no cycles.
 *
 * It reads the shape both layers share (`id`, `type`, `parent`, `hostBridge`, `functionOf`,
 * `socket`), tolerates unvalidated data (a field that is not text is the schema's problem, not
 * this one's), and runs in time linear in the number of nodes: one index, one walk up each chain
 * that stops at the first node already placed.
 */
import { parsePciId } from "../kernel/allow-list.js";
import { topologyError } from "../kernel/messages.js";

/** The fields of a topology this check reads; the model's `Topology` and a scenario's raw data both have them. */
export interface TopologyShape {
  sockets: readonly unknown[];
  hostBridges: readonly unknown[];
  nodes: readonly unknown[];
}

export type TopologyProblemCode =
  | "duplicateId"
  | "socketIdClash"
  | "unknownSocket"
  | "badDeviceId"
  | "unknownHostBridge"
  | "unknownFunctionOf"
  | "functionWithLink"
  | "noParent"
  | "noLink"
  | "unknownParent"
  | "cycle"
  | "rootPortChildren"
  | "tooDeep";

/**
 * Deepest a node may sit below its root port: a switch level takes at least two of a PCI
 * segment's 256 bus numbers (its internal bus and the link below it), so real trees stay far
 * shallower; the limit also bounds every walk up the tree.
 */
export const MAX_TREE_DEPTH = 128;

export interface TopologyProblem {
  code: TopologyProblemCode;
  /** Which list the bad entry is in, and where. */
  list: "sockets" | "hostBridges" | "nodes";
  index: number;
  /** The field at fault ("" for the entry as a whole). */
  field: string;
  /** The entry's id. */
  id: string;
  /** The bad value (a missing parent's id, ...). */
  value: string;
  /** For a cycle: its ids in order; for a root port with several children: their ids; for an unknown reference: what exists. */
  ids: readonly string[];
}

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const field = (entry: unknown, name: string): unknown => (typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>)[name] : undefined);

export interface TopologyCheckOptions {
  /** Also require what a scenario file must say: a link on every child, functionOf naming a first function, one child per root port. */
  scenario?: boolean;
  /** Also require what the simulated fabric needs: one child per root port (a root port has one link). */
  fabric?: boolean;
}

/**
 * Every reference problem of `t`, in list order; empty when the tree is sound. Linear in its size.
 */
export function topologyProblems(t: TopologyShape, options: TopologyCheckOptions = {}): TopologyProblem[] {
  const problems: TopologyProblem[] = [];
  const add = (code: TopologyProblemCode, list: TopologyProblem["list"], index: number, fieldName: string, id: string, value = "", ids: readonly string[] = []) =>
    problems.push({ code, list, index, field: fieldName, id, value, ids });

  const socketIds = indexIds(t.sockets, "sockets", add);
  const hostBridgeIds = indexIds(t.hostBridges, "hostBridges", add);
  t.hostBridges.forEach((hb, i) => {
    const id = text(field(hb, "id")) ?? "";
    const socket = text(field(hb, "socket"));
    if (socket !== undefined && !socketIds.has(socket)) add("unknownSocket", "hostBridges", i, "socket", id, socket, [...socketIds.keys()]);
    const deviceId = text(field(hb, "deviceId"));
    if (deviceId !== undefined && !parsePciId(deviceId)) add("badDeviceId", "hostBridges", i, "deviceId", id, deviceId);
  });

  const nodeIds = indexIds(t.nodes, "nodes", add);
  const ports = [...nodeIds].filter(([, i]) => isPort(t.nodes[i])).map(([id]) => id);
  // The node each one hangs from (its parent, or its first function), -1 for none or a root port.
  const up = new Int32Array(t.nodes.length).fill(-1);
  const children = new Map<number, string[]>();
  t.nodes.forEach((node, i) => {
    const id = text(field(node, "id")) ?? "";
    if (id !== "" && socketIds.has(id)) add("socketIdClash", "nodes", i, "id", id);
    const type = field(node, "type");
    if (type === "root-port") {
      const hb = text(field(node, "hostBridge"));
      if (hb !== undefined && !hostBridgeIds.has(hb)) add("unknownHostBridge", "nodes", i, "hostBridge", id, hb, [...hostBridgeIds.keys()]);
      return;
    }
    if (type !== "switch" && type !== "endpoint") return; // the schema reports an unknown type
    const functionOf = text(field(node, "functionOf"));
    if (type === "endpoint" && functionOf !== undefined) {
      const first = nodeIds.get(functionOf);
      const target = first === undefined ? undefined : t.nodes[first];
      // A scenario names the device's first function; the model also follows a chain of functions.
      if (first === undefined || field(target, "type") !== "endpoint" || (options.scenario && field(target, "functionOf") !== undefined)) {
        add("unknownFunctionOf", "nodes", i, "functionOf", id, functionOf, endpointIds(t.nodes, nodeIds));
      } else {
        up[i] = first;
      }
      if (field(node, "parent") !== undefined || field(node, "link") !== undefined) add("functionWithLink", "nodes", i, "", id);
      return;
    }
    const parentValue = field(node, "parent");
    const parent = text(parentValue);
    if (parentValue === undefined) return add("noParent", "nodes", i, "parent", id);
    if (options.scenario && field(node, "link") === undefined) add("noLink", "nodes", i, "link", id, parent ?? "");
    if (parent === undefined) return;
    const p = nodeIds.get(parent);
    if (p !== undefined && !isNode(t.nodes[p])) return; // the parent's own type is wrong: reported there
    if (p === undefined || !isPort(t.nodes[p])) return add("unknownParent", "nodes", i, "parent", id, parent, ports);
    up[i] = p;
    if (field(t.nodes[p], "type") === "root-port") {
      const kids = children.get(p);
      if (kids === undefined) children.set(p, [id]);
      else kids.push(id);
    }
  });
  for (const [p, kids] of children) {
    if (kids.length > 1 && (options.scenario || options.fabric)) add("rootPortChildren", "nodes", p, "", text(field(t.nodes[p], "id")) ?? "", "", kids);
  }
  findCycles(t.nodes, up, add);
  return problems;
}

function isNode(node: unknown): boolean {
  return isPort(node) || field(node, "type") === "endpoint";
}

function isPort(node: unknown): boolean {
  const type = field(node, "type");
  return type === "root-port" || type === "switch";
}

function endpointIds(nodes: readonly unknown[], ids: ReadonlyMap<string, number>): string[] {
  return [...ids].filter(([, i]) => field(nodes[i], "type") === "endpoint" && field(nodes[i], "functionOf") === undefined).map(([id]) => id);
}

/** Ids of a list by first index; a later entry with the same id is a problem. */
function indexIds(
  list: readonly unknown[],
  name: TopologyProblem["list"],
  add: (code: TopologyProblemCode, list: TopologyProblem["list"], index: number, field: string, id: string, value?: string, ids?: readonly string[]) => void,
): Map<string, number> {
  const ids = new Map<string, number>();
  list.forEach((entry, i) => {
    const id = text(field(entry, "id"));
    if (id === undefined) return;
    const first = ids.get(id);
    if (first !== undefined) add("duplicateId", name, i, "id", id, String(first));
    else ids.set(id, i);
  });
  return ids;
}

/**
 * Each chain walked up once: 0 not seen, 1 on the chain being walked, 2 placed. Meeting a node on
 * the current chain is a cycle, reported once at its first member with its ids in order.
 */
function findCycles(
  nodes: readonly unknown[],
  up: Int32Array,
  add: (code: TopologyProblemCode, list: TopologyProblem["list"], index: number, field: string, id: string, value?: string, ids?: readonly string[]) => void,
): void {
  const state = new Uint8Array(nodes.length);
  const depth = new Int32Array(nodes.length);
  let deepReported = false;
  const chain: number[] = [];
  for (let start = 0; start < nodes.length; start++) {
    chain.length = 0;
    let j = start;
    while (j >= 0 && state[j] === 0) {
      state[j] = 1;
      chain.push(j);
      j = up[j]!;
    }
    if (j >= 0 && state[j] === 1) {
      const members = chain.slice(chain.indexOf(j));
      const first = members.reduce((a, b) => Math.min(a, b));
      const at = members.indexOf(first);
      const ordered = [...members.slice(at), ...members.slice(0, at)].map((m) => text(field(nodes[m], "id")) ?? String(m));
      add("cycle", "nodes", first, field(nodes[first], "functionOf") !== undefined ? "functionOf" : "parent", ordered[0]!, "", ordered);
    }
    // Depths down the chain just placed, from the node it reached (0 when it ended at a root port).
    let d = j >= 0 && state[j] === 2 ? depth[j]! : 0;
    for (let c = chain.length - 1; c >= 0; c--) {
      const k = chain[c]!;
      state[k] = 2;
      depth[k] = ++d;
      if (d > MAX_TREE_DEPTH && !deepReported) {
        deepReported = true;
        add("tooDeep", "nodes", k, "parent", text(field(nodes[k], "id")) ?? String(k), String(d));
      }
    }
  }
}

/** Throws a plain `Error` for the first problem of a topology built as data (the model's check; the scenario loader reports all). */
export function assertTopology(t: TopologyShape, options: TopologyCheckOptions = {}): void {
  const problem = topologyProblems(t, options)[0];
  if (problem !== undefined) throw new Error(problemText(problem));
}

/** A problem of the shared topology check in the kernel model's words. */
function problemText(p: TopologyProblem): string {
  switch (p.code) {
    case "duplicateId":
      return topologyError.duplicateId(p.id);
    case "socketIdClash":
      return topologyError.socketIdClash(p.id);
    case "unknownSocket":
      return topologyError.unknownSocket(p.id, p.value);
    case "badDeviceId":
      return topologyError.badDeviceId(p.id, p.value);
    case "unknownHostBridge":
      return topologyError.unknownHostBridge(p.id, p.value);
    case "unknownFunctionOf":
      return topologyError.unknownFunctionOf(p.id, p.value);
    case "functionWithLink":
      return topologyError.functionWithLink(p.id);
    case "noParent":
    case "noLink":
      return topologyError.noParent(p.id);
    case "unknownParent":
      return topologyError.unknownParent(p.id, p.value);
    case "cycle":
      return topologyError.cycle(p.id);
    case "rootPortChildren":
      return topologyError.rootPortChildren(p.id, p.ids);
    case "tooDeep":
      return topologyError.tooDeep(p.id, p.value);
  }
}

