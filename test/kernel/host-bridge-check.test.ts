import { describe, expect, it } from "vitest";
import { hostBridgeCheck } from "../../src/kernel/host-bridge-check.js";
import { allowListEntry, cpuSupportsP2pdma, formatPciId, parsePciId } from "../../src/kernel/allow-list.js";
import { p2pDecision } from "../../src/kernel/decision.js";
import { HASWELL_HOST, hostBridge, INTEL_SKYLAKE, SKYLAKE_ROOT, twoHostBridges, twoRootPorts, UNLISTED_INTEL } from "./topologies.js";

describe("the host bridge allow-list", () => {
  it("lists the Skylake-SP root ports and host bridge and Ice Lake's 0x09a2 for any traffic", () => {
    for (const device of [0x2020, 0x2030, 0x2031, 0x2032, 0x2033, 0x09a2]) {
      expect(allowListEntry({ vendor: 0x8086, device })).toMatchObject({ sameHostBridgeOnly: false });
    }
  });

  it("lists Sandy Bridge-EP and Haswell-EP for traffic within one host bridge only", () => {
    for (const device of [0x3c00, 0x3c01, 0x2f00, 0x2f01]) {
      expect(allowListEntry({ vendor: 0x8086, device })).toMatchObject({ sameHostBridgeOnly: true });
    }
  });

  it("matches every Google device and no unlisted Intel one", () => {
    expect(allowListEntry({ vendor: 0x1ae0, device: 0xabcd })).toBeDefined();
    expect(allowListEntry({ vendor: 0x8086, device: 0x1234 })).toBeUndefined();
  });

  it("reads and writes vendor:device in hex", () => {
    expect(parsePciId("8086:09A2")).toEqual({ vendor: 0x8086, device: 0x09a2 });
    expect(formatPciId({ vendor: 0x8086, device: 0x9a2 })).toBe("8086:09a2");
    expect(parsePciId("8086-2030")).toBeUndefined();
  });
});

describe("cpu_supports_p2pdma", () => {
  it("allows AMD family 0x17 (Zen) and later, not 0x15 or Intel", () => {
    expect(cpuSupportsP2pdma({ vendor: "amd", family: 0x17 })).toBe(true);
    expect(cpuSupportsP2pdma({ vendor: "amd", family: 0x19 })).toBe(true);
    expect(cpuSupportsP2pdma({ vendor: "amd", family: 0x15 })).toBe(false);
    expect(cpuSupportsP2pdma(INTEL_SKYLAKE)).toBe(false);
  });

  it("lets an AMD Zen platform forward between root ports whatever its host bridge ID", () => {
    const zen = { cpu: { vendor: "amd", family: 0x19 } } as const;
    const d = p2pDecision(twoRootPorts("1022:1480", zen), "nvme0", "nvme1");
    expect(d.mapType).toBe("THRU_HOST_BRIDGE");
    expect(d.reason).toContain("AMD CPU family 0x19 (Zen or later)");
  });

  it("refuses an AMD family 0x15 platform with an unlisted host bridge", () => {
    const bulldozer = { cpu: { vendor: "amd", family: 0x15 } } as const;
    expect(p2pDecision(twoRootPorts("1022:1480", bulldozer), "nvme0", "nvme1").mapType).toBe("NOT_SUPPORTED");
  });
});

describe("host_bridge_whitelist", () => {
  it("allows a same-host-bridge-only entry between root ports of that one host bridge", () => {
    expect(p2pDecision(twoRootPorts(HASWELL_HOST), "nvme0", "nvme1").mapType).toBe("THRU_HOST_BRIDGE");
  });

  it("refuses traffic between two host bridges when one entry is same-host-bridge-only", () => {
    const t = twoHostBridges(hostBridge("hb0", "s0", SKYLAKE_ROOT), hostBridge("hb1", "s0", HASWELL_HOST));
    const d = p2pDecision(t, "nvme0", "nvme1");
    expect(d.mapType).toBe("NOT_SUPPORTED");
    expect(d.reason).toContain("host bridge 8086:2f00 forwards peer-to-peer only between its own root ports");
    expect(d.topo).toBe("NODE");
  });

  it("allows traffic between two host bridges when both are listed for any traffic", () => {
    const t = twoHostBridges(hostBridge("hb0", "s0"), hostBridge("hb1", "s1"));
    const d = p2pDecision(t, "nvme0", "nvme1");
    expect(d).toMatchObject({ mapType: "THRU_HOST_BRIDGE", topo: "SYS" });
    expect(d.reason).toContain("host bridges hb0 (8086:2030) and hb1 (8086:2030) are both on the allow-list");
  });

  it("looks at the provider's host bridge first and stops at its refusal", () => {
    const unlisted = hostBridge("hb0", "s0", UNLISTED_INTEL);
    const haswell = hostBridge("hb1", "s0", HASWELL_HOST);
    const verdict = hostBridgeCheck(INTEL_SKYLAKE, unlisted, haswell, true);
    expect(verdict).toMatchObject({ allowed: false, reason: "host bridge 8086:1234 not on the allow-list" });
    expect(verdict.warnings).toEqual(["hb0: Host bridge not in P2PDMA whitelist: 8086:1234"]);
  });

  it("prints the allow-list warning only when asked to, as after an ACS redirect", () => {
    const unlisted = hostBridge("hb0", "s0", UNLISTED_INTEL);
    expect(hostBridgeCheck(INTEL_SKYLAKE, unlisted, unlisted, false).warnings).toEqual([]);
  });
});
