import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseLspciTree } from "../../../src/scenario/import/lspci-tree.js";
import { expectSameTree, fixture, importFixture, mapType, runsEveryFlow, topoTree } from "./helpers.js";

/** The parent of every device in an lspci -tv drawing. */
const drawnParents = (name: string) =>
  new Map(parseLspciTree(readFileSync(fixture(`${name}.lspci-tv.txt`), "utf8"), name).map((e) => [e.bdf, e.placement.parent]));

describe("importing lspci -vvv of a single-socket box with one switch and NVMe SSDs (-nn, as root, with -tv)", () => {
  const imported = importFixture("lspci", fixture("single-socket.lspci-vvv.txt"), { tree: fixture("single-socket.lspci-tv.txt") });

  it("validates, runs, and keeps the tree lspci -tv draws", () => {
    runsEveryFlow(imported.loaded);
    expectSameTree(imported.loaded, imported.idOf, drawnParents("single-socket"));
  });

  it("makes one host bridge per root bus with a root port, each with the ID of its 00.0 device", () => {
    expect(imported.loaded.scenario.platform.hostBridges.map((hb) => hb.deviceId)).toEqual(["8086:09a2", "8086:09a2", "8086:09a2"]);
    expect(imported.text).toMatch(/platforms\/intel-icx\.yaml, assumed: host bridge 8086:09a2 is Intel Ice Lake-SP or later Xeon\./);
  });

  it("recognises the switch from its upstream and downstream ports and keeps each SSD's trained link", () => {
    const sw = imported.loaded.scenario.fabric.find((n) => n.id === "sw0");
    expect(sw?.type === "switch" && sw.link).toEqual({ gen: "gen4", lanes: 16 });
    expect(imported.text).toMatch(/- id: sw0 # 0000:17:00\.0 PCI bridge: Broadcom \/ LSI PEX880xx PCIe Gen 4 Switch \[1000:c010\]; upstream port 17:00\.0; downstream ports 18:00\.0, 18:01\.0, 18:02\.0, 18:03\.0, 18:04\.0/);
    expect(imported.text).toMatch(/- id: nvme3 # 0000:1c:00\.0[^\n]*\n[^\n]*\n[^\n]*\n[^\n]*\n\s+link: gen4x2 # LnkSta 16GT\/s x2 \(LnkCap 16GT\/s x4: the link trained below its capability\)/);
  });

  it("gives BARs to the SSDs with a CMB only, and reads 10-bit tags from DevCtl2", () => {
    const bars = imported.loaded.topology.nodes.flatMap((n) => (n.type === "endpoint" && n.bar ? [n.id] : []));
    expect(bars).toEqual(["nvme0", "nvme1"]);
    expect(imported.text).toMatch(/- id: nic0 [\s\S]*?dma: \{ mps: 512B, mrrs: 512B, tags: 768 \} # DevCap MaxPayload 512, DevCtl MaxPayload 256, MaxReadReq 512, 10-bit tags \(768\)/);
  });

  it("lets two SSDs under the switch use bus addresses and sends the NIC's P2P through the host bridges", () => {
    expect(mapType(imported.loaded, "nvme0", "nvme1")).toBe("BUS_ADDR");
    expect(mapType(imported.loaded, "nvme0", "nic0")).toBe("THRU_HOST_BRIDGE");
    expect(imported.loaded.scenario.workloads[0]).toMatchObject({ from: "nvme1", to: "nvme0" });
  });
});

describe("importing lspci -vvv of the same box captured without root and without -nn", () => {
  const imported = importFixture("lspci", fixture("single-socket-noroot.lspci-vvv.txt"));

  it("still finds the tree from bus numbers, and says that capabilities were hidden", () => {
    runsEveryFlow(imported.loaded);
    expect(imported.notes.join("\n")).toMatch(/could not read the capabilities of 22 device\(s\) \('<access denied>': it ran without root\)/);
    expect(topoTree(imported.loaded).join("\n")).toMatch(/sw0 switch, gen3x16[^\n]*\n[^\n]*nvme0 gen3x4, BAR 512MiB/);
    expectSameTree(imported.loaded, imported.idOf, drawnParents("single-socket"));
  });

  it("marks the links and ACS it could not see as assumed, and finds the Ice Lake host bridge by name", () => {
    expect(imported.text).toMatch(/link: gen3x4 # assumed gen3x4: the capture shows no link status; a common link for an NVMe SSD/);
    expect(imported.text).toMatch(/acs: \{ capable: true, requestRedirect: false, completionRedirect: false \} # assumed: ACS capable/);
    expect(imported.loaded.scenario.platform.hostBridges[0]!.deviceId).toBe("8086:09a2");
  });
});

describe("importing lspci -D -vvv of a dual-socket Haswell-EP server (no -nn, IOMMU on)", () => {
  const imported = importFixture("lspci", fixture("dual-socket.lspci-vvv.txt"));

  it("validates, runs, and puts each host bridge on the socket of its NUMA node", () => {
    runsEveryFlow(imported.loaded);
    expect(imported.loaded.scenario.platform.hostBridges.map((hb) => [hb.id, hb.socket, hb.deviceId])).toEqual([
      ["hb0", "s0", "8086:2f00"],
      ["hb1", "s1", "8086:2f01"],
    ]);
    expect(imported.loaded.scenario.platform.sockets.map((s) => s.id)).toEqual(["s0", "s1"]);
  });

  it("decides as the allow-list says: through one Haswell host bridge yes, between the two no", () => {
    expect(mapType(imported.loaded, "nvme0", "nic0")).toBe("THRU_HOST_BRIDGE");
    expect(mapType(imported.loaded, "nvme2", "nic1")).toBe("THRU_HOST_BRIDGE");
    expect(mapType(imported.loaded, "nvme2", "nic0")).toBe("NOT_SUPPORTED");
  });

  it("moves a NIC's data to host memory when no device has a BAR", () => {
    expect(imported.loaded.scenario.workloads[0]).toMatchObject({ from: "nic0", to: "s0" });
    expect(imported.loaded.scenario.platform.hostBridges[0]!.iommu.mode).toBe("translated");
  });
});

describe("importing lspci -D -vvv -nn of an 8-GPU box with four switches (with -tv)", () => {
  const imported = importFixture("lspci", fixture("gpu-box.lspci-vvv.txt"), { tree: fixture("gpu-box.lspci-tv.txt") });

  it("validates, runs, and keeps the tree lspci -tv draws", () => {
    runsEveryFlow(imported.loaded);
    expectSameTree(imported.loaded, imported.idOf, drawnParents("gpu-box"));
    const kinds = imported.loaded.scenario.fabric.flatMap((n) => (n.type === "endpoint" ? [n.kind] : []));
    expect(kinds.filter((k) => k === "gpu")).toHaveLength(8);
    expect(kinds.filter((k) => k === "nic")).toHaveLength(4);
    expect(kinds.filter((k) => k === "ssd")).toHaveLength(4);
  });

  it("gives each GPU its 64 GiB BAR1 and notes the one GPU that trained at Gen3", () => {
    expect(topoTree(imported.loaded).filter((l) => /gpu\d gen4x16, BAR 64GiB/.test(l))).toHaveLength(7);
    expect(imported.text).toMatch(/link: gen3x16 # LnkSta 8GT\/s x16 \(LnkCap 16GT\/s x16: the link trained below its capability\)/);
  });

  it("lets Linux forward every pair through the AMD host bridges (family 17h and later)", () => {
    expect(imported.loaded.scenario.platform.cpu).toEqual({ vendor: "amd", family: 25 });
    expect(mapType(imported.loaded, "gpu0", "gpu1")).toBe("THRU_HOST_BRIDGE");
    expect(mapType(imported.loaded, "gpu0", "gpu7")).toBe("THRU_HOST_BRIDGE");
  });
});

describe("importing a machine booted with pci=disable_acs_redir=", () => {
  it("names the switch whose downstream ports keep redirect off although the IOMMU is on, so its GPUs use bus addresses", () => {
    const text = readFileSync(fixture("gpu-box.lspci-vvv.txt"), "utf8")
      .split("\n\n")
      .map((record) => (record.startsWith("0000:22:") ? record.replace(/ACSCtl:\tSrcValid\+ TransBlk\+ ReqRedir\+ CmpltRedir\+/, "ACSCtl:\tSrcValid+ TransBlk+ ReqRedir- CmpltRedir-") : record))
      .join("\n\n");
    const file = join(mkdtempSync(join(tmpdir(), "p2psim-redir-")), "gpu-box-redir.txt");
    writeFileSync(file, text);
    const imported = importFixture("lspci", file, { tree: fixture("gpu-box.lspci-tv.txt") });
    expect(imported.loaded.scenario.platform.kernel.disableAcsRedir).toEqual(["sw0"]);
    expect(imported.text).toMatch(/kernel: \{ disableAcsRedir: \[ sw0 \] \} # ACSCtl ReqRedir- on ACS-capable ports although the IOMMU is on: Linux was booted with pci=disable_acs_redir= for sw0 \(22:00\.0, 22:01\.0, 22:02\.0, 22:03\.0\)/);
    expect(mapType(imported.loaded, "gpu0", "gpu1")).toBe("BUS_ADDR");
    expect(mapType(imported.loaded, "gpu2", "gpu3")).toBe("THRU_HOST_BRIDGE");
  });
});
