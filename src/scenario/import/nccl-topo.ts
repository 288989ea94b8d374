/**
 * NVIDIA NCCL's topology XML (what NCCL_TOPO_DUMP_FILE writes and NCCL_TOPO_FILE reads), both ways.
 *
 * The format (NCCL src/graph/xml.cc, topo.cc): `<system version="1">` holds one `<cpu>` per NUMA node
 * (`numaid`, `arch`, `vendor` as cpuid says it, `familyid`, `modelid`, `affinity`); inside, `<pci>`
 * elements (`busid`, `class`, `vendor`, `device`, `link_speed` such as "16.0 GT/s PCIe",
 * `link_width`) nest as the PCI tree does, except that NCCL climbs the sysfs path two levels at a
 * time: root ports and switch downstream ports are left out, so a device sits directly in the
 * `<cpu>` or in its switch's upstream port. A GPU's `<pci>` holds `<gpu dev sm rank gdr>`, a NIC's
 * `<nic><net name dev speed port guid maxconn gdr/></nic>` (speed in Mb/s). `link_speed` and
 * `link_width` are the lower of the device's and its port's maximum, not the trained link.
 *
 * Import: each `<pci>` becomes a captured device (root ports, host bridges and payload sizes are
 * not in the format: assumed). Export: a scenario's sockets, switches and endpoints as NCCL would
 * write them, with bus numbers assigned depth first as firmware would (a scenario has none).
 */
import { UsageError } from "../../messages.js";
import type { EndpointSpec, NodeSpec, Topology } from "../../fabric/topology.js";
import type { CapturedDevice, CapturedMachine } from "./captured-machine.js";
import { formatBdf, generationOf } from "./captured-machine.js";
import { importComment, importError, importNote } from "./messages.js";
import { classNameOf, cpuOfHostBridge } from "./pci-ids.js";
import { parseXml, writeXml, xmlElement, type XmlElement } from "./xml.js";

