/**
 * What PCI IDs and class codes mean to p2psim: an endpoint's kind from its class code, a class
 * code from the name lspci prints without `-nn`, and which platform preset a host bridge (or a
 * CPU) points to. Class codes are the PCI-SIG's (PCI Code and ID Assignment Specification); host
 * bridge IDs and names are those of the pci.ids database and of Linux's P2PDMA allow-list
 * (drivers/pci/p2pdma.c).
 */
import type { EndpointKind } from "../../fabric/topology.js";

/** Kind of an endpoint from its 24-bit class code, and the words that say why. */
export function kindOfClass(classCode: number | undefined): { kind: EndpointKind; known: boolean; why: string } {
  if (classCode === undefined) return { kind: "generic", known: false, why: "class not captured" };
  const baseSub = classCode >> 8;
  const named = CLASS_KINDS[baseSub];
  if (named !== undefined) return { kind: named[0], known: true, why: `class ${hex4(baseSub)} (${named[1]})` };
  const name = CLASS_NAMES_BY_CODE.get(baseSub);
  return { kind: "generic", known: name !== undefined, why: `class ${hex4(baseSub)}${name ? ` (${name})` : ""}` };
}

/** Base+sub class -> kind, for the classes that have a kind other than generic. */
const CLASS_KINDS: Readonly<Record<number, readonly [EndpointKind, string]>> = {
  0x0108: ["ssd", "Non-Volatile memory controller: NVMe"],
  0x0200: ["nic", "Ethernet controller"],
  0x0207: ["nic", "InfiniBand controller"],
  0x0208: ["nic", "Fabric controller"],
  0x0280: ["nic", "Network controller"],
  0x0300: ["gpu", "VGA compatible controller"],
  0x0302: ["gpu", "3D controller"],
  0x0380: ["gpu", "Display controller"],
  0x0b40: ["accelerator", "Co-processor"],
  0x1200: ["accelerator", "Processing accelerators"],
  0x1180: ["accelerator", "Signal processing controller"],
  0x1080: ["accelerator", "Encryption controller"],
};

/** Class names as lspci prints them (pci.ids), base+sub class code. */
const CLASS_NAMES: Readonly<Record<string, number>> = {
  "SCSI storage controller": 0x0100,
  "IDE interface": 0x0101,
  "RAID bus controller": 0x0104,
  "SATA controller": 0x0106,
  "Serial Attached SCSI controller": 0x0107,
  "Non-Volatile memory controller": 0x0108,
  "Mass storage controller": 0x0180,
  "Ethernet controller": 0x0200,
  "Infiniband controller": 0x0207,
  "Fabric controller": 0x0208,
  "Network controller": 0x0280,
  "VGA compatible controller": 0x0300,
  "3D controller": 0x0302,
  "Display controller": 0x0380,
  "Multimedia audio controller": 0x0401,
  "Audio device": 0x0403,
  "Memory controller": 0x0580,
  "Host bridge": 0x0600,
  "ISA bridge": 0x0601,
  "PCI bridge": 0x0604,
  "Bridge": 0x0680,
  "Serial controller": 0x0700,
  "Communication controller": 0x0780,
  "PIC": 0x0800,
  "IOMMU": 0x0806,
  "System peripheral": 0x0880,
  "Co-processor": 0x0b40,
  "USB controller": 0x0c03,
  "SMBus": 0x0c05,
  "Encryption controller": 0x1080,
  "Performance counters": 0x1101,
  "Signal processing controller": 0x1180,
  "Processing accelerators": 0x1200,
  "Non-Essential Instrumentation": 0x1300,
  "Unassigned class": 0xff00,
};

const CLASS_NAMES_BY_CODE = new Map(Object.entries(CLASS_NAMES).map(([name, code]) => [code, name]));

/** The name lspci prints for a base+sub class code (0xBBSS); `undefined` when p2psim does not know it. */
export function classNameOf(baseSub: number): string | undefined {
  return CLASS_NAMES_BY_CODE.get(baseSub);
}

/** Base+sub class code (0xBBSS) of a class name lspci printed; `undefined` when unknown. */
export function classOfName(name: string): number | undefined {
  return CLASS_NAMES[name.trim()];
}

