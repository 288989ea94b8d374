/**
 * Checks across fields that a schema cannot express: that ids exist and are unique, that the tree
 * has no cycles, that a root port has one link, that BARs fit their windows and IOTLBs divide into
 * sets, that MPS is one every device supports, that workloads name real places. Each problem comes
 * back as a field path and what is wrong with it.
 */
import type { Scenario } from "./scenario-schema.js";
import { WALK_LEVELS } from "./to-model.js";

export interface FieldProblem {
  path: string;
  message: string;
}

/** Largest BAR the fabric lays out (its window): 256 GiB (an H100's BAR1 is 128 GiB). */
const MAX_BAR_BYTES = 2 ** 38;

export function crossFieldProblems(s: Scenario): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const p = s.platform;
  const sockets = new Set(p.sockets.map((x) => x.id));
  const hostBridges = new Set(p.hostBridges.map((x) => x.id));

  unique(p.sockets.map((x) => x.id), "platform.sockets", problem);
  unique(p.hostBridges.map((x) => x.id), "platform.hostBridges", problem);
  p.hostBridges.forEach((hb, i) => {
    const at = `platform.hostBridges.${i}`;
    if (!sockets.has(hb.socket)) problem(`${at}.socket`, `'${hb.socket}' is not a socket; sockets: ${[...sockets].join(", ")}`);
    const { entries, ways, pageSize } = hb.iommu.iotlb;
    if (entries % ways !== 0) problem(`${at}.iommu.iotlb`, `${entries} entries do not divide into ${ways} ways`);
    if (WALK_LEVELS[pageSize] === undefined) problem(`${at}.iommu.iotlb.pageSize`, `${pageSize} B is not one of 4KiB, 2MiB, 1GiB`);
  });

  const nodes = new Map(s.fabric.map((n) => [n.id, n]));
  unique(s.fabric.map((n) => n.id), "fabric", problem);
  const children = new Map<string, string[]>();
  s.fabric.forEach((n, i) => {
    const at = `fabric.${i}`;
    if (sockets.has(n.id)) problem(`${at}.id`, `'${n.id}' is also a socket id; ids must be distinct`);
    if (n.type === "root-port") {
      if (!hostBridges.has(n.hostBridge)) problem(`${at}.hostBridge`, `'${n.hostBridge}' is not a host bridge; host bridges: ${[...hostBridges].join(", ")}`);
      return;
    }
    if (n.type === "endpoint" && n.functionOf !== undefined) {
      const first = nodes.get(n.functionOf);
      if (first?.type !== "endpoint" || first.functionOf !== undefined) problem(`${at}.functionOf`, `'${n.functionOf}' is not an endpoint's first function`);
      if (n.parent !== undefined || n.link !== undefined) problem(at, `a further function shares its device's link: give functionOf, not parent or link`);
      return;
    }
    if (n.parent === undefined) return problem(`${at}.parent`, `missing: the root port or switch above '${n.id}'`);
    if (n.link === undefined) problem(`${at}.link`, `missing: the link to '${n.parent}' (e.g. gen4x16)`);
    const parent = nodes.get(n.parent);
    if (parent === undefined || parent.type === "endpoint") {
      problem(`${at}.parent`, `'${n.parent}' is not a root port or switch of this scenario`);
    } else {
      children.set(n.parent, [...(children.get(n.parent) ?? []), n.id]);
    }
    if (n.type === "endpoint" && n.bar && n.bar.size > MAX_BAR_BYTES) problem(`${at}.bar.size`, `${n.bar.size} B is larger than the 256 GiB a BAR may have here`);
    if (n.type === "endpoint" && p.mps !== undefined && p.mps > n.dma.mps) problem("platform.mps", `${p.mps} is larger than the ${n.dma.mps} B '${n.id}' supports`);
  });
  // Every receive buffer must hold one TLP of the fabric's MPS, or flow would stop for good.
  const endpointMps = s.fabric.flatMap((n) => (n.type === "endpoint" && n.functionOf === undefined ? [n.dma.mps] : []));
  const mps = p.mps ?? Math.min(4096, ...endpointMps);
  s.fabric.forEach((n, i) => {
    const b = n.buffers;
    if (b === undefined) return;
    for (const field of ["postedData", "completionData"] as const) {
      const bytes = b[field];
      if (bytes !== undefined && bytes < mps) problem(`fabric.${i}.buffers.${field}`, `${bytes} B cannot hold one ${mps} B TLP (the fabric's MPS)`);
    }
    if (n.type === "endpoint" && (b.completionHeaders !== undefined || b.completionData !== undefined)) {
      problem(`fabric.${i}.buffers`, `an endpoint's completion buffers are infinite (PCIe requires it); give only posted and non-posted ones`);
    }
  });
  for (const [parent, kids] of children) {
    if (nodes.get(parent)?.type === "root-port" && kids.length > 1) {
      problem(`fabric.${s.fabric.findIndex((n) => n.id === parent)}`, `root port '${parent}' has one link, but ${kids.join(", ")} name it as parent`);
    }
  }
  cycles(s, nodes, problem);

  const places = new Set([...sockets, ...s.fabric.filter((n) => n.type === "endpoint").map((n) => n.id)]);
  unique(s.workloads.map((w) => w.name), "workloads", problem);
  s.workloads.forEach((w, i) => {
    const at = `workloads.${i}`;
    for (const end of ["from", "to"] as const) {
      if (!places.has(w[end])) problem(`${at}.${end}`, `'${w[end]}' is not an endpoint or socket; choose one of ${[...places].join(", ")}`);
    }
    if (w.from === w.to) problem(`${at}.to`, `'${w.to}' is also the source`);
    if (sockets.has(w.from) && sockets.has(w.to)) problem(at, `both ends are host memory; one must be a device`);
    if (w.size === undefined && w.duration === undefined) problem(at, `give a size or a duration`);
    if (w.bounce?.socket !== undefined && !sockets.has(w.bounce.socket)) problem(`${at}.bounce.socket`, `'${w.bounce.socket}' is not a socket`);
    if (w.workingSet < w.io) problem(`${at}.workingSet`, `${w.workingSet} B is smaller than one I/O (${w.io} B)`);
  });
  const workloadNames = new Set(s.workloads.map((w) => w.name));
  const checkPath = (path: string, at: string) => {
    if (!path.startsWith("p2p:")) return;
    const device = nodes.get(path.slice(4));
    if (device?.type !== "endpoint" || device.bar === undefined) problem(at, `'${path.slice(4)}' is not an endpoint with BAR memory`);
  };
  const variantNames = new Set<string>();
  s.compare.forEach((variant, i) => {
    const name = typeof variant === "string" ? variant : variant.name;
    if (variantNames.has(name)) problem(`compare.${i}`, `variant '${name}' is compared twice`);
    variantNames.add(name);
    if (typeof variant === "string") return checkPath(variant, `compare.${i}`);
    if (/^(p2p|bounce|auto)(:|$)/.test(variant.name)) problem(`compare.${i}.name`, `'${variant.name}' is a path's name; give a mixed variant a name of its own (e.g. bidir)`);
    checkPath(variant.default, `compare.${i}.default`);
    for (const [workload, path] of Object.entries(variant.paths)) {
      if (!workloadNames.has(workload)) problem(`compare.${i}.paths.${workload}`, `'${workload}' is not a workload; workloads: ${[...workloadNames].join(", ")}`);
      checkPath(path, `compare.${i}.paths.${workload}`);
    }
  });
  return problems;
}

function unique(ids: string[], path: string, problem: (path: string, message: string) => void): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) problem(`${path}.${i}`, `'${id}' is used twice`);
    seen.add(id);
  });
}

function cycles(s: Scenario, nodes: Map<string, Scenario["fabric"][number]>, problem: (path: string, message: string) => void): void {
  s.fabric.forEach((n, i) => {
    const seen = new Set<string>();
    let cursor: Scenario["fabric"][number] | undefined = n;
    while (cursor !== undefined && cursor.type !== "root-port") {
      if (seen.has(cursor.id)) return problem(`fabric.${i}.parent`, `'${n.id}' is its own ancestor (a cycle through ${[...seen].join(", ")})`);
      seen.add(cursor.id);
      cursor = cursor.parent !== undefined ? nodes.get(cursor.parent) : undefined;
    }
  });
}
