/**
 * The neutral shape every importer produces and the scenario emitter consumes: what a capture of a
 * machine says about each PCI function, in PCI terms (bus/device/function, class code, link
 * capability and status, payload sizes, ACS bits, BARs, NUMA node, parent bridge). Importers fill
 * what their format carries and leave the rest `undefined`; nothing here is guessed. The guesses
 * (kinds, presets, defaults) happen later, in `fabric-plan.ts`, each with a note saying so.
 */

/** A PCIe link as trained or as capable: transfer rate and lanes. */
export interface CapturedLink {
  /** GT/s per lane: 2.5, 5, 8, 16, 32 or 64. */
  readonly gts: number;
  /** Lanes, as reported (x0 means no link trained). */
  readonly width: number;
}

/** The ACS bits that matter for peer-to-peer routing (PCIe Base Spec section 7.7.8). */
export interface CapturedAcsBits {
  readonly requestRedirect: boolean;
  readonly completionRedirect: boolean;
  readonly egressControl: boolean;
  readonly directTranslated: boolean;
}

/** One memory (or I/O) BAR. */
export interface CapturedBar {
  /** Region number (0-5). */
  readonly index: number;
  readonly sizeBytes: number;
  readonly prefetchable: boolean;
  /** An I/O-port region, not memory. */
  readonly io: boolean;
}

/** The PCI Express capability's device/port type (PCIe Base Spec section 7.5.3.2). */
export type PortType =
  | "endpoint"
  | "legacy-endpoint"
  | "root-complex-endpoint"
  | "root-port"
  | "upstream-port"
  | "downstream-port"
  | "pcie-to-pci-bridge"
  | "pci-to-pcie-bridge"
  | "root-complex-event-collector";

/** What a capture says about one PCI function. */
export interface CapturedDevice {
  /** Domain:bus:device.function, lower case with a domain: `0000:17:00.0`. */
  readonly bdf: string;
  /** Line (lspci) or path (sysfs, NCCL) the record came from, for messages and comments. */
  readonly where: string;
  /** 24-bit class code 0xBBSSPP, when known (lspci without -nn gives only base and sub class). */
  readonly classCode?: number;
  /** The class as lspci names it ("Non-Volatile memory controller"). */
  readonly className?: string;
  /** Vendor and device name as lspci prints them. */
  readonly name?: string;
  readonly vendorId?: number;
  readonly deviceId?: number;
  readonly portType?: PortType;
  readonly linkCap?: CapturedLink;
  readonly linkSta?: CapturedLink;
  /** Where `linkSta` came from, when not lspci's LnkSta (sysfs files, NCCL attributes). */
  readonly linkNote?: string;
  /** DevCap Max_Payload_Size supported, bytes. */
  readonly mpsCap?: number;
  /** DevCtl Max_Payload_Size set by Linux, bytes. */
  readonly mpsCtl?: number;
  /** DevCtl Max_Read_Request_Size, bytes. */
  readonly mrrs?: number;
  /** Tag field width enabled: 5, 8 or 10 bits. */
  readonly tagBits?: 5 | 8 | 10;
  /** ACS capability and control; `undefined` when the function has no ACS capability (or it was not seen). */
  readonly acs?: { readonly cap: CapturedAcsBits; readonly ctl: CapturedAcsBits };
  /** Whether the capture could read the capability list (lspci without root and sysfs without a full `config` cannot). */
  readonly capabilitiesSeen: boolean;
  readonly ats?: boolean;
  readonly bars: readonly CapturedBar[];
  /** Bus numbers of a bridge. */
  readonly bus?: { readonly primary: number; readonly secondary: number; readonly subordinate: number };
  /** BDF of the bridge above, when the capture gives the tree (sysfs paths, `lspci -tv`, NCCL nesting). */
  readonly parent?: string;
  /** The root bus it hangs from (`0000:17`), when the capture says (sysfs `pci0000:17`). */
  readonly rootBus?: string;
  /** NUMA node (-1 or undefined: not known). */
  readonly numaNode?: number;
  /** A NIC's line rate in Mb/s (NCCL's `net speed`). */
  readonly lineRateMbps?: number;
  /** Linux put the function in an IOMMU group (it does so only with an IOMMU on). */
  readonly iommuGroup?: boolean;
  /** Kernel driver in use. */
  readonly driver?: string;
}

/** A whole capture: the functions, and what the capture as a whole says. */
export interface CapturedMachine {
  /** The format and file it came from, e.g. `lspci -vvv` and `box.txt`. */
  readonly format: string;
  readonly file: string;
  readonly devices: readonly CapturedDevice[];
  /** CPU, when the capture names it (NCCL's cpu element); otherwise guessed from the host bridge. */
  readonly cpu?: { readonly vendor: "intel" | "amd" | "other"; readonly family?: number; readonly model?: number; readonly where: string };
  /** Whether an IOMMU was on, and the evidence; `undefined` when the capture cannot tell. */
  readonly iommu?: { readonly on: boolean; readonly evidence: string };
  /**
   * The capture leaves root ports and switch downstream ports out (NCCL's format): each top-level
   * device has a root port of its own, and devices hang directly below a switch's upstream port.
   */
  readonly implicitPorts?: boolean;
  /** The capture gives no BARs (NCCL's format): GPUs get an assumed one. */
  readonly barsUnknown?: boolean;
  /** Things the reader should know about the capture as a whole (no root, no -nn, ...). */
  readonly notes: readonly string[];
}

/** Splits `0000:17:00.0` into numbers. */
export function parseBdf(bdf: string): { domain: number; bus: number; device: number; fn: number } {
  const m = /^([0-9a-f]{4,8}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/.exec(bdf);
  if (!m) throw new Error(`not a PCI address: ${bdf}`);
  return { domain: parseInt(m[1]!, 16), bus: parseInt(m[2]!, 16), device: parseInt(m[3]!, 16), fn: Number(m[4]) };
}

/** `0000:17:00.0` from numbers. */
export function formatBdf(domain: number, bus: number, device: number, fn: number): string {
  return `${hex(domain, 4)}:${hex(bus, 2)}:${hex(device, 2)}.${fn}`;
}

/** The bus a function sits on: `0000:17`. */
export function busOf(bdf: string): string {
  return bdf.slice(0, bdf.lastIndexOf(":"));
}

/** The device (slot) a function belongs to: `0000:17:00`. */
export function slotOf(bdf: string): string {
  return bdf.slice(0, bdf.lastIndexOf("."));
}

/** A BDF as lspci prints it without `-D`: the domain left out when it is 0000. */
export function shortBdf(bdf: string): string {
  return bdf.startsWith("0000:") ? bdf.slice(5) : bdf;
}

/** Lower-case hex, zero-padded to `digits`. */
export function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, "0");
}

/** Orders BDFs as lspci lists them: by domain, bus, device, function. */
export function compareBdf(a: string, b: string): number {
  const x = parseBdf(a);
  const y = parseBdf(b);
  return x.domain - y.domain || x.bus - y.bus || x.device - y.device || x.fn - y.fn;
}

/** Generation number (1-6) of a transfer rate in GT/s; `undefined` for anything else. */
export function generationOf(gts: number): number | undefined {
  const gens: Record<string, number> = { "2.5": 1, "5": 2, "8": 3, "16": 4, "32": 5, "64": 6 };
  return gens[String(gts)];
}
