/**
 * The `lspci -vvv` record parser: one `CapturedDevice` per record (a header line such as
 * `05:00.0 Ethernet controller [0200]: Netronome Systems, Inc. Device 6000 [19ee:6000]`, then
 * indented fields). It reads what p2psim needs (class, IDs, Express port type, LnkCap/LnkSta,
 * DevCap/DevCtl payload sizes and tags, ACSCap/ACSCtl, ATS, BARs, bus numbers of bridges, NUMA
 * node, driver) and skips every other line. Accepts output with and without root
 * (`Capabilities: <access denied>`), with and without `-nn` and `-D`, tabs or spaces.
 *
 * A field it reads but cannot parse, a line outside any record, or a duplicate address is a
 * `UsageError` naming `FILE:LINE` and what was expected; never a stack trace.
 */
import { UsageError } from "../../messages.js";
import type { CapturedAcsBits, CapturedBar, CapturedDevice, CapturedLink, PortType } from "./captured-machine.js";
import { formatBdf } from "./captured-machine.js";
import { importError } from "./messages.js";
import { classOfName } from "./pci-ids.js";

/** What the parse found besides the records. */
export interface LspciCapture {
  readonly devices: CapturedDevice[];
  /** Records whose capabilities lspci could not read (it ran without root). */
  readonly hiddenCapabilities: number;
  /** Whether vendor:device IDs were printed (`-nn`). */
  readonly numericIds: boolean;
}

const HEADER = /^(?:([0-9a-fA-F]{4,8}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])\s+(.*)$/;
const RATES = [2.5, 5, 8, 16, 32, 64];
const PAYLOADS = [128, 256, 512, 1024, 2048, 4096];

/** Lines lspci itself prints among the records (warnings), which are not part of any record. */
const DIAGNOSTIC = /^(pcilib|lspci|setpci):/;

interface Field {
  label: string;
  text: string;
  line: number;
  indent: number;
}

/** Parses `lspci -vvv` text; `file` names it in messages. */
export function parseLspci(text: string, file: string): LspciCapture {
  const lines = text.split(/\r?\n/);
  const devices: CapturedDevice[] = [];
  const seen = new Map<string, string>();
  let header: { match: RegExpExecArray; line: number } | undefined;
  let fields: Field[] = [];
  let hidden = 0;
  let numericIds = false;
  let anyFields = false;

  const flush = () => {
    if (header === undefined) return;
    const device = parseRecord(header.match, header.line, fields, file);
    const first = seen.get(device.bdf);
    if (first !== undefined) throw new UsageError(importError.at(file, header.line, importError.duplicate(device.bdf, first)));
    seen.set(device.bdf, device.where);
    if (!device.capabilitiesSeen) hidden++;
    if (device.vendorId !== undefined) numericIds = true;
    anyFields ||= fields.length > 0;
    devices.push(device);
    header = undefined;
    fields = [];
  };

  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return flush();
    const indent = indentOf(raw);
    const body = raw.trim();
    if (indent === 0) {
      if (DIAGNOSTIC.test(body)) return;
      const match = HEADER.exec(body);
      if (!match) throw new UsageError(importError.at(file, line, importError.expectedRecord(body)));
      flush();
      header = { match, line };
      return;
    }
    if (header === undefined) throw new UsageError(importError.at(file, line, importError.expectedRecord(body)));
    const label = /^([A-Za-z][\w /#.-]*?):(?:\s|$)/.exec(body);
    const last = fields.at(-1);
    if (label === null && last !== undefined && indent > last.indent) {
      last.text += ` ${body}`;
    } else {
      fields.push({ label: label?.[1] ?? "", text: label ? body.slice(label[0].length).trim() : body, line, indent });
    }
  });
  flush();
  if (devices.length === 0) throw new UsageError(importError.noDevices(file, "lspci -vvv output (records such as '00:01.0 PCI bridge: ...')"));
  if (!anyFields) throw new UsageError(importError.empty(file, "lspci -vvv output: these records have no details (was it plain lspci?)"));
  return { devices, hiddenCapabilities: hidden, numericIds };
}

/** Width of leading whitespace, a tab counting 8. */
function indentOf(raw: string): number {
  let width = 0;
  for (const ch of raw) {
    if (ch === "\t") width += 8 - (width % 8);
    else if (ch === " ") width++;
    else break;
  }
  return width;
}

