/**
 * The `fabric` block of an imported scenario: one entry per root port, switch and endpoint of the
 * machine tree, named by kind (rp0, sw0, nvme0, nic0, gpu0, acc0, dev0; further functions
 * nic0.1), each value with where it came from. Links are the trained ones (LnkSta), payload sizes
 * DevCap's (what the device supports; the MPS Linux set goes to `platform.mps`), tags from
 * ExtTag / 10-bit tag enables, BARs only where peers could target memory, ACS as the capture shows.
 */
import type { EndpointKind } from "../../fabric/topology.js";
import type { CapturedDevice, CapturedLink } from "./captured-machine.js";
import { generationOf, shortBdf } from "./captured-machine.js";
import { ASSUMED_DMA, ASSUMED_GPU_BAR, assumedBar, assumedLink, assumedMedia, assumedSwitchLatency, MIN_PROVIDER_BAR_BYTES } from "./kind-defaults.js";
import type { Branch, EndpointBranch, MachineTree, SwitchBranch } from "./machine-tree.js";
import { importComment as say } from "./messages.js";
import { noted, sizeText, type NotedEntry, type NotedField } from "./noted.js";
import { kindOfClass } from "./pci-ids.js";

/** An endpoint as the default workload sees it. */
export interface PlannedEndpoint {
  readonly id: string;
  readonly kind: EndpointKind;
  readonly hasBar: boolean;
  /** Parent switch or root port id (undefined for a further function). */
  readonly parent?: string;
  readonly socket: string;
  readonly isFunction: boolean;
}

export interface FabricPlan {
  readonly entries: readonly NotedEntry[];
  readonly endpoints: readonly PlannedEndpoint[];
  /** `platform.mps`, when the capture shows the MPS Linux set. */
  readonly mps?: NotedField;
  /** `platform.kernel`, when the capture shows ports booted with pci=disable_acs_redir=. */
  readonly kernel?: NotedField;
  /** The scenario id of each captured function that became a node. */
  readonly idOf: ReadonlyMap<string, string>;
}

/** Largest BAR the scenario schema takes (256 GiB). */
const MAX_BAR_BYTES = 2 ** 38;
const PREFIX: Record<EndpointKind, string> = { ssd: "nvme", nic: "nic", gpu: "gpu", accelerator: "acc", generic: "dev" };

/** Plans the fabric of `tree`; `hostBridgeOf` gives each root bus's host bridge and socket. */
/** What the capture as a whole says that changes how nodes are planned. */
export interface FabricOptions {
  /** Whether the IOMMU was on (Linux then set the ACS redirect bits the capture shows). */
  readonly iommuOn: boolean | undefined;
  /** Root ports and downstream ports are not in the capture (NCCL). */
  readonly implicitPorts: boolean;
  /** The capture has no BARs (NCCL): GPUs get an assumed one. */
  readonly barsUnknown: boolean;
}

