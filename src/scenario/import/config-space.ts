/**
 * What a function's PCI configuration space says (sysfs `config`, the bytes lspci decodes): the
 * header's class and bridge bus numbers, and from the capability lists the PCI Express port type,
 * DevCap/DevCtl payload sizes and tags, LnkCap/LnkSta, 10-bit tags (DevCtl2), ACS and ATS.
 * Offsets are those of the PCIe Base Specification (section 7.5.3 for the Express capability,
 * 7.7.8 ACS, 10.5 ATS). Without root Linux hands out only the first 64 bytes: the capabilities are
 * then not seen, which the result says.
 */
import type { CapturedDevice, PortType } from "./captured-machine.js";

/** What `config` gives, in the captured device's terms. */
export type ConfigFacts = {
  -readonly [K in "portType" | "linkCap" | "linkSta" | "mpsCap" | "mpsCtl" | "mrrs" | "tagBits" | "acs" | "ats" | "bus"]?: CapturedDevice[K];
} & { capabilitiesSeen: boolean };

const PORT_TYPES: Readonly<Record<number, PortType>> = {
  0: "endpoint",
  1: "legacy-endpoint",
  4: "root-port",
  5: "upstream-port",
  6: "downstream-port",
  7: "pcie-to-pci-bridge",
  8: "pci-to-pcie-bridge",
  9: "root-complex-endpoint",
  10: "root-complex-event-collector",
};
const RATES = [0, 2.5, 5, 8, 16, 32, 64];

/** Decodes `config`; tolerant of short or damaged bytes (what it cannot read it leaves out). */
export function parseConfigSpace(config: Buffer): ConfigFacts {
  const u8 = (at: number) => (at < config.length ? config[at]! : 0);
  const u16 = (at: number) => u8(at) | (u8(at + 1) << 8);
  const u32 = (at: number) => (u16(at) | (u16(at + 2) << 16)) >>> 0;
  const bridge = (u8(0x0e) & 0x7f) === 1;
  const facts: ConfigFacts = {
    capabilitiesSeen: config.length > 64 && config.subarray(64).some((b) => b !== 0),
    ...(bridge ? { bus: { primary: u8(0x18), secondary: u8(0x19), subordinate: u8(0x1a) } } : {}),
  };
  if (!facts.capabilitiesSeen) return facts;

  // Standard capabilities: a linked list from 0x34; the Express capability has ID 0x10.
  const seen = new Set<number>();
  for (let at = u8(0x34) & 0xfc; at >= 0x40 && at < 0x100 && !seen.has(at); at = u8(at + 1) & 0xfc) {
    seen.add(at);
    if (u8(at) !== 0x10) continue;
    const type = PORT_TYPES[(u16(at + 2) >> 4) & 0xf];
    const devCap = u32(at + 4);
    const devCtl = u16(at + 8);
    const lnkCap = u32(at + 0x0c);
    const lnkSta = u16(at + 0x12);
    const devCtl2 = u16(at + 0x28);
    Object.assign(facts, {
      ...(type !== undefined ? { portType: type } : {}),
      mpsCap: 128 << (devCap & 0x7),
      mpsCtl: 128 << ((devCtl >> 5) & 0x7),
      mrrs: 128 << ((devCtl >> 12) & 0x7),
      tagBits: devCtl2 & (1 << 12) ? 10 : devCtl & (1 << 8) ? 8 : 5,
      ...(RATES[lnkCap & 0xf] ? { linkCap: { gts: RATES[lnkCap & 0xf]!, width: (lnkCap >> 4) & 0x3f } } : {}),
      ...(RATES[lnkSta & 0xf] !== undefined ? { linkSta: { gts: RATES[lnkSta & 0xf]!, width: (lnkSta >> 4) & 0x3f } } : {}),
    });
    break;
  }
  if (facts.mpsCap !== undefined && facts.mpsCap > 4096) delete facts.mpsCap;
  if (facts.mpsCtl !== undefined && facts.mpsCtl > 4096) delete facts.mpsCtl;
  if (facts.mrrs !== undefined && facts.mrrs > 4096) delete facts.mrrs;

  // Extended capabilities: a linked list from 0x100 (only in the 4 KiB PCIe space).
  const visited = new Set<number>();
  for (let at = 0x100; at >= 0x100 && at + 8 <= config.length && !visited.has(at); at = (u32(at) >>> 20) & 0xffc) {
    visited.add(at);
    const id = u16(at);
    if (id === 0x000d) {
      const bits = (v: number) => ({ requestRedirect: (v & 0x4) !== 0, completionRedirect: (v & 0x8) !== 0, egressControl: (v & 0x20) !== 0, directTranslated: (v & 0x40) !== 0 });
      facts.acs = { cap: bits(u16(at + 4)), ctl: bits(u16(at + 6)) };
    }
    if (id === 0x000f) facts.ats = (u16(at + 6) & 0x8000) !== 0;
    if (u32(at) === 0) break;
  }
  return facts;
}