/** Whether a class code is a PCI-to-PCI bridge (0604, or 0609 subtractive). */
export function isPciBridgeClass(classCode: number | undefined): boolean {
  const baseSub = classCode === undefined ? undefined : classCode >> 8;
  return baseSub === 0x0604 || baseSub === 0x0609;
}

/** A platform preset in scenarios/platforms/ and the CPU it stands for. */
export interface PresetGuess {
  /** File name under scenarios/platforms/, e.g. `intel-skx.yaml`. */
  readonly preset: string;
  /** The platform in words, e.g. "Intel Haswell-EP". */
  readonly platform: string;
  /** Whether the preset is this platform (true) or the closest there is (false). */
  readonly exact: boolean;
  /** CPU identity for NCCL's cpu element. */
  readonly cpu: { readonly vendor: "intel" | "amd" | "other"; readonly family: number; readonly model?: number };
}

const intel = (preset: string, platform: string, exact: boolean, model: number): PresetGuess => ({
  preset,
  platform,
  exact,
  cpu: { vendor: "intel", family: 6, model },
});

/** Host bridge (first device on a root bus) vendor:device -> platform. */
const HOST_BRIDGES: Readonly<Record<string, PresetGuess>> = {
  "8086:3c00": intel("intel-skx.yaml", "Intel Sandy Bridge-EP", false, 45),
  "8086:3c01": intel("intel-skx.yaml", "Intel Sandy Bridge-EP", false, 45),
  "8086:0e00": intel("intel-skx.yaml", "Intel Ivy Bridge-EP", false, 62),
  "8086:2f00": intel("intel-skx.yaml", "Intel Haswell-EP", false, 63),
  "8086:2f01": intel("intel-skx.yaml", "Intel Haswell-EP", false, 63),
  "8086:6f00": intel("intel-skx.yaml", "Intel Broadwell-EP", false, 79),
  "8086:6f01": intel("intel-skx.yaml", "Intel Broadwell-EP", false, 79),
  "8086:2020": intel("intel-skx.yaml", "Intel Skylake-SP / Cascade Lake", true, 85),
  "8086:2030": intel("intel-skx.yaml", "Intel Skylake-SP / Cascade Lake", true, 85),
  "8086:2031": intel("intel-skx.yaml", "Intel Skylake-SP / Cascade Lake", true, 85),
  "8086:2032": intel("intel-skx.yaml", "Intel Skylake-SP / Cascade Lake", true, 85),
  "8086:2033": intel("intel-skx.yaml", "Intel Skylake-SP / Cascade Lake", true, 85),
  "8086:09a2": intel("intel-icx.yaml", "Intel Ice Lake-SP or later Xeon", true, 106),
  "1022:1450": { preset: "amd-epyc.yaml", platform: "AMD EPYC Zen 1 (Naples)", exact: false, cpu: { vendor: "amd", family: 0x17, model: 1 } },
  "1022:1480": { preset: "amd-epyc.yaml", platform: "AMD EPYC Zen 2/3 (Rome, Milan)", exact: true, cpu: { vendor: "amd", family: 0x19, model: 1 } },
  "1022:14a4": { preset: "amd-epyc.yaml", platform: "AMD EPYC Zen 4 (Genoa)", exact: true, cpu: { vendor: "amd", family: 0x19, model: 0x11 } },
};

/** Host bridge names lspci prints without -nn (pci.ids), -> vendor:device. */
const HOST_BRIDGE_NAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/Haswell-E DMI2|Xeon E7 v3\/Xeon E5 v3\/Core i7 DMI2/, "8086:2f00"],
  [/(Haswell-E|Xeon E7 v3\/Xeon E5 v3\/Core i7) PCI Express Root Port 0\b/, "8086:2f01"],
  [/Broadwell.*DMI2|Xeon E7 v4\/Xeon E5 v4.*DMI2/, "8086:6f00"],
  [/Xeon E5\/Core i7 DMI2/, "8086:3c00"],
  [/Sky Lake-E DMI3 Registers/, "8086:2020"],
  [/Sky Lake-E PCI Express Root Port A/, "8086:2030"],
  [/Sky Lake-E PCI Express Root Port B/, "8086:2031"],
  [/Sky Lake-E PCI Express Root Port C/, "8086:2032"],
  [/Sky Lake-E PCI Express Root Port D/, "8086:2033"],
  [/Ice Lake Memory Map\/VT-d/, "8086:09a2"],
  [/Family 17h \(Models 00h-0fh\) Root Complex/, "1022:1450"],
  [/Starship\/Matisse Root Complex/, "1022:1480"],
  [/Genoa\/Bergamo Root Complex|Genoa Root Complex/, "1022:14a4"],
];