export function planFabric(tree: MachineTree, hostBridgeOf: ReadonlyMap<string, { id: string; socket: string }>, options: FabricOptions): FabricPlan {
  const { iommuOn, implicitPorts, barsUnknown } = options;
  const entries: NotedEntry[] = [];
  const endpoints: PlannedEndpoint[] = [];
  const idOf = new Map<string, string>();
  const counters = new Map<string, number>();
  const next = (prefix: string) => {
    const n = counters.get(prefix) ?? 0;
    counters.set(prefix, n + 1);
    return `${prefix}${n}`;
  };
  const payloads: Array<{ bdf: string; cap: number; ctl?: number }> = [];
  const redirectOff: Array<{ id: string; ports: string }> = [];
  /** With the IOMMU on, Linux sets redirect on every ACS-capable port unless pci=disable_acs_redir= names it. */
  const noteRedirectOff = (id: string, ports: readonly CapturedDevice[]) => {
    const capable = ports.filter((p) => p.acs?.cap.requestRedirect);
    if (iommuOn === true && capable.length > 0 && capable.every((p) => !p.acs!.ctl.requestRedirect)) {
      redirectOff.push({ id, ports: capable.map((p) => shortBdf(p.bdf)).join(", ") });
    }
  };

  const endpoint = (branch: EndpointBranch, parent: string, portAbove: CapturedDevice | undefined, socket: string): void => {
    const id = endpointEntry(branch.device, { parent, portAbove }, undefined);
    branch.functions.forEach((fn, i) => endpointEntry(fn, undefined, `${id}.${i + 1}`));

    function endpointEntry(d: CapturedDevice, attach: { parent: string; portAbove: CapturedDevice | undefined } | undefined, fixedId: string | undefined): string {
      const kind = kindOfClass(d.classCode);
      const id = fixedId ?? next(PREFIX[kind.kind]);
      idOf.set(d.bdf, id);
      const bar = providerBar(d);
      const kindNote = kind.known ? say.kind(kind.why) : say.kindUnknown(kind.why.replace(/^class /, ""));
      const fields: NotedField[] = [
        noted("id", id, attach ? say.device(d.bdf, label(d)) : say.functionOf(d.bdf, label(d), idOf.get(branch.device.bdf)!)),
        noted("type", "endpoint"),
        noted("kind", kind.kind, bar !== undefined && kind.kind === "nic" ? `${kindNote}; ${say.barNic(bar.index, sizeText(bar.sizeBytes))}` : kindNote),
      ];
      let gen = 3;
      if (attach) {
        const link = linkOf(d, attach.portAbove, kind.kind);
        gen = link.gen;
        fields.push(noted("parent", attach.parent), noted("link", link.value, link.note));
      } else {
        fields.push(noted("functionOf", idOf.get(branch.device.bdf)!));
      }
      const mps = d.mpsCap ?? ASSUMED_DMA.mps;
      payloads.push({ bdf: d.bdf, cap: mps, ...(d.mpsCtl !== undefined ? { ctl: d.mpsCtl } : {}) });
      const tags = d.tagBits === 10 ? 768 : d.tagBits === 5 ? 32 : 256;
      fields.push(noted("dma", { mps: `${mps}B`, mrrs: `${d.mrrs ?? ASSUMED_DMA.mrrs}B`, tags }, say.dma(d.mpsCap, d.mpsCtl, d.mrrs, say.tags(d.tagBits))));
      let hasBar = false;
      if (bar !== undefined && kind.kind !== "nic") {
        const assumed = assumedBar(kind.kind);
        const size = Math.min(bar.sizeBytes, MAX_BAR_BYTES);
        fields.push(noted("bar", { size: sizeText(size), ...assumed.value }, say.bar(bar.index, sizeText(bar.sizeBytes), `${assumed.why}${size < bar.sizeBytes ? `; modelled as ${sizeText(size)}, the largest BAR p2psim lays out` : ""}`)));
        hasBar = true;
      } else if (bar === undefined && kind.kind === "gpu" && barsUnknown && attach) {
        const assumed = assumedBar("gpu");
        fields.push(noted("bar", { size: ASSUMED_GPU_BAR.size, ...assumed.value }, `assumed: ${ASSUMED_GPU_BAR.why}; ${assumed.why}`));
        hasBar = true;
      }
      const media = attach ? assumedMedia(kind.kind, gen, d.lineRateMbps) : undefined;
      if (media) fields.push(noted("media", media.value, d.lineRateMbps ? say.mediaLineRate(d.lineRateMbps) : say.media(media.why)));
      if (d.ats) fields.push(noted("ats", { entries: 64 }, "ATSCtl Enable+; 64 cache entries assumed"));
      entries.push({ fields });
      endpoints.push({ id, kind: kind.kind, hasBar, ...(attach ? { parent: attach.parent } : {}), socket, isFunction: !attach });
      return id;
    }
  };

  const switchNode = (branch: SwitchBranch, parent: string, portAbove: CapturedDevice | undefined, socket: string): void => {
    const id = next("sw");
    idOf.set(branch.upstream.bdf, id);
    const link = linkOf(branch.upstream, portAbove, "switch");
    const latency = assumedSwitchLatency(link.gen);
    const ports = branch.ports.flatMap((p) => (p.port ? [p.port] : []));
    const description = branch.bridgeOnly && !implicitPorts
      ? say.bridgeAsSwitch(branch.upstream.bdf, label(branch.upstream))
      : `${say.device(branch.upstream.bdf, label(branch.upstream))}${ports.length > 0 ? `; ${say.switchPorts(shortBdf(branch.upstream.bdf), ports.map((p) => shortBdf(p.bdf)))}` : ""}`;
    const acs = acsOfPorts(ports, iommuOn, implicitPorts || !branch.bridgeOnly);
    noteRedirectOff(id, ports);
    entries.push({
      fields: [
        noted("id", id, description),
        noted("type", "switch"),
        noted("parent", parent),
        noted("link", link.value, link.note),
        noted("latency", latency.value, say.switchLatency(latency.value, latency.why)),
        noted("acs", acs.value, acs.note),
      ],
    });
    for (const p of branch.ports) attach(p.child, id, p.port ?? portAbove, socket);
  };

  const attach = (branch: Branch | undefined, parent: string, portAbove: CapturedDevice | undefined, socket: string): void => {
    if (branch === undefined) return;
    if (branch.type === "endpoint") endpoint(branch, parent, portAbove, socket);
    else switchNode(branch, parent, portAbove, socket);
  };

  for (const hb of tree.hostBridges) {
    const { id: hostBridge, socket } = hostBridgeOf.get(hb.rootBus)!;
    for (const rp of hb.rootPorts) {
      const id = next("rp");
      const acs = rp.port ? acsOfPorts([rp.port], iommuOn, true) : acsOfPorts([], iommuOn, true);
      if (rp.port) {
        idOf.set(rp.port.bdf, id);
        noteRedirectOff(id, [rp.port]);
      }
      const first = rp.child?.type === "endpoint" ? rp.child.device : rp.child?.upstream;
      const description = rp.port
        ? `${say.rootPort(rp.port.bdf, label(rp.port))}${rp.child === undefined ? `; ${say.rootPortEmpty()}` : ""}`
        : say.ncclRootPort(first?.bdf ?? "?");
      entries.push({ fields: [noted("id", id, description), noted("type", "root-port"), noted("hostBridge", hostBridge), noted("acs", acs.value, acs.note)] });
      attach(rp.child, id, rp.port, socket);
    }
  }
  const kernel =
    redirectOff.length > 0
      ? { kernel: noted("kernel", { disableAcsRedir: redirectOff.map((r) => r.id) }, say.disableAcsRedir(redirectOff.map((r) => `${r.id} (${r.ports})`).join("; "))) }
      : {};
  return { entries, endpoints, idOf, ...platformMps(payloads), ...kernel };
}