const BUSID = /^([0-9a-f]{4,8}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/i;

/** The machine an NCCL topology file describes. */
export function machineFromNcclTopo(text: string, file: string): CapturedMachine {
  const root = parseXml(text, file);
  const fail = (e: XmlElement, what: string): never => {
    throw new UsageError(importError.xml(file, e.line, what));
  };
  if (root.name !== "system") fail(root, `expected <system version="1"> as the outer element, found <${root.name}>`);
  const version = root.attributes.get("version") ?? "";
  if (version !== "1") fail(root, importError.ncclVersion(version));
  const devices: CapturedDevice[] = [];
  const where = new Map<string, number>();
  let cpu: CapturedMachine["cpu"];

  const pci = (e: XmlElement, parent: string | undefined, group: string, numa: number | undefined): void => {
    const busid = (e.attributes.get("busid") ?? "").toLowerCase();
    const m = BUSID.exec(busid);
    if (!m) fail(e, importError.ncclAttribute("pci", "busid", busid, "a PCI address such as 0000:17:00.0"));
    const bdf = formatBdf(parseInt(m![1]!, 16), parseInt(m![2]!, 16), parseInt(m![3]!, 16), Number(m![4]));
    if (where.has(bdf)) fail(e, importError.duplicate(bdf, `line ${where.get(bdf)!}`));
    where.set(bdf, e.line);
    const hexAttr = (name: string, digits: number): number | undefined => {
      const v = e.attributes.get(name);
      if (v === undefined || v === "") return undefined;
      if (!new RegExp(`^0x[0-9a-f]{1,${digits}}$`, "i").test(v)) return fail(e, importError.ncclAttribute("pci", name, v, `a hex number such as 0x${"0".repeat(digits)}`));
      return parseInt(v, 16);
    };
    const gpu = e.children.find((c) => c.name === "gpu");
    const net = e.children.find((c) => c.name === "nic")?.children.find((c) => c.name === "net");
    const classCode = hexAttr("class", 6) ?? (gpu ? 0x030200 : net ? 0x020000 : e.children.some((c) => c.name === "pci") ? 0x060400 : undefined);
    const vendorId = hexAttr("vendor", 4);
    const deviceId = hexAttr("device", 4);
    const speedText = e.attributes.get("link_speed") ?? "";
    const widthText = e.attributes.get("link_width") ?? "";
    const speed = /^([\d.]+)\s*GT\/s/.exec(speedText);
    const gts = speed ? Number(speed[1]) : undefined;
    if (speed && generationOf(gts!) === undefined) fail(e, importError.ncclAttribute("pci", "link_speed", speedText, "a PCIe rate such as \"16.0 GT/s PCIe\""));
    if (widthText !== "" && !/^\d+$/.test(widthText)) fail(e, importError.ncclAttribute("pci", "link_width", widthText, "a number of lanes such as 16"));
    const speedMbps = net?.attributes.get("speed");
    if (speedMbps !== undefined && !/^\d+$/.test(speedMbps)) fail(net!, importError.ncclAttribute("net", "speed", speedMbps, "a rate in Mb/s such as 200000"));
    const width = widthText === "" ? undefined : Number(widthText);
    devices.push({
      bdf,
      where: `${file}:${e.line}`,
      ...(classCode !== undefined ? { classCode, className: classNameOf(classCode >> 8) ?? `Class ${(classCode >> 8).toString(16).padStart(4, "0")}` } : {}),
      ...(net?.attributes.get("name") ? { name: `NCCL net ${net.attributes.get("name")!}` } : gpu ? { name: `NCCL gpu ${gpu.attributes.get("dev") ?? ""}`.trim() } : {}),
      ...(vendorId !== undefined && deviceId !== undefined ? { vendorId, deviceId } : {}),
      ...(gts !== undefined && width !== undefined && width > 0
        ? { linkSta: { gts, width }, linkNote: importComment.linkNcclMax(speedText, width) }
        : {}),
      capabilitiesSeen: false,
      bars: [],
      ...(parent !== undefined ? { parent } : {}),
      rootBus: group,
      ...(numa !== undefined && numa >= 0 ? { numaNode: numa } : {}),
      ...(speedMbps !== undefined && Number(speedMbps) > 0 ? { lineRateMbps: Number(speedMbps) } : {}),
    });
    for (const c of e.children) if (c.name === "pci") pci(c, bdf, group, numa);
  };

  for (const c of root.children) {
    if (c.name !== "cpu") continue;
    const numaText = c.attributes.get("numaid") ?? "0";
    if (!/^-?\d+$/.test(numaText)) fail(c, importError.ncclAttribute("cpu", "numaid", numaText, "a NUMA node number"));
    const numa = Number(numaText);
    if (cpu === undefined) {
      const vendor = c.attributes.get("vendor");
      const family = c.attributes.get("familyid");
      const model = c.attributes.get("modelid");
      cpu = {
        vendor: vendor === "GenuineIntel" ? "intel" : vendor === "AuthenticAMD" ? "amd" : "other",
        ...(family !== undefined && /^\d+$/.test(family) ? { family: Number(family) } : {}),
        ...(model !== undefined && /^\d+$/.test(model) ? { model: Number(model) } : {}),
        where: `<cpu vendor="${vendor ?? "?"}" familyid="${family ?? "?"}" modelid="${model ?? "?"}">`,
      };
    }
    for (const p of c.children) {
      if (p.name === "pci") pci(p, undefined, `cpu numaid=${numa}`, numa);
    }
  }
  if (devices.length === 0) throw new UsageError(importError.noDevices(file, "<pci> elements inside <cpu> elements (NCCL_TOPO_DUMP_FILE output)"));
  return { format: "NCCL topology XML", file, devices, notes: [importNote.ncclNoHostBridges()], implicitPorts: true, barsUnknown: true, ...(cpu ? { cpu } : {}) };
}

/** Class codes NCCL sees for each kind of node a scenario has. */
const CLASS_OF: Readonly<Record<string, number>> = { switch: 0x060400, ssd: 0x010802, nic: 0x020000, gpu: 0x030200, accelerator: 0x120000, generic: 0x088000 };
const SPEEDS: Readonly<Record<string, string>> = { gen1: "2.5", gen2: "5.0", gen3: "8.0", gen4: "16.0", gen5: "32.0", gen6: "64.0" };

/** NCCL topology XML of a scenario's topology; `source` names the scenario in a comment. */
export function ncclTopoXmlOf(topology: Topology, source: string): string {
  const children = new Map<string, NodeSpec[]>();
  for (const n of topology.nodes) {
    const parent = n.type === "root-port" ? n.hostBridge : n.type === "endpoint" && n.functionOf !== undefined ? undefined : n.parent;
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), n]);
  }
  let nextBus = 1;
  let gpus = 0;
  let nets = 0;
  const element = (node: NodeSpec, bus: number): XmlElement => {
    const link = node.type === "root-port" ? undefined : node.link;
    const kind = node.type === "switch" ? "switch" : node.type === "endpoint" ? (node.kind ?? "generic") : "generic";
    const attributes: Array<[string, string]> = [
      ["busid", formatBdf(0, bus, 0, 0)],
      ["class", `0x${CLASS_OF[kind]!.toString(16).padStart(6, "0")}`],
      ...(link ? ([["link_speed", `${SPEEDS[link.gen]!} GT/s PCIe`], ["link_width", String(link.lanes)]] as Array<[string, string]>) : []),
    ];
    if (node.type === "switch") {
      nextBus++; // the downstream ports' bus, which NCCL leaves out
      const kids = (children.get(node.id) ?? []).map((kid) => element(kid, nextBus++));
      return xmlElement("pci", attributes, kids);
    }
    const e = node as EndpointSpec;
    if (e.kind === "gpu") {
      const dev = String(gpus++);
      return xmlElement("pci", attributes, [xmlElement("gpu", [["dev", dev], ["rank", dev], ["gdr", "1"]])]);
    }
    if (e.kind === "nic") {
      const dev = String(nets++);
      const speed = e.media ? [["speed", String(Math.round(e.media.rateGBps * 8000))] as [string, string]] : [];
      return xmlElement("pci", attributes, [xmlElement("nic", [], [xmlElement("net", [["name", e.id], ["dev", dev], ...speed, ["port", "1"], ["gdr", "1"]])])]);
    }
    return xmlElement("pci", attributes);
  };
  const cpus = topology.sockets.map((socket, numa) => {
    const bridges = topology.hostBridges.filter((hb) => hb.socket === socket.id);
    const known = bridges.map((hb) => cpuOfHostBridge(hb.deviceId)).find((c) => c !== undefined && c.vendor === topology.cpu.vendor);
    const vendor = topology.cpu.vendor === "intel" ? "GenuineIntel" : topology.cpu.vendor === "amd" ? "AuthenticAMD" : undefined;
    const attributes: Array<[string, string]> = [
      ["numaid", String(numa)],
      ["arch", "x86_64"],
      ...(vendor ? ([["vendor", vendor], ["familyid", String(topology.cpu.family)]] as Array<[string, string]>) : []),
      ...(vendor && known?.model !== undefined ? ([["modelid", String(known.model)]] as Array<[string, string]>) : []),
    ];
    const devices = bridges.flatMap((hb) => (children.get(hb.id) ?? []).flatMap((rp) => (children.get(rp.id) ?? []).map((top) => element(top, nextBus++))));
    return xmlElement("cpu", attributes, devices);
  });
  const comment = `<!-- NCCL topology of p2psim scenario ${source.replace(/--/g, "- -")}: bus IDs assigned depth first (a scenario has none); NCCL fills what is missing (GPU sm, NIC guid) for the devices it finds -->\n`;
  return comment + writeXml(xmlElement("system", [["version", "1"]], cpus));
}
