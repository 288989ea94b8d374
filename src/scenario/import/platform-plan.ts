/**
 * The `platform` block of an imported scenario: which preset the machine resembles (from its host
 * bridge's vendor:device, or the CPU NCCL names), its sockets (NUMA nodes, or a guess from bus
 * numbers), one host bridge per root bus with the device ID Linux looks up in its allow-list, and
 * the IOMMU mode the capture shows. Figures the capture cannot know (DRAM, interconnect, IOMMU
 * caches, P2P forwarding) are the preset's, written out in full and marked as assumed, so the
 * scenario stands alone (a preset's host bridges would otherwise merge into the file's by id).
 */
import { join } from "node:path";
import { BUILT_IN_SCENARIOS, readScenarioData } from "../load.js";
import type { CapturedDevice, CapturedMachine } from "./captured-machine.js";
import { hex, shortBdf } from "./captured-machine.js";
import type { HostBridgeBranch, MachineTree } from "./machine-tree.js";
import { importComment as say } from "./messages.js";
import { noted, type NotedEntry, type NotedField } from "./noted.js";
import { hostBridgeIdOfName, hostBridgeOfCpu, presetOfCpu, presetOfHostBridge, vendorOf, type PresetGuess } from "./pci-ids.js";

export interface PlatformPlan {
  readonly preset: PresetGuess;
  /** Why this preset, in a sentence. */
  readonly presetWhy: string;
  readonly cpu: NotedField;
  readonly sockets: readonly NotedEntry[];
  readonly interconnect: NotedField;
  readonly hostBridges: readonly NotedEntry[];
  /** Host bridge id and socket id of each root bus. */
  readonly hostBridgeOf: ReadonlyMap<string, { id: string; socket: string }>;
  /** Whether the IOMMU was on, as far as the capture shows. */
  readonly iommuOn: boolean | undefined;
}

type Raw = Record<string, unknown>;