/** `Non-Volatile memory controller: Samsung ... [144d:a824]` for comments. */
function label(d: CapturedDevice): string {
  const ids = d.vendorId !== undefined ? ` [${d.vendorId.toString(16).padStart(4, "0")}:${d.deviceId!.toString(16).padStart(4, "0")}]` : "";
  const cls = d.className ?? (d.classCode !== undefined ? `class ${(d.classCode >> 8).toString(16).padStart(4, "0")}` : "device");
  return d.name ? `${cls}: ${d.name}${ids}` : `${cls}${ids}`;
}

const LANES = [16, 8, 4, 2, 1];

/** `gen3x8`-style name of a captured link, with any rounding it needed. */
function linkText(link: CapturedLink): { value: string; exact: boolean } | undefined {
  const gen = generationOf(link.gts);
  if (gen === undefined || link.width <= 0) return undefined;
  const lanes = LANES.find((l) => l <= link.width) ?? 1;
  return { value: `gen${gen}x${lanes}`, exact: lanes === link.width };
}

const show = (l: CapturedLink) => `${l.gts}GT/s x${l.width}`;

/** The link of a device to the port above: its LnkSta, else the port's, else assumed by kind. */
function linkOf(d: CapturedDevice, portAbove: CapturedDevice | undefined, kind: EndpointKind | "switch"): { value: string; note: string; gen: number } {
  const own = d.linkSta ? linkText(d.linkSta) : undefined;
  if (own && d.linkSta) {
    if (d.linkNote !== undefined) return { value: own.value, note: own.exact ? d.linkNote : `${d.linkNote}; modelled as ${own.value}`, gen: generationOf(d.linkSta.gts)! };
    const cap = d.linkCap && d.linkCap.width > 0 ? d.linkCap : undefined;
    const below = cap !== undefined && (d.linkSta.gts < cap.gts || d.linkSta.width < cap.width);
    const note = own.exact ? say.link(show(d.linkSta), cap ? show(cap) : undefined, below) : say.linkRounded(show(d.linkSta), own.value);
    return { value: own.value, note, gen: generationOf(d.linkSta.gts)! };
  }
  const port = portAbove?.linkSta ? linkText(portAbove.linkSta) : undefined;
  if (port && portAbove?.linkSta) return { value: port.value, note: say.linkFromPort(shortBdf(portAbove.bdf), show(portAbove.linkSta)), gen: generationOf(portAbove.linkSta.gts)! };
  const assumed = assumedLink(kind);
  return { value: assumed.value, note: say.linkAssumed(assumed.value, assumed.why), gen: 3 };
}

