/**
 * Checks across fields that a schema cannot express, in two groups run in the same pass as the
 * schema. References (`referenceProblems`) read the raw data, so a wrong `parent:` or `to:` is
 * reported together with schema errors elsewhere in the file: ids exist and are distinct, the tree
 * is sound (src/topology/check.ts, shared with the model), workloads and variants name real places,
 * kernel settings name real ports. Values (`valueProblems`) need the schema's units and run on the
 * validated scenario: BARs fit their windows, IOTLBs divide into sets, MPS is one every device
 * supports, buffers hold a TLP, an I/O fits its workload and a chunk its I/O, rates are ones the
 * clock can count, and the run ends before the clock stops being exact.
 */
import { Platform, type Platform as PlatformData } from "./platform-schema.js";
import type { Scenario } from "./scenario-schema.js";
import { WALK_LEVELS } from "./to-model.js";
import { scenarioMessage } from "./messages.js";
import { quoted } from "../messages.js";
import { LIMITS, limitValue } from "./limits.js";
import type { FieldProblem } from "./problems.js";
import { topologyProblems, type TopologyProblem } from "../topology/check.js";
import { Generations, type LinkConfig } from "../pcie/spec.js";
import { MAX_SOCKETS } from "../fabric/fabric.js";
import { MAX_P99_OVER_MEAN } from "../sim/distribution.js";
import { MAX_WORKLOADS, WORKLOAD_DRAM_STRIDE } from "../workload/plan.js";

export type { FieldProblem } from "./problems.js";

/** Largest BAR the fabric lays out (its window): 256 GiB (an H100's BAR1 is 128 GiB). */
const MAX_BAR_BYTES = 2 ** 38;
/** Longest scenario name: `results/<name>-<digest>` and its temporaries must stay within 255 bytes. */
const MAX_NAME_LENGTH = 200;

