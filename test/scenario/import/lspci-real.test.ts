import { describe, expect, it } from "vitest";
import { fixture, importFixture, mapType, runsEveryFlow, topoTree } from "./helpers.js";

const PLAIN = fixture("pcie-bench", "dell-t630.lspci-vvv.txt");
const IOMMU = fixture("pcie-bench", "dell-t630-iommu.lspci-vvv.txt");

describe("importing the pcie-bench Dell T630 capture (lspci -vvv as root, without -nn)", () => {
  it("gives a scenario that validates and runs in well under a few seconds", () => {
    const imported = importFixture("lspci", PLAIN);
    expect(imported.loaded.scenario.name).toBe("dell-t630.lspci-vvv");
    runsEveryFlow(imported.loaded);
  });

  it("shows the tree the bridges' bus numbers give, root ports to endpoints", () => {
    expect(topoTree(importFixture("lspci", PLAIN).loaded)).toEqual([
      "s0 (DRAM 100 GB/s)",
      "└─ hb0 host bridge 8086:2f00, IOMMU off, P2P reads+writes",
      "   ├─ rp0 root port",
      "   ├─ rp1 root port",
      "   │  └─ nic0 gen3x8, media 12.5 GB/s",
      "   ├─ rp2 root port",
      "   │  └─ nic1 gen3x8, media 12.5 GB/s",
      "   ├─ rp3 root port",
      "   ├─ rp4 root port",
      "   │  └─ sw0 switch, gen1x1",
      "   │     └─ sw1 switch, gen1x1",
      "   │        └─ gpu0 gen1x1, BAR 16MiB",
      "   ├─ rp5 root port",
      "   │  └─ nic2 gen2x1, media 12.5 GB/s",
      "   │     └─ nic2.1 function of nic2",
      "   └─ rp6 root port",
    ]);
  });

  it("names each node's PCI address and keeps the capture's links, noting one that trained below its capability", () => {
    const { text, idOf } = importFixture("lspci", PLAIN);
    expect(idOf.get("0000:05:00.0")).toBe("nic0"); // the NFP-6000
    expect(idOf.get("0000:02:00.0")).toBe("nic1"); // the ConnectX-3
    expect(idOf.get("0000:08:00.0")).toBe("sw0"); // the Renesas switch
    expect(text).toMatch(/- id: nic0 # 0000:05:00\.0 Ethernet controller: Netronome Systems, Inc\. Device 6000\n/);
    expect(text).toMatch(/link: gen2x1 # LnkSta 5GT\/s x1 \(LnkCap 5GT\/s x4: the link trained below its capability\)/);
    expect(text).toMatch(/dma: \{ mps: 512B, mrrs: 512B, tags: 32 \} # DevCap MaxPayload 512, DevCtl MaxPayload 256, MaxReadReq 512, ExtTag- \(32 tags\)/);
    expect(text).toMatch(/mps: 256B # the MaxPayload Linux set \(DevCtl\) on 05:00\.0, 02:00\.0/);
  });

  it("looks the Haswell-EP host bridge up by name and picks the closest preset, saying so", () => {
    const { text, loaded } = importFixture("lspci", PLAIN);
    expect(loaded.scenario.platform.hostBridges.map((hb) => hb.deviceId)).toEqual(["8086:2f00"]);
    expect(text).toMatch(/deviceId: "8086:2f00" # 00:00\.0 \[8086:2f00\] from the name "Intel Corporation Haswell-E DMI2"/);
    expect(text).toMatch(/preset platforms\/intel-skx\.yaml, assumed: host bridge 8086:2f00 is Intel Haswell-EP, which has no preset of its own/);
  });

  it("lets Linux route P2P between root ports of the one allow-listed Haswell host bridge", () => {
    const { loaded } = importFixture("lspci", PLAIN);
    expect(mapType(loaded, "gpu0", "nic0")).toBe("THRU_HOST_BRIDGE");
    expect(mapType(loaded, "nic2", "nic2.1")).toBe("BUS_ADDR");
  });

  it("reads the IOMMU from the ACS bits Linux left: on in the IOMMU boot, off in the plain one", () => {
    const plain = importFixture("lspci", PLAIN);
    const iommu = importFixture("lspci", IOMMU);
    expect(plain.loaded.scenario.platform.hostBridges[0]!.iommu.mode).toBe("off");
    expect(iommu.loaded.scenario.platform.hostBridges[0]!.iommu.mode).toBe("translated");
    expect(iommu.text).toMatch(/ACSCtl ReqRedir\+ on 00:01\.0/);
    expect(plain.text).toMatch(/ACSCtl ReqRedir- on every ACS-capable port/);
  });

  it("leaves out chipset devices and the uncore root bus, listing them", () => {
    const { text } = importFixture("lspci", PLAIN);
    expect(text).toMatch(/# Not modelled \(on a root bus, no PCIe link of their own: .*\): 00:05\.0, 00:05\.1/);
    expect(text).toMatch(/# Not modelled \(root bus 0000:ff has no root port\): 57 device\(s\)\./);
  });
});
