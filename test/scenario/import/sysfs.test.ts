import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/messages.js";
import { importCapture } from "../../../src/scenario/import/import-capture.js";
import { parseLspciTree } from "../../../src/scenario/import/lspci-tree.js";
import { readTar } from "../../../src/scenario/import/tar.js";
import { expectSameTree, fixture, FIXTURES, importFixture, mapType, runsEveryFlow, topoTree } from "./helpers.js";

const drawnParents = (name: string) =>
  new Map(parseLspciTree(readFileSync(fixture(`${name}.lspci-tv.txt`), "utf8"), name).map((e) => [e.bdf, e.placement.parent]));
const scratch = () => mkdtempSync(join(tmpdir(), "p2psim-sysfs-"));

describe("importing a sysfs folder of the single-socket box (as root)", () => {
  const imported = importFixture("sysfs", fixture("single-socket.sysfs"));

  it("validates, runs, and nests devices as their folders do, the same tree lspci -tv draws", () => {
    runsEveryFlow(imported.loaded);
    expectSameTree(imported.loaded, imported.idOf, drawnParents("single-socket"));
  });

  it("reads links from current_link_speed and current_link_width, saying where one trained below its maximum", () => {
    expect(imported.text).toMatch(/link: gen4x2 # current_link_speed 16\.0 GT\/s PCIe, current_link_width 2 \(max 16\.0 GT\/s PCIe x4: the link trained below its capability\)/);
  });

  it("reads payload sizes, tags and ACS from config, and BARs from resource", () => {
    expect(imported.text).toMatch(/- id: nic0 [\s\S]*?dma: \{ mps: 512B, mrrs: 512B, tags: 768 \} # DevCap MaxPayload 512, DevCtl MaxPayload 256, MaxReadReq 512, 10-bit tags \(768\)/);
    expect(imported.text).toMatch(/acs: \{ capable: true, requestRedirect: false, completionRedirect: false \} # ACSCap ReqRedir\+ CmpltRedir\+/);
    expect(topoTree(imported.loaded).filter((l) => /BAR 512MiB/.test(l))).toHaveLength(2);
    expect(mapType(imported.loaded, "nvme0", "nvme1")).toBe("BUS_ADDR");
  });
});

describe("importing a GNU tar of the dual-socket server's sysfs (taken without root)", () => {
  const imported = importFixture("sysfs", fixture("dual-socket.sysfs.tar"));

  it("reads files tar padded with NULs, long names, and each device's NUMA node", () => {
    runsEveryFlow(imported.loaded);
    expect(imported.loaded.scenario.platform.hostBridges.map((hb) => [hb.socket, hb.deviceId])).toEqual([
      ["s0", "8086:2f00"],
      ["s1", "8086:2f01"],
    ]);
    expect(imported.text).toMatch(/socket: s1 # NUMA node 1 \(numa_node of 80:00\.0\)/);
  });

  it("says that config was not readable, and takes the IOMMU from the iommu_group links", () => {
    expect(imported.notes.join("\n")).toMatch(/device\(s\) without a readable 'config' \(captured without root/);
    expect(imported.text).toMatch(/iommu: \{[^}]*mode: translated[^}]*\} # translated: \d+ device\(s\) have an iommu_group/);
    expect(mapType(imported.loaded, "nvme0", "nic0")).toBe("THRU_HOST_BRIDGE");
    expect(mapType(imported.loaded, "nvme2", "nic0")).toBe("NOT_SUPPORTED");
  });

  it("gives the same tree as the lspci capture of the same machine", () => {
    const lspci = importFixture("lspci", fixture("dual-socket.lspci-vvv.txt"));
    expect(topoTree(imported.loaded)).toEqual(topoTree(lspci.loaded));
  });
});

describe("importing a sysfs folder of the 8-GPU box (as root, IOMMU on)", () => {
  const imported = importFixture("sysfs", fixture("gpu-box.sysfs"));

  it("validates, runs, and keeps the tree lspci -tv draws", () => {
    runsEveryFlow(imported.loaded);
    expectSameTree(imported.loaded, imported.idOf, drawnParents("gpu-box"));
    expect(topoTree(imported.loaded).filter((l) => /gpu\d gen\dx16, BAR 64GiB/.test(l))).toHaveLength(8);
  });

  it("gives the same scenario, tree and decisions as the lspci capture, where both say the same", () => {
    const lspci = importFixture("lspci", fixture("gpu-box.lspci-vvv.txt"), { tree: fixture("gpu-box.lspci-tv.txt") });
    expect(topoTree(imported.loaded)).toEqual(topoTree(lspci.loaded));
    expect(imported.loaded.topology.nodes).toEqual(lspci.loaded.topology.nodes);
  });
});

describe("reading sysfs", () => {
  it("reads this machine's /sys, or says there is nothing below a root port to model", () => {
    try {
      const imported = importCapture("sysfs", undefined);
      expect(imported.loaded.scenario.fabric.length).toBeGreaterThan(0);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(/^\/sys: no P/);
    }
  });

  it("names the file and byte where a tar archive is cut short or damaged", () => {
    const dir = scratch();
    const tar = readFileSync(fixture("dual-socket.sysfs.tar"));
    writeFileSync(join(dir, "cut.tar"), tar.subarray(0, 10_000));
    expect(() => importCapture("sysfs", join(dir, "cut.tar"))).toThrow(/cut\.tar: not a tar archive at byte \d+: the archive ends inside an entry/);
    const damaged = Buffer.from(tar);
    damaged[512 * 3 + 10] = damaged[512 * 3 + 10]! ^ 0xff;
    writeFileSync(join(dir, "damaged.tar"), damaged);
    expect(() => importCapture("sysfs", join(dir, "damaged.tar"))).toThrow(/damaged\.tar: not a tar archive at byte 1536: bad header checksum/);
    writeFileSync(join(dir, "notes.txt"), "not sysfs\n");
    expect(() => importCapture("sysfs", join(dir, "notes.txt"))).toThrow(/notes\.txt: not a tar archive at byte 0: expected a folder or a tar file of sysfs/);
  });

  it("names the attribute file whose content it cannot read", () => {
    const dir = scratch();
    cpSync(fixture("single-socket.sysfs"), dir, { recursive: true, verbatimSymlinks: true });
    const nvme = join(dir, "sys/devices/pci0000:16/0000:16:02.0/0000:17:00.0/0000:18:00.0/0000:19:00.0");
    writeFileSync(join(nvme, "current_link_speed"), "fast\n");
    expect(() => importCapture("sysfs", dir)).toThrow(
      "sys/devices/pci0000:16/0000:16:02.0/0000:17:00.0/0000:18:00.0/0000:19:00.0/current_link_speed: current_link_speed: 'fast' is not a PCIe rate such as '8.0 GT/s PCIe'",
    );
    copyFileSync(fixture("single-socket.sysfs/sys/devices/pci0000:16/0000:16:02.0/0000:17:00.0/0000:18:00.0/0000:19:00.0/current_link_speed"), join(nvme, "current_link_speed"));
  });

  it.each(["gnu", "pax"])("reads what GNU tar writes of a sysfs folder (--format=%s: long names, symbolic links)", (format) => {
    const dir = scratch();
    const deep = "a-copy-of-the-sysfs-of-the-eight-gpu-box";
    cpSync(fixture("gpu-box.sysfs"), join(dir, deep), { recursive: true, verbatimSymlinks: true });
    const made = spawnSync("tar", [`--format=${format}`, "-cf", join(dir, "gpu-box.tar"), "-C", dir, deep], { encoding: "utf8" });
    expect(made.status, made.stderr).toBe(0);
    const entries = readTar(readFileSync(join(dir, "gpu-box.tar")), "gpu-box.tar");
    expect(entries.some((e) => e.path.length > 100 && e.path.endsWith("/config"))).toBe(true);
    expect(entries.some((e) => e.type === "symlink" && e.path.endsWith("/iommu_group"))).toBe(true);
    const fromTar = importCapture("sysfs", join(dir, "gpu-box.tar"));
    expect(fromTar.text).toBe(importFixture("sysfs", fixture("gpu-box.sysfs")).text.replaceAll("gpu-box.sysfs", "gpu-box.tar").replace("name: gpu-box.tar", "name: gpu-box"));
  });
});

describe("the committed text captures", () => {
  it("are what make-machines.mjs writes, so the examples people read are the ones tested", () => {
    for (const file of readdirSync(FIXTURES).filter((f) => /\.(lspci-(vvv|tv)\.txt|nccl-topo\.xml)$/.test(f))) {
      expect(readFileSync(join(FIXTURES, file), "utf8"), file).toBe(readFileSync(fixture(file), "utf8"));
    }
  });
});