/** The platform a scenario gets when it says nothing (one socket s0, one host bridge hb0). */
const DEFAULT_PLATFORM: PlatformData = Platform.parse({});

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Raw) : undefined);
const arr = (v: unknown): readonly unknown[] | undefined => (Array.isArray(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const idsOf = (list: readonly unknown[]): string[] => list.flatMap((x) => (str(obj(x)?.id) !== undefined ? [str(obj(x)?.id)!] : []));

const LIST_PATH = { sockets: "platform.sockets", hostBridges: "platform.hostBridges", nodes: "fabric" } as const;

/** A topology problem as a field problem of the scenario. */
function topologyFieldProblem(p: TopologyProblem): FieldProblem {
  const at = `${LIST_PATH[p.list]}.${p.index}`;
  const path = p.field === "" ? at : `${at}.${p.field}`;
  const m = scenarioMessage;
  const message = ((): string => {
    switch (p.code) {
      case "duplicateId":
        return m.usedTwice(p.id, `${LIST_PATH[p.list]}.${p.value}`);
      case "socketIdClash":
        return `${quoted(p.id)} is also a socket id; ids must be distinct`;
      case "unknownSocket":
        return m.unknownReference(p.value, "a socket", "sockets", p.ids);
      case "badDeviceId":
        return `${quoted(p.value)} is not vendor:device in hex (e.g. 8086:2030)`;
      case "unknownHostBridge":
        return m.unknownReference(p.value, "a host bridge", "host bridges", p.ids);
      case "unknownFunctionOf":
        return m.unknownReference(p.value, "an endpoint's first function", "first functions", p.ids);
      case "functionWithLink":
        return `a further function shares its device's link: give functionOf, not parent or link`;
      case "noParent":
        return m.required(`the root port or switch above ${quoted(p.id)}, e.g. parent: rp0`);
      case "noLink":
        return m.required(`the link to ${quoted(p.value)}, e.g. link: gen4x16`);
      case "unknownParent":
        return m.unknownReference(p.value, "a root port or switch of this scenario", "ports", p.ids);
      case "cycle":
        return m.cycle(p.ids);
      case "rootPortChildren":
        return m.rootPortChildren(p.id, p.ids);
      case "tooDeep":
        return m.treeTooDeep(p.id, Number(p.value));
    }
  })();
  return { path, message };
}

/**
 * Problems of the references between fields, read from raw (unvalidated) data: a field of the
 * wrong type is left to the schema. Linear in the size of the scenario.
 */
export function referenceProblems(raw: Raw): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const platform = obj(raw.platform) ?? {};
  const sockets = arr(platform.sockets) ?? DEFAULT_PLATFORM.sockets;
  const hostBridges = arr(platform.hostBridges) ?? DEFAULT_PLATFORM.hostBridges;
  const fabric = arr(raw.fabric) ?? [];
  const socketIds = idsOf(sockets);
  for (const p of topologyProblems({ sockets, hostBridges, nodes: fabric }, { scenario: true })) problems.push(topologyFieldProblem(p));

  const nodeIds = new Map<string, Raw>();
  for (const n of fabric) {
    const id = str(obj(n)?.id);
    if (id !== undefined && !nodeIds.has(id)) nodeIds.set(id, obj(n)!);
  }
  const ports = [...nodeIds].filter(([, n]) => n.type === "root-port" || n.type === "switch").map(([id]) => id);
  const acs = arr(obj(platform.kernel)?.disableAcsRedir);
  acs?.forEach((port, i) => {
    const id = str(port);
    if (id !== undefined && !ports.includes(id)) problem(`platform.kernel.disableAcsRedir.${i}`, scenarioMessage.unknownPort(id, ports));
  });

  const endpoints = [...nodeIds].filter(([, n]) => n.type === "endpoint").map(([id]) => id);
  const places = new Set([...socketIds, ...endpoints]);
  const workloads = arr(raw.workloads) ?? [];
  // Without a fabric every device would be unknown: the missing fabric is the one problem to report.
  const checkPlaces = fabric.length > 0;
  const names = new Map<string, number>();
  workloads.forEach((entry, i) => {
    const w = obj(entry);
    if (w === undefined) return;
    const at = `workloads.${i}`;
    const name = str(w.name);
    if (name !== undefined) {
      if (names.has(name)) problem(`${at}.name`, scenarioMessage.usedTwice(name, `workloads.${names.get(name)}`));
      else names.set(name, i);
    }
    for (const end of ["from", "to"] as const) {
      const place = str(w[end]);
      if (checkPlaces && place !== undefined && !places.has(place)) problem(`${at}.${end}`, scenarioMessage.unknownReference(place, "an endpoint or socket", "endpoints and sockets", [...places]));
    }
    const bounceSocket = str(obj(w.bounce)?.socket);
    if (bounceSocket !== undefined && !socketIds.includes(bounceSocket)) problem(`${at}.bounce.socket`, scenarioMessage.unknownReference(bounceSocket, "a socket", "sockets", socketIds));
  });

  const checkPath = (path: unknown, at: string) => {
    const text = str(path);
    if (text === undefined || !text.startsWith("p2p:")) return;
    const device = nodeIds.get(text.slice(4));
    if (device?.type !== "endpoint" || obj(device.bar) === undefined) {
      const withBar = [...nodeIds].filter(([, n]) => n.type === "endpoint" && obj(n.bar) !== undefined).map(([id]) => id);
      problem(at, scenarioMessage.unknownReference(text.slice(4), "an endpoint with BAR memory", "endpoints with a BAR", withBar));
    }
  };
  const variantNames = new Set<string>();
  (arr(raw.compare) ?? []).forEach((variant, i) => {
    const mixed = obj(variant);
    const name = mixed !== undefined ? str(mixed.name) : str(variant);
    if (name === undefined) return;
    if (variantNames.has(name)) problem(`compare.${i}`, `variant ${quoted(name)} is compared twice`);
    variantNames.add(name);
    if (mixed === undefined) return checkPath(variant, `compare.${i}`);
    if (/^(p2p|bounce|auto)(:|$)/.test(name)) problem(`compare.${i}.name`, `${quoted(name)} is a path's name; give a mixed variant a name of its own (e.g. bidir)`);
    checkPath(mixed.default, `compare.${i}.default`);
    for (const [workload, path] of Object.entries(obj(mixed.paths) ?? {})) {
      if (!names.has(workload)) problem(`compare.${i}.paths.${workload}`, scenarioMessage.unknownReference(workload, "a workload", "workloads", [...names.keys()]));
      checkPath(path, `compare.${i}.paths.${workload}`);
    }
  });
  return problems;
}

/** Problems of values that only make sense together, on the validated scenario. */
export function valueProblems(s: Scenario): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const p = s.platform;
  const sockets = new Set(p.sockets.map((x) => x.id));
  p.hostBridges.forEach((hb, i) => {
    const at = `platform.hostBridges.${i}`;
    const { entries, ways, pageSize } = hb.iommu.iotlb;
    if (entries % ways !== 0) problem(`${at}.iommu.iotlb`, `${entries} entries do not divide into ${ways} ways; make entries a multiple of ways`);
    if (WALK_LEVELS[pageSize] === undefined) problem(`${at}.iommu.iotlb.pageSize`, `${pageSize} B is not one of 4KiB, 2MiB, 1GiB`);
  });

  s.fabric.forEach((n, i) => {
    const at = `fabric.${i}`;
    if (n.type !== "endpoint") return;
    if (n.bar && n.bar.size > MAX_BAR_BYTES) problem(`${at}.bar.size`, `${n.bar.size} B is larger than the 256 GiB a BAR may have here`);
    for (const [field, part] of [["bar", n.bar], ["media", n.media]] as const) {
      // A lognormal's p99 lies above its mean and at most MAX_P99_OVER_MEAN times it (sim/distribution.ts).
      const p99 = part?.latencyP99;
      if (part === undefined || p99 === undefined || (p99 > part.latency && p99 <= part.latency * MAX_P99_OVER_MEAN)) continue;
      problem(`${at}.${field}.latencyP99`, scenarioMessage.p99OutOfRange(p99, part.latency, MAX_P99_OVER_MEAN));
    }
    if (p.mps !== undefined && p.mps > n.dma.mps) problem("platform.mps", `${p.mps} is larger than the ${n.dma.mps} B ${quoted(n.id)} supports`);
    if (n.dma.tlpRate !== undefined && n.dma.tlpRate < 1) problem(`${at}.dma.tlpRate`, scenarioMessage.absurdRate(n.dma.tlpRate, "TLPs per second"));
  });
  // Every receive buffer must hold one TLP of the fabric's MPS, or flow would stop for good.
  let mps: number = p.mps ?? 4096;
  if (p.mps === undefined) for (const n of s.fabric) if (n.type === "endpoint" && n.functionOf === undefined) mps = Math.min(mps, n.dma.mps);
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

  // The results folder is named after the scenario (with a digest and, while written, a temporary
  // suffix of some twenty bytes), and a file system takes names of at most 255 bytes.
  if (s.name.length > MAX_NAME_LENGTH) problem("name", `${s.name.length} characters; at most ${MAX_NAME_LENGTH} (the results folder is named after it, and a file system takes names of at most 255 bytes)`);
  // Host memory is laid out by socket, then by workload index (fabric.ts, workload/plan.ts).
  if (p.sockets.length > MAX_SOCKETS) problem("platform.sockets", `${p.sockets.length} sockets; the model lays out the memory of at most ${MAX_SOCKETS}`);
  if (s.workloads.length > MAX_WORKLOADS) problem("workloads", `${s.workloads.length} workloads; at most ${MAX_WORKLOADS} (each has its own 64 GiB of host memory for its buffers); split the scenario`);
  const byId = new Map(s.fabric.map((n) => [n.id, n]));
  s.workloads.forEach((w, i) => {
    const at = `workloads.${i}`;
    if ((sockets.has(w.from) || sockets.has(w.to)) && w.workingSet > WORKLOAD_DRAM_STRIDE) problem(`${at}.workingSet`, `${w.workingSet} B is larger than the 64 GiB of host memory each workload has here`);
    if (w.from === w.to) problem(`${at}.to`, `${quoted(w.to)} is also the source; give two different places`);
    if (sockets.has(w.from) && sockets.has(w.to)) problem(at, `both ends are host memory; one must be a device`);
    if (w.size === undefined && w.duration === undefined) problem(at, scenarioMessage.required("a size (e.g. size: 64MiB) or a duration (e.g. duration: 1ms)"));
    if (w.workingSet < w.io) problem(`${at}.workingSet`, `${w.workingSet} B is smaller than one I/O (${w.io} B)`);
    if (w.size !== undefined && w.io > w.size) problem(`${at}.io`, scenarioMessage.ioOverSize(w.io, w.size));
    if (w.chunk !== undefined && w.chunk > w.io) problem(`${at}.chunk`, scenarioMessage.chunkOverIo(w.chunk, w.io));
    timeProblems(byId, w, at, mps, problem);
  });
  return problems;
}