/** Plans the platform of `machine` arranged as `tree`. */
export function planPlatform(machine: CapturedMachine, tree: MachineTree): PlatformPlan {
  const bridges = tree.hostBridges.map((hb) => ({ hb, ...hostBridgeId(hb) }));
  const firstKnown = bridges.find((b) => b.id !== undefined && b.id !== "0000:0000");
  const firstDevice = bridges.find((b) => b.hb.device !== undefined)?.hb.device;
  let preset: PresetGuess;
  let presetWhy: string;
  if (machine.cpu !== undefined) {
    preset = presetOfCpu(machine.cpu.vendor, machine.cpu.family, machine.cpu.model);
    presetWhy = `${machine.cpu.where} is ${preset.platform}${preset.exact ? "" : `, which has no preset of its own; ${preset.preset} is the closest`}`;
  } else {
    const vendor = vendorOf(firstDevice?.vendorId, firstDevice?.name);
    preset = presetOfHostBridge(firstKnown?.id, vendor, tree.hostBridges.length);
    presetWhy = firstKnown
      ? `host bridge ${firstKnown.id} is ${preset.platform}${preset.exact ? "" : `, which has no preset of its own; ${preset.preset} is the closest`}`
      : `the host bridge is not one p2psim knows; ${preset.preset} stands in for ${preset.platform}`;
  }
  const data = readScenarioData(presetFile(preset.preset));
  const presetName = `platforms/${preset.preset}`;
  const platform = (data.platform ?? {}) as Raw;
  const presetBridge = ((platform.hostBridges as Raw[] | undefined) ?? [])[0] ?? {};
  const presetSocket = ((platform.sockets as Raw[] | undefined) ?? [])[0] ?? {};
  const twoSockets = ((platform.sockets as Raw[] | undefined) ?? []).length > 1;

  const iommu = machine.iommu ?? iommuFromAcs(machine.devices);
  const presetIommu = (presetBridge.iommu ?? {}) as Raw;
  const iommuMode = iommu === undefined ? String(presetIommu.mode ?? "off") : iommu.on ? "translated" : "off";
  const iommuNote =
    iommu === undefined
      ? say.iommuPreset(iommuMode, presetName)
      : say.iommu(iommuMode, `${iommu.evidence}${iommu.on ? "; translated or passthrough, the capture cannot tell; other figures from the preset, assumed" : ""}`);

  // Sockets: NUMA nodes where the capture has them, else a split by bus number on two-socket presets.
  const numaOf = (hb: HostBridgeBranch): { node: number; from: string } | undefined => {
    for (const d of devicesUnder(hb)) if (d.numaNode !== undefined && d.numaNode >= 0) return { node: d.numaNode, from: shortBdf(d.bdf) };
    return undefined;
  };
  const numa = bridges.map((b) => numaOf(b.hb));
  const anyNuma = numa.some((n) => n !== undefined);
  const sockets = new Map<string, string>(); // socket id -> note
  const hostBridgeOf = new Map<string, { id: string; socket: string }>();
  const hostBridges: NotedEntry[] = bridges.map((b, i) => {
    const id = `hb${i}`;
    let socket: string;
    let socketNote: string;
    const n = numa[i];
    if (n !== undefined) {
      socket = `s${n.node}`;
      socketNote = say.socketFromNuma(n.node, n.from);
    } else if (anyNuma) {
      socket = `s${numa.find((x) => x !== undefined)!.node}`;
      socketNote = say.socketOnly();
    } else if (twoSockets && splitsAcrossSockets(tree)) {
      const high = busNumber(b.hb.rootBus) >= 0x80;
      socket = high ? "s1" : "s0";
      socketNote = say.socketAssumedSplit(b.hb.rootBus);
    } else {
      socket = "s0";
      socketNote = say.socketOnly();
    }
    if (!sockets.has(socket)) sockets.set(socket, socketNote);
    hostBridgeOf.set(b.hb.rootBus, { id, socket });
    const byCpu = machine.cpu ? hostBridgeOfCpu(machine.cpu.vendor, machine.cpu.model) : undefined;
    const deviceId = b.id ?? byCpu ?? String(presetBridge.deviceId ?? "8086:09a2");
    const deviceNote = b.id !== undefined ? b.note : byCpu !== undefined ? say.hostBridgeOfCpu(byCpu, machine.cpu!.where) : say.hostBridgeNcclAssumed(presetName, deviceId);
    const before = b.hb.device ? say.hostBridge(b.hb.rootBus, `${shortBdf(b.hb.device.bdf)} ${b.hb.device.name ?? ""}`.trim()) : `${b.hb.rootBus}`;
    return {
      before,
      fields: [
        noted("id", id),
        noted("socket", socket, socketNote),
        noted("deviceId", deviceId, deviceNote),
        noted("iommu", { ...presetIommu, mode: iommuMode }, iommuNote),
        noted("p2p", presetBridge.p2p ?? {}, say.p2pPreset(presetName)),
        ...(presetBridge.fabric !== undefined ? [noted("fabric", presetBridge.fabric, say.p2pPreset(presetName))] : []),
      ],
    };
  });
  const socketEntries: NotedEntry[] = [...sockets.keys()]
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
    .map((id) => ({ fields: [noted("id", id, sockets.get(id)), noted("memory", presetSocket.memory ?? {}, say.memory(presetName))] }));
  const cpuValue = machine.cpu
    ? { vendor: machine.cpu.vendor, family: machine.cpu.family ?? preset.cpu.family }
    : { vendor: preset.cpu.vendor, family: preset.cpu.vendor === "amd" ? preset.cpu.family : Number((platform.cpu as Raw | undefined)?.family ?? preset.cpu.family) };
  const cpuNote = machine.cpu ? `from ${machine.cpu.where}` : `guessed from ${firstKnown ? `host bridge ${firstKnown.id}` : "the host bridge's vendor"} (${preset.platform})`;
  return {
    preset,
    presetWhy,
    cpu: noted("cpu", cpuValue, cpuNote),
    sockets: socketEntries,
    interconnect: noted("interconnect", platform.interconnect ?? {}, say.memory(presetName)),
    hostBridges,
    hostBridgeOf,
    iommuOn: iommu?.on,
  };
}

