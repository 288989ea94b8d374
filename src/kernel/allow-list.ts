/**
 * Which root complexes Linux trusts to forward peer-to-peer TLPs between their root ports:
 * `pci_p2pdma_whitelist[]` and `cpu_supports_p2pdma()` in drivers/pci/p2pdma.c (current kernels).
 *
 * The kernel looks up the first device on the host bridge's root bus (`pci_host_bridge_dev()`:
 * devfn 00.0 or a root port); `HostBridgeSpec.deviceId` stands for that device. The lookup stops at
 * the first entry whose vendor and device match, as the kernel's loop does.
 */
import type { CpuSpec } from "../fabric/topology.js";

/** PCI vendor IDs used by the list (include/linux/pci_ids.h). */
export const PciVendor = {
  intel: 0x8086,
  nvidia: 0x10de,
  google: 0x1ae0,
  zhaoxin: 0x1d17,
} as const;

/** One allow-list entry; `device: "any"` matches every device of the vendor (PCI_ANY_ID). */
export interface AllowListEntry {
  readonly vendor: number;
  readonly device: number | "any";
  /** REQ_SAME_HOST_BRIDGE: forwards only between root ports of this one host bridge. */
  readonly sameHostBridgeOnly: boolean;
  /** The platform, as the kernel's comments name it. */
  readonly platform: string;
}

const entry = (vendor: number, device: number | "any", sameHostBridgeOnly: boolean, platform: string): AllowListEntry => ({
  vendor,
  device,
  sameHostBridgeOnly,
  platform,
});

/** `pci_p2pdma_whitelist[]`, in the kernel's order. */
export const P2PDMA_ALLOW_LIST: readonly AllowListEntry[] = [
  entry(PciVendor.intel, 0x3c00, true, "Intel Xeon E5 / Core i7 (Sandy Bridge-EP)"),
  entry(PciVendor.intel, 0x3c01, true, "Intel Xeon E5 / Core i7 (Sandy Bridge-EP)"),
  entry(PciVendor.intel, 0x2f00, true, "Intel Xeon E7 v3 / E5 v3 / Core i7 (Haswell-EP)"),
  entry(PciVendor.intel, 0x2f01, true, "Intel Xeon E7 v3 / E5 v3 / Core i7 (Haswell-EP)"),
  entry(PciVendor.intel, 0x2030, false, "Intel Skylake-SP root port"),
  entry(PciVendor.intel, 0x2031, false, "Intel Skylake-SP root port"),
  entry(PciVendor.intel, 0x2032, false, "Intel Skylake-SP root port"),
  entry(PciVendor.intel, 0x2033, false, "Intel Skylake-SP root port"),
  entry(PciVendor.intel, 0x2020, false, "Intel Skylake-SP host bridge"),
  entry(PciVendor.intel, 0x09a2, false, "Intel Ice Lake-SP and later host bridge"),
  entry(PciVendor.intel, 0x0b25, false, "Intel DSA (Sapphire Rapids)"),
  entry(PciVendor.intel, 0x0cfe, false, "Intel IAX (Sapphire Rapids)"),
  entry(PciVendor.intel, 0x11fb, false, "Intel DSA (Granite Rapids-D)"),
  entry(PciVendor.intel, 0x1212, false, "Intel DSA (Diamond Rapids)"),
  entry(PciVendor.intel, 0x1216, false, "Intel IAA (Diamond Rapids)"),
  entry(PciVendor.intel, 0x4940, false, "Intel QAT 4xxx"),
  entry(PciVendor.intel, 0x4942, false, "Intel QAT 401xx"),
  entry(PciVendor.intel, 0x4944, false, "Intel QAT 402xx"),
  entry(PciVendor.intel, 0x4946, false, "Intel QAT 420xx"),
  entry(PciVendor.intel, 0x4948, false, "Intel QAT 6xxx"),
  entry(PciVendor.google, "any", false, "Google SoC"),
  entry(PciVendor.nvidia, 0x2f95, false, "NVIDIA CPU"),
  entry(PciVendor.nvidia, 0x2f96, false, "NVIDIA CPU"),
  entry(PciVendor.nvidia, 0x2f97, false, "NVIDIA CPU"),
  entry(PciVendor.nvidia, 0x2f98, false, "NVIDIA CPU"),
  entry(PciVendor.zhaoxin, 0x1003, true, "Zhaoxin KX-6000 / KH-40000 / KX-6000G / KX-7000 / KH-50000"),
  entry(PciVendor.zhaoxin, 0x1005, true, "Zhaoxin KX-6000 / KH-40000 / KX-6000G / KX-7000 / KH-50000"),
  entry(PciVendor.zhaoxin, 0x1006, true, "Zhaoxin KX-6000 / KH-40000 / KX-6000G / KX-7000 / KH-50000"),
  entry(PciVendor.zhaoxin, 0x1007, true, "Zhaoxin KX-6000 / KH-40000 / KX-6000G / KX-7000 / KH-50000"),
  entry(PciVendor.zhaoxin, 0x1008, false, "Zhaoxin KX-6000 / KH-40000 / KX-6000G / KX-7000 / KH-50000"),
];

/** A PCI vendor and device ID pair. */
export interface PciId {
  readonly vendor: number;
  readonly device: number;
}

/**
 * Reads "vendor:device" in hex (e.g. "8086:2030"); `undefined` when it is not that.
 * @example parsePciId("8086:2030") // { vendor: 0x8086, device: 0x2030 }
 */
export function parsePciId(text: string): PciId | undefined {
  const match = /^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$/.exec(text.trim());
  if (!match) return undefined;
  return { vendor: Number.parseInt(match[1]!, 16), device: Number.parseInt(match[2]!, 16) };
}

/** The same pair written as lspci does: four lower-case hex digits each. */
export function formatPciId(id: PciId): string {
  return `${hex4(id.vendor)}:${hex4(id.device)}`;
}

/** The first allow-list entry matching the device, as `__host_bridge_whitelist()` finds it. */
export function allowListEntry(id: PciId): AllowListEntry | undefined {
  return P2PDMA_ALLOW_LIST.find((e) => e.vendor === id.vendor && (e.device === "any" || e.device === id.device));
}

/**
 * `cpu_supports_p2pdma()`: an AMD CPU of family 0x17 (Zen) or later forwards peer-to-peer between
 * any of its root ports and host bridges, so the allow-list is not consulted at all.
 */
export function cpuSupportsP2pdma(cpu: CpuSpec): boolean {
  return cpu.vendor === "amd" && cpu.family >= 0x17;
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, "0");
}