function parseRecord(match: RegExpExecArray, line: number, fields: readonly Field[], file: string): CapturedDevice {
  const [, domain, bus, dev, fn, rest] = match;
  const bdf = formatBdf(parseInt(domain ?? "0", 16), parseInt(bus!, 16), parseInt(dev!, 16), Number(fn));
  const where = `${file}:${line}`;
  const fail = (field: Field, expected: string): never => {
    throw new UsageError(importError.at(file, field.line, importError.badValue(field.label, field.text, expected)));
  };
  const head = parseHeadline(rest!);
  if (head === undefined) throw new UsageError(importError.at(file, line, importError.expectedRecord(rest!)));

  const baseIndent = Math.min(...fields.map((f) => f.indent));
  const field = (label: string) => fields.find((f) => f.label === label);
  const bars: CapturedBar[] = [];
  let portType: PortType | undefined;
  let capabilitiesSeen = true;
  let sawCapability = false;
  let ats: boolean | undefined;
  let acsCap: CapturedAcsBits | undefined;
  let acsCtl: CapturedAcsBits | undefined;
  let bridgeBus: CapturedDevice["bus"];
  let numaNode: number | undefined;
  let driver: string | undefined;
  let iommuGroup = false;

  for (const f of fields) {
    switch (f.label) {
      case "Capabilities":
        if (f.text.startsWith("<access denied>")) capabilitiesSeen = false;
        else sawCapability = true;
        portType ??= expressPortType(f.text);
        if (/Address Translation Service/.test(f.text)) ats ??= false;
        break;
      case "ATSCtl":
        ats = /Enable\+/.test(f.text);
        break;
      case "ACSCap":
        acsCap = acsBits(f.text);
        break;
      case "ACSCtl":
        acsCtl = acsBits(f.text);
        break;
      case "Bus": {
        const m = /primary=([0-9a-f]{2}), secondary=([0-9a-f]{2}), subordinate=([0-9a-f]{2})/i.exec(f.text);
        if (!m) fail(f, "'primary=NN, secondary=NN, subordinate=NN'");
        bridgeBus = { primary: parseInt(m![1]!, 16), secondary: parseInt(m![2]!, 16), subordinate: parseInt(m![3]!, 16) };
        break;
      }
      case "NUMA node": {
        if (!/^-?\d+$/.test(f.text)) fail(f, "a NUMA node number");
        numaNode = Number(f.text);
        break;
      }
      case "Kernel driver in use":
        driver = f.text;
        break;
      case "IOMMU group":
        iommuGroup = true;
        break;
      default:
        if (/^Region \d$/.test(f.label) && f.indent === baseIndent) {
          const bar = parseRegion(f);
          if (bar === "bad") fail(f, "'Memory at ADDRESS (64-bit, prefetchable) [size=N]' or 'I/O ports at ADDRESS [size=N]'");
          else if (bar !== undefined) bars.push(bar);
        }
    }
  }

  const devCap = field("DevCap");
  const devCtl = field("DevCtl");
  const mpsCap = devCap ? payload(devCap, /MaxPayload (\d+) bytes/, fail) : undefined;
  const mpsCtl = devCtl && /MaxPayload/.test(devCtl.text) ? payload(devCtl, /MaxPayload (\d+) bytes/, fail) : undefined;
  const mrrs = devCtl && /MaxReadReq/.test(devCtl.text) ? payload(devCtl, /MaxReadReq (\d+) bytes/, fail) : undefined;
  const devCtl2 = field("DevCtl2");
  const tagBits = devCtl2 && /10BitTagReq\+/.test(devCtl2.text) ? 10 : devCtl && /ExtTag([+-])/.test(devCtl.text) ? (/ExtTag\+/.test(devCtl.text) ? 8 : 5) : undefined;
  const lnkCap = field("LnkCap");
  const lnkSta = field("LnkSta");

  return {
    bdf,
    where,
    ...(head.classCode !== undefined ? { classCode: head.classCode } : {}),
    className: head.className,
    name: head.name,
    ...(head.vendorId !== undefined ? { vendorId: head.vendorId, deviceId: head.deviceId! } : {}),
    ...(portType !== undefined ? { portType } : {}),
    ...(lnkCap ? { linkCap: parseLink(lnkCap, fail) } : {}),
    ...(lnkSta ? { linkSta: parseLink(lnkSta, fail) } : {}),
    ...(mpsCap !== undefined ? { mpsCap } : {}),
    ...(mpsCtl !== undefined ? { mpsCtl } : {}),
    ...(mrrs !== undefined ? { mrrs } : {}),
    ...(tagBits !== undefined ? { tagBits } : {}),
    ...(acsCap !== undefined ? { acs: { cap: acsCap, ctl: acsCtl ?? acsCap } } : {}),
    capabilitiesSeen: capabilitiesSeen || sawCapability,
    ...(ats !== undefined ? { ats } : {}),
    bars,
    ...(bridgeBus ? { bus: bridgeBus } : {}),
    ...(numaNode !== undefined ? { numaNode } : {}),
    ...(driver !== undefined ? { driver } : {}),
    ...(iommuGroup ? { iommuGroup } : {}),
  };
}

