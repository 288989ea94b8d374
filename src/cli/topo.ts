/**
 * `p2psim topo`: the device tree, like `lspci -tv`, and for every pair of endpoints what Linux would
 * decide (map type and distance) and what `nvidia-smi topo -m` would show.
 */
import { message, UsageError } from "../messages.js";
import { loadScenario } from "../scenario/load.js";
import { limitValue, raiseHint } from "../scenario/limits.js";
import { hasAcsRedirect, p2pDecision, portAcs, topologyTree, type P2pDecision, type TopologyTree } from "../kernel/index.js";
import type { NodeSpec } from "../fabric/topology.js";
import type { WorkloadSpec } from "../workload/workload.js";
import { linkName } from "../pcie/link-name.js";
import { formatSize, formatTable } from "./format.js";
import { parseOptions, type OptionSpec } from "./options.js";
import type { Command, Io } from "./command.js";

const OPTIONS = {
  set: { type: "string", multiple: true, default: [] },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies OptionSpec;

const HELP = `p2psim topo: the device tree and what Linux would decide for every pair

Usage: p2psim topo FILE [--set path=value]...

Prints the PCIe tree of a scenario (sockets, host bridges, root ports, switches, endpoints, with
links, BARs and the ACS redirect Linux leaves on), then a matrix: for each provider (row) and
client (column), the P2PDMA map type and distance Linux computes, and the nvidia-smi class.
Legend: BUS = BUS_ADDR (through a switch), HB = THRU_HOST_BRIDGE, NO = NOT_SUPPORTED.
Past 256 endpoints (P2PSIM_MAX_TOPO_MATRIX) the matrix holds only those the workloads use.

Examples:
  p2psim topo scenarios/default.yaml
  p2psim topo scenarios/default.yaml --set platform.kernel.disableAcsRedir=all
`;

const SHORT = { BUS_ADDR: "BUS", THRU_HOST_BRIDGE: "HB", NOT_SUPPORTED: "NO" } as const;

/** The tree as indented lines with box-drawing branches. */
export function treeLines(tree: TopologyTree): string[] {
  const topology = tree.topology;
  const children = new Map<string, NodeSpec[]>();
  for (const node of topology.nodes) {
    const parent = node.type === "root-port" ? node.hostBridge : node.type === "endpoint" && node.functionOf ? node.functionOf : node.parent!;
    const siblings = children.get(parent);
    if (siblings === undefined) children.set(parent, [node]);
    else siblings.push(node);
  }
  const label = (node: NodeSpec): string => {
    if (node.type === "root-port") return `${node.id} root port${hasAcsRedirect(portAcs(tree, node.id)) ? ", ACS redirect" : ""}`;
    if (node.type === "switch") return `${node.id} switch, ${linkName(node.link)}${hasAcsRedirect(portAcs(tree, node.id)) ? ", ACS redirect on its downstream ports" : ""}`;
    if (node.functionOf) return `${node.id} function of ${node.functionOf}`;
    const parts = [node.link ? linkName(node.link) : undefined, node.bar ? `BAR ${formatSize(node.bar.sizeBytes)}` : undefined, node.media ? `media ${node.media.rateGBps} GB/s` : undefined, node.ats ? "ATS" : undefined];
    return `${node.id} ${parts.filter((p) => p !== undefined).join(", ")}`;
  };
  const lines: string[] = [];
  const walk = (id: string, prefix: string): void => {
    const kids = children.get(id) ?? [];
    kids.forEach((kid, i) => {
      const last = i === kids.length - 1;
      lines.push(`${prefix}${last ? "└─ " : "├─ "}${label(kid)}`);
      walk(kid.id, `${prefix}${last ? "   " : "│  "}`);
    });
  };
  for (const socket of topology.sockets) {
    lines.push(`${socket.id} (DRAM ${socket.memory.bandwidthGBps} GB/s)`);
    const bridges = topology.hostBridges.filter((hb) => hb.socket === socket.id);
    bridges.forEach((hb, i) => {
      const last = i === bridges.length - 1;
      lines.push(`${last ? "└─ " : "├─ "}${hb.id} host bridge ${hb.deviceId}, IOMMU ${hb.iommu.mode}, P2P ${[hb.p2p.reads ? "reads" : "", hb.p2p.writes ? "writes" : ""].filter(Boolean).join("+") || "none"}`);
      walk(hb.id, last ? "   " : "│  ");
    });
  }
  return lines;
}

/** The matrix as text and the first pair (row by row) the kernel would warn about. */
export interface MatrixText {
  readonly table: string;
  readonly firstWarning: P2pDecision | undefined;
}

/**
 * The provider x client matrix over `devices` ("HB 4 PIX" per cell), built a row at a time so that
 * no decision outlives its cell: the work is one decision per pair and the memory one short string.
 */
export function matrixTable(tree: TopologyTree, devices: readonly string[] = tree.endpoints.map((e) => e.id)): MatrixText {
  let firstWarning: P2pDecision | undefined;
  const rows = devices.map((provider) => [
    provider,
    ...devices.map((client) => {
      const d = p2pDecision(tree, provider, client);
      if (firstWarning === undefined && d.warning !== undefined) firstWarning = d;
      return d.provider === d.client ? "X" : `${SHORT[d.mapType]} ${d.distance} ${d.topo}`;
    }),
  ]);
  return { table: formatTable(["provider \\ client", ...devices], rows), firstWarning };
}

/**
 * The endpoints the matrix shows: all of them up to the topo matrix limit; past it, those the
 * workloads move data between (at most the limit), since the full matrix grows with the square.
 */
export function matrixDevices(tree: TopologyTree, workloads: readonly WorkloadSpec[]): readonly string[] {
  const all = tree.endpoints.map((e) => e.id);
  const limit = limitValue("topoMatrix");
  if (all.length <= limit) return all;
  const used = new Set(workloads.flatMap((w) => [w.from, w.to]));
  return all.filter((id) => used.has(id)).slice(0, limit);
}

export const topoCommand: Command = {
  name: "topo",
  summary: "print the device tree and Linux's P2P decision for every pair",
  run(argv: readonly string[], io: Io): number {
    const { values: v, positionals } = parseOptions(argv, OPTIONS, true);
    if (v.help) {
      io.out(HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError("give one scenario file, e.g. p2psim topo scenarios/default.yaml");
    const loaded = loadScenario(positionals[0]!, v.set);
    const tree = topologyTree(loaded.topology);
    io.out(`${loaded.scenario.name}: ${loaded.scenario.description}\n\n${treeLines(tree).join("\n")}\n\n`);
    const devices = matrixDevices(tree, loaded.workloads);
    if (devices.length < tree.endpoints.length) io.out(`${message.topoMatrixCut(tree.endpoints.length, limitValue("topoMatrix"), raiseHint("topoMatrix"), devices.length)}\n\n`);
    const { table, firstWarning } = matrixTable(tree, devices);
    io.out(`P2P map type and distance (BUS = BUS_ADDR, HB = THRU_HOST_BRIDGE, NO = NOT_SUPPORTED) and nvidia-smi class:\n\n${table}\n`);
    if (firstWarning !== undefined) io.out(`\nWhat the kernel would print for the first refused or redirected pair (${firstWarning.client} -> ${firstWarning.provider}):\n${firstWarning.warning!}\n`);
    return 0;
  },
};