/** The BAR peers could target: the largest prefetchable memory BAR of at least 1 MiB. */
function providerBar(d: CapturedDevice) {
  const candidates = d.bars.filter((b) => !b.io && b.prefetchable && b.sizeBytes >= MIN_PROVIDER_BAR_BYTES);
  return candidates.sort((a, b) => b.sizeBytes - a.sizeBytes || a.index - b.index)[0];
}

const flags = (bits: { requestRedirect: boolean; completionRedirect: boolean; egressControl: boolean; directTranslated: boolean }) =>
  `ReqRedir${bits.requestRedirect ? "+" : "-"} CmpltRedir${bits.completionRedirect ? "+" : "-"} EgressCtrl${bits.egressControl ? "+" : "-"} DirectTrans${bits.directTranslated ? "+" : "-"}`;

/**
 * The `acs` of a root port or of a switch's downstream ports. What firmware set is what the
 * capture shows, except redirect bits Linux set itself because the IOMMU was on (the model sets
 * those from the IOMMU mode). Ports not seen (`assumeCapable`) are assumed ACS-capable.
 */
function acsOfPorts(ports: readonly CapturedDevice[], iommuOn: boolean | undefined, assumeCapable: boolean): { value: Record<string, boolean>; note: string } {
  const seen = ports.filter((p) => p.capabilitiesSeen);
  if (seen.length === 0) {
    return assumeCapable
      ? { value: { capable: true, requestRedirect: false, completionRedirect: false }, note: say.acsAssumed() }
      : { value: { capable: false }, note: say.acsNone() };
  }
  const first = seen[0]!;
  const differs = seen.some((p) => JSON.stringify(p.acs) !== JSON.stringify(first.acs));
  if (first.acs === undefined) return { value: { capable: false }, note: `${say.acsNone()}${differs ? `; ${say.acsDiffers(seen.map((p) => shortBdf(p.bdf)).join(", "))}` : ""}` };
  const { cap, ctl } = first.acs;
  const capable = cap.requestRedirect || cap.completionRedirect || cap.egressControl;
  const byLinux = iommuOn === true;
  const value: Record<string, boolean> = {
    capable,
    requestRedirect: byLinux ? false : ctl.requestRedirect,
    completionRedirect: byLinux ? false : ctl.completionRedirect,
    ...(ctl.egressControl ? { egressControl: true } : {}),
    ...(ctl.directTranslated ? { directTranslated: true } : {}),
  };
  const note = [
    say.acs(flags(cap), flags(ctl)),
    byLinux && (ctl.requestRedirect || ctl.completionRedirect) ? "redirect set by Linux for the IOMMU, which the model does from iommu.mode" : undefined,
    differs ? say.acsDiffers(seen.map((p) => shortBdf(p.bdf)).join(", ")) : undefined,
  ]
    .filter((x) => x !== undefined)
    .join("; ");
  return { value, note };
}

/** `platform.mps`: the MaxPayload Linux set on most devices, no more than every device supports. */
function platformMps(payloads: ReadonlyArray<{ bdf: string; cap: number; ctl?: number }>): { mps?: NotedField } {
  const set = payloads.filter((p) => p.ctl !== undefined);
  if (set.length === 0) return {};
  const counts = new Map<number, number>();
  for (const p of set) counts.set(p.ctl!, (counts.get(p.ctl!) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0];
  const mps = Math.min(common, ...payloads.map((p) => p.cap));
  const on = set.filter((p) => p.ctl === mps).map((p) => shortBdf(p.bdf));
  const others = set.filter((p) => p.ctl !== mps);
  const note = [
    say.mps(mps, on.length > 0 ? listed(on) : "no device"),
    ...[...new Set(others.map((o) => o.ctl!))].map((ctl) => say.mpsLower(ctl, listed(others.filter((o) => o.ctl === ctl).map((o) => shortBdf(o.bdf))))),
  ].join("; ");
  return { mps: noted("mps", `${mps}B`, note) };
}

function listed(items: readonly string[]): string {
  return items.length > 4 ? `${items.slice(0, 4).join(", ")} and ${items.length - 4} more` : items.join(", ");
}