/** `Ethernet controller [0200]: Netronome ... [19ee:6000] (rev 10) (prog-if 02 [NVM Express])`. */
function parseHeadline(rest: string): { className: string; classCode?: number; name: string; vendorId?: number; deviceId?: number } | undefined {
  const colon = rest.indexOf(": ");
  if (colon <= 0) return undefined;
  let classText = rest.slice(0, colon).trim();
  let name = rest.slice(colon + 2).trim();
  let progIf = 0;
  const prog = /\s*\(prog-if ([0-9a-f]{2})(?: \[[^\]]*\])?\)$/i.exec(name);
  if (prog) {
    progIf = parseInt(prog[1]!, 16);
    name = name.slice(0, prog.index);
  }
  const rev = /\s*\(rev [0-9a-f]{2}\)$/i.exec(name);
  if (rev) name = name.slice(0, rev.index);
  const ids = /\s*\[([0-9a-f]{4}):([0-9a-f]{4})\]$/i.exec(name);
  let vendorId: number | undefined;
  let deviceId: number | undefined;
  if (ids) {
    vendorId = parseInt(ids[1]!, 16);
    deviceId = parseInt(ids[2]!, 16);
    name = name.slice(0, ids.index);
  }
  let baseSub: number | undefined;
  const code = /\s*\[([0-9a-f]{4})\]$/i.exec(classText);
  if (code) {
    baseSub = parseInt(code[1]!, 16);
    classText = classText.slice(0, code.index);
  } else {
    const numeric = /^Class ([0-9a-f]{4})$/i.exec(classText);
    baseSub = numeric ? parseInt(numeric[1]!, 16) : classOfName(classText);
  }
  return {
    className: classText,
    name: name.trim(),
    ...(baseSub !== undefined ? { classCode: (baseSub << 8) | progIf } : {}),
    ...(vendorId !== undefined ? { vendorId, deviceId: deviceId! } : {}),
  };
}

/** `Express (v2) Root Port (Slot+), MSI 00` -> "root-port". */
function expressPortType(text: string): PortType | undefined {
  const m = /^\[[0-9a-f]+\] Express \([^)]*\) (.+?)(?: \(Slot[+-]\))?, (?:MSI|IntMsgNum)/i.exec(text);
  if (!m) return undefined;
  const types: Record<string, PortType> = {
    Endpoint: "endpoint",
    "Legacy Endpoint": "legacy-endpoint",
    "Root Port": "root-port",
    "Upstream Port": "upstream-port",
    "Downstream Port": "downstream-port",
    "PCI-Express to PCI/PCI-X Bridge": "pcie-to-pci-bridge",
    "PCI/PCI-X to PCI-Express Bridge": "pci-to-pcie-bridge",
    "Root Complex Integrated Endpoint": "root-complex-endpoint",
    "Root Complex Event Collector": "root-complex-event-collector",
  };
  return types[m[1]!];
}

function parseLink(field: Field, fail: (f: Field, expected: string) => never): CapturedLink {
  const speed = /Speed (unknown|[\d.]+GT\/s)/.exec(field.text);
  const width = /Width x(\d+)/.exec(field.text);
  if (!speed || !width) return fail(field, "'Speed NGT/s, Width xN'");
  const gts = speed[1] === "unknown" ? 0 : Number(speed[1]!.replace("GT/s", ""));
  if (gts !== 0 && !RATES.includes(gts)) return fail(field, "a PCIe rate: Speed 2.5, 5, 8, 16, 32 or 64GT/s");
  return { gts, width: Number(width[1]) };
}

function payload(field: Field, pattern: RegExp, fail: (f: Field, expected: string) => never): number {
  const m = pattern.exec(field.text);
  const bytes = m ? Number(m[1]) : NaN;
  if (!PAYLOADS.includes(bytes)) return fail(field, `a payload size of 128 to 4096 bytes (${pattern.source.split(" ")[0]} N bytes)`);
  return bytes;
}

function acsBits(text: string): CapturedAcsBits {
  const on = (flag: string) => new RegExp(`\\b${flag}\\+`).test(text);
  return { requestRedirect: on("ReqRedir"), completionRedirect: on("CmpltRedir"), egressControl: on("EgressCtrl"), directTranslated: on("DirectTrans") };
}

const SIZE_UNITS: Record<string, number> = { "": 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** A `Region N:` line; `undefined` for one without a size (ignored, unassigned), "bad" for garbage. */
function parseRegion(field: Field): CapturedBar | undefined | "bad" {
  const index = Number(field.label.slice(7));
  const kind = /^(Memory at|I\/O ports at)\s/.exec(field.text);
  if (!kind) return "bad";
  const size = /\[size=(\d+)([KMGT]?)\]/.exec(field.text);
  if (!size) return /\[size=/.test(field.text) ? "bad" : undefined;
  return {
    index,
    sizeBytes: Number(size[1]) * SIZE_UNITS[size[2]!]!,
    prefetchable: /[(,\s]prefetchable\)/.test(field.text) && !/non-prefetchable/.test(field.text),
    io: kind[1] !== "Memory at",
  };
}