/** A preset's file, among the built-in scenarios. */
function presetFile(name: string): string {
  return join(BUILT_IN_SCENARIOS, "platforms", name);
}

/** The device ID Linux looks up for a host bridge, and where it came from. */
function hostBridgeId(hb: HostBridgeBranch): { id?: string; note: string } {
  const d = hb.device;
  if (d === undefined) {
    if (hb.rootPorts.every((rp) => rp.port === undefined)) return { note: "" }; // NCCL: no host bridge in the capture
    return { id: "0000:0000", note: say.hostBridgeNone(hb.rootBus) };
  }
  if (d.vendorId !== undefined) {
    const id = `${hex(d.vendorId, 4)}:${hex(d.deviceId!, 4)}`;
    return { id, note: say.hostBridgeId(shortBdf(d.bdf), id, "") };
  }
  const byName = hostBridgeIdOfName(d.name ?? "");
  if (byName !== undefined) return { id: byName, note: say.hostBridgeId(shortBdf(d.bdf), byName, say.nameLookup(d.name ?? "")) };
  return { id: "0000:0000", note: `${shortBdf(d.bdf)} ${d.name ?? ""}: no vendor:device ID in the capture (lspci ran without -nn) and the name is not one p2psim knows; 0000:0000 (on no allow-list) stands for it, assumed` };
}

/** Every function below a host bridge, root ports first. */
function devicesUnder(hb: HostBridgeBranch): CapturedDevice[] {
  const out: CapturedDevice[] = [];
  const visit = (branch: HostBridgeBranch["rootPorts"][number]["child"]): void => {
    if (branch === undefined) return;
    if (branch.type === "endpoint") out.push(branch.device, ...branch.functions);
    else {
      out.push(branch.upstream);
      for (const p of branch.ports) {
        if (p.port) out.push(p.port);
        visit(p.child);
      }
    }
  };
  for (const rp of hb.rootPorts) {
    if (rp.port) out.push(rp.port);
    visit(rp.child);
  }
  if (hb.device) out.push(hb.device);
  return out;
}

function busNumber(rootBus: string): number {
  const colon = rootBus.lastIndexOf(":");
  const bus = parseInt(rootBus.slice(colon + 1), 16);
  return Number.isNaN(bus) ? 0 : bus;
}

/** Whether root buses with root ports lie on both sides of bus 0x80 (two sockets' worth). */
function splitsAcrossSockets(tree: MachineTree): boolean {
  const buses = tree.hostBridges.map((hb) => busNumber(hb.rootBus));
  return buses.some((b) => b < 0x80) && buses.some((b) => b >= 0x80);
}

/**
 * Whether an IOMMU was on, from the ACS control bits Linux leaves: it sets Request Redirect on
 * every ACS-capable port when an IOMMU is enabled (pci_enable_acs()).
 */
export function iommuFromAcs(devices: readonly CapturedDevice[]): { on: boolean; evidence: string } | undefined {
  const ports = devices.filter((d) => d.acs !== undefined && d.acs.cap.requestRedirect && (d.portType === "root-port" || d.portType === "downstream-port"));
  const redirecting = ports.find((d) => d.acs!.ctl.requestRedirect);
  if (redirecting) return { on: true, evidence: `ACSCtl ReqRedir+ on ${shortBdf(redirecting.bdf)} (Linux sets it on ACS-capable ports when an IOMMU is on)` };
  if (ports.length > 0) return { on: false, evidence: `ACSCtl ReqRedir- on every ACS-capable port (${ports.length}); with an IOMMU on, Linux would have set it` };
  return undefined;
}