/**
 * Refuses a workload whose lower bound on simulated time passes 2^53 ps (where the integer clock
 * stops being exact), or whose TLP count passes the events limit. The bound: its start plus its
 * bytes at the fastest rate anything on its way could give (the slowest of the two devices' media,
 * their DMA engines' TLP rates, their links).
 */
function timeProblems(byId: ReadonlyMap<string, Scenario["fabric"][number]>, w: Scenario["workloads"][number], at: string, mps: number, problem: (path: string, message: string) => void): void {
  let end = w.start + (w.duration ?? 0);
  if (w.size !== undefined) {
    let bytesPerPs = Infinity;
    for (const place of [w.from, w.to]) {
      const n = byId.get(place);
      if (n?.type !== "endpoint") continue;
      if (n.media !== undefined) bytesPerPs = Math.min(bytesPerPs, (place === w.from ? n.media.rate : (n.media.writeRate ?? n.media.rate)) / 1000);
      if (n.dma.tlpRate !== undefined && n.dma.tlpRate >= 1) bytesPerPs = Math.min(bytesPerPs, (n.dma.tlpRate * n.dma.mps) / 1e12);
      if (n.link !== undefined) bytesPerPs = Math.min(bytesPerPs, linkBytesPerPs(n.link));
    }
    if (Number.isFinite(bytesPerPs)) end += w.size / bytesPerPs;
    const tlps = Math.ceil(w.size / Math.min(mps, 4096));
    if (tlps > limitValue("events")) problem(`${at}.size`, scenarioMessage.tooManyTlps(tlps));
  }
  if (end > LIMITS.simulatedPs.value) problem(w.duration !== undefined && w.size === undefined ? `${at}.duration` : `${at}.size`, scenarioMessage.tooSlow(`workload ${quoted(w.name)}`, humanTime(end)));
}

/** A link's raw rate in bytes per picosecond, before encoding and packet overhead (an upper bound). */
function linkBytesPerPs(link: LinkConfig): number {
  return (Generations[link.gen].gtps * link.lanes) / 8 / 1000;
}

function humanTime(ps: number): string {
  const s = ps / 1e12;
  if (s > 365 * 86400) return `${(s / (365 * 86400)).toPrecision(3)} years`;
  if (s > 86400) return `${(s / 86400).toPrecision(3)} days`;
  return `${(s / 3600).toPrecision(3)} hours`;
}