/** vendor:device of a host bridge named by lspci without -nn; `undefined` when not known. */
export function hostBridgeIdOfName(name: string): string | undefined {
  return HOST_BRIDGE_NAMES.find(([pattern]) => pattern.test(name))?.[1];
}

/** CPU vendor from a vendor ID or an lspci vendor name. */
export function vendorOf(vendorId: number | undefined, name: string | undefined): "intel" | "amd" | "other" {
  if (vendorId === 0x8086 || (vendorId === undefined && /^Intel\b/.test(name ?? ""))) return "intel";
  if (vendorId === 0x1022 || (vendorId === undefined && /^Advanced Micro Devices/.test(name ?? ""))) return "amd";
  return "other";
}

/**
 * The preset for a host bridge: its own entry when known, else by vendor (AMD: amd-epyc; Intel:
 * intel-client for a lone client-style host bridge, intel-icx otherwise).
 */
export function presetOfHostBridge(id: string | undefined, vendor: "intel" | "amd" | "other", rootBuses: number): PresetGuess {
  const known = id === undefined ? undefined : HOST_BRIDGES[id];
  if (known !== undefined) return known;
  if (vendor === "amd") return { preset: "amd-epyc.yaml", platform: "an AMD CPU", exact: false, cpu: { vendor: "amd", family: 0x19 } };
  if (vendor === "intel" && rootBuses === 1) return intel("intel-client.yaml", "an Intel CPU with one root bus (a client part)", false, 151);
  if (vendor === "intel") return intel("intel-icx.yaml", "an Intel Xeon", false, 106);
  return { preset: "intel-icx.yaml", platform: "an unknown CPU", exact: false, cpu: { vendor: "other", family: 0 } };
}

/** The preset for a CPU as NCCL names it (vendor, cpuid family and model). */
export function presetOfCpu(vendor: "intel" | "amd" | "other", family: number | undefined, model: number | undefined): PresetGuess {
  if (vendor === "amd") {
    const exact = family === 0x17 || family === 0x19;
    return { preset: "amd-epyc.yaml", platform: `AMD family 0x${(family ?? 0).toString(16)}`, exact, cpu: { vendor: "amd", family: family ?? 0x19, ...(model !== undefined ? { model } : {}) } };
  }
  if (vendor === "intel") {
    const m = model ?? 0;
    if ([45, 62, 63, 79].includes(m)) return intel("intel-skx.yaml", `Intel Xeon model ${m} (before Skylake)`, false, m);
    if (m === 85) return intel("intel-skx.yaml", "Intel Skylake-SP / Cascade Lake (model 85)", true, m);
    if ([106, 108].includes(m)) return intel("intel-icx.yaml", `Intel Ice Lake-SP (model ${m})`, true, m);
    if ([143, 207, 173, 174].includes(m)) return intel("intel-icx.yaml", `Intel Xeon after Ice Lake (model ${m})`, false, m);
    return intel("intel-client.yaml", `Intel model ${m}, not a known Xeon`, false, m);
  }
  return { preset: "intel-icx.yaml", platform: "a CPU that is neither Intel nor AMD", exact: false, cpu: { vendor: "other", family: family ?? 0 } };
}

/** The host bridge vendor:device of an Intel CPU model, when known (the first device of its root buses). */
export function hostBridgeOfCpu(vendor: "intel" | "amd" | "other", model: number | undefined): string | undefined {
  if (vendor !== "intel" || model === undefined) return undefined;
  const found = Object.entries(HOST_BRIDGES).find(([, guess]) => guess.cpu.vendor === "intel" && guess.cpu.model === model);
  return found?.[0] ?? ([143, 207, 173, 174].includes(model) ? "8086:09a2" : undefined);
}

/** The host bridge vendor:device a preset's CPU is known by (for NCCL export and imports without one). */
export function cpuOfHostBridge(id: string): PresetGuess["cpu"] | undefined {
  return HOST_BRIDGES[id]?.cpu;
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, "0");
}
