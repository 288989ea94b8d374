import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importCapture } from "../../../src/scenario/import/import-capture.js";
import { ncclTopoXmlOf } from "../../../src/scenario/import/nccl-topo.js";
import { parseXml, type XmlElement } from "../../../src/scenario/import/xml.js";
import type { LoadedScenario } from "../../../src/scenario/load.js";
import { expectSameTree, fixture, importFixture, mapType, runsEveryFlow, topoTree } from "./helpers.js";

const scratch = () => mkdtempSync(join(tmpdir(), "p2psim-nccl-"));

/** The parent of every pci element of an NCCL topology file (its enclosing pci element). */
function xmlParents(name: string): Map<string, string | undefined> {
  const parents = new Map<string, string | undefined>();
  const walk = (e: XmlElement, parent: string | undefined) => {
    for (const c of e.children) {
      if (c.name === "pci") {
        parents.set(c.attributes.get("busid")!, parent);
        walk(c, c.attributes.get("busid"));
      } else walk(c, parent);
    }
  };
  walk(parseXml(readFileSync(fixture(`${name}.nccl-topo.xml`), "utf8"), name), undefined);
  return parents;
}

/** Exports a scenario's topology to NCCL XML and imports it again. */
function roundTrip(loaded: LoadedScenario) {
  const file = join(scratch(), "topo.xml");
  writeFileSync(file, ncclTopoXmlOf(loaded.topology, loaded.scenario.name));
  return importCapture("nccl-topo", file);
}

/**
 * The fabric as NCCL can carry it: switches and devices with their parents, links and kinds, and
 * each used root port's socket (root ports numbered among the used ones: NCCL drops empty slots).
 */
function fabricShape(loaded: LoadedScenario) {
  const socketOf = new Map(loaded.topology.hostBridges.map((hb) => [hb.id, hb.socket]));
  const fabric = loaded.scenario.fabric.filter((n) => !(n.type === "endpoint" && n.functionOf !== undefined));
  const used = fabric.filter((n) => n.type === "root-port" && fabric.some((c) => c.type !== "root-port" && c.parent === n.id));
  const name = new Map(used.map((rp, i) => [rp.id, `root port ${i}`]));
  const parentOf = (id: string | undefined) => (id === undefined ? undefined : (name.get(id) ?? id));
  return fabric.flatMap((n): Array<Record<string, unknown>> => {
    if (n.type === "root-port") return name.has(n.id) ? [{ rootPort: name.get(n.id), socket: socketOf.get(n.hostBridge) }] : [];
    if (n.type === "switch") return [{ id: n.id, parent: parentOf(n.parent), link: n.link }];
    return [{ id: n.id, parent: parentOf(n.parent), link: n.link, kind: n.kind }];
  });
}

describe("importing NCCL topology XML", () => {
  it.each(["single-socket", "dual-socket", "gpu-box"])("gives a scenario of the %s machine that validates, runs and nests as the XML does", (name) => {
    const imported = importFixture("nccl-topo", fixture(`${name}.nccl-topo.xml`));
    runsEveryFlow(imported.loaded);
    expectSameTree(imported.loaded, imported.idOf, xmlParents(name));
  });

  it("makes one host bridge per cpu element and one root port per device or switch in it, saying so", () => {
    const { loaded, text, notes } = importFixture("nccl-topo", fixture("gpu-box.nccl-topo.xml"));
    expect(loaded.scenario.platform.hostBridges.map((hb) => [hb.id, hb.socket, hb.deviceId])).toEqual([
      ["hb0", "s0", "1022:1480"],
      ["hb1", "s1", "1022:1480"],
    ]);
    expect(loaded.scenario.fabric.filter((n) => n.type === "root-port")).toHaveLength(4);
    expect(notes.join("\n")).toMatch(/NCCL's topology names no host bridges or root ports/);
    expect(text).toMatch(/- id: rp0 # assumed: NCCL's topology leaves out the root port above 0000:21:00\.0/);
  });

  it("takes NIC speeds from net elements and link figures from link_speed and link_width, saying what they mean", () => {
    const { text, loaded } = importFixture("nccl-topo", fixture("gpu-box.nccl-topo.xml"));
    expect(text).toMatch(/media: \{ rate: 25GB\/s, latency: 1us \} # NCCL net speed 200000 Mb\/s; latency assumed/);
    expect(text).toMatch(/link: gen4x16 # NCCL link_speed "16\.0 GT\/s PCIe" link_width 16 \(NCCL records the lower of the device's and its port's maximum, not the trained link\)/);
    expect(text).toMatch(/bar: \{ size: 32GiB, latency: 500ns, bandwidth: 40GB\/s \} # assumed: the capture gives no BARs/);
    expect(topoTree(loaded).filter((l) => /gpu\d gen4x16, BAR 32GiB/.test(l))).toHaveLength(8);
  });

  it("finds the Haswell host bridge from the CPU model and decides as the lspci capture of the machine does", () => {
    const nccl = importFixture("nccl-topo", fixture("dual-socket.nccl-topo.xml"));
    const lspci = importFixture("lspci", fixture("dual-socket.lspci-vvv.txt"));
    expect(nccl.loaded.scenario.platform.hostBridges.map((hb) => hb.deviceId)).toEqual(["8086:2f00", "8086:2f00"]);
    const ids = ["nic0", "nvme0", "nvme1", "nic1", "nvme2"];
    for (const provider of ids) {
      for (const client of ids) {
        if (provider !== client) expect(mapType(nccl.loaded, provider, client), `${client} -> ${provider}`).toBe(mapType(lspci.loaded, provider, client));
      }
    }
    expect(mapType(nccl.loaded, "nvme2", "nic0")).toBe("NOT_SUPPORTED");
  });

  it("names the line and what it expected in a file that is not NCCL's format", () => {
    const dir = scratch();
    const cases: Array<[string, RegExp]> = [
      ['<system version="2">\n</system>\n', /bad\.xml:1: not NCCL topology XML: <system version="2">: expected version="1"/],
      ['<system version="1">\n  <cpu numaid="0">\n    <pci busid="17:00"/>\n  </cpu>\n</system>\n', /bad\.xml:3: .*<pci busid="17:00">: expected a PCI address such as 0000:17:00\.0/],
      ['<system version="1">\n  <cpu numaid="0">\n    <pci busid="0000:17:00.0">\n  </cpu>\n</system>\n', /bad\.xml:4: not NCCL topology XML: expected <\/pci> \(opened on line 3\), found <\/cpu>/],
      ['<system version="1">\n  <cpu numaid="0">\n', /bad\.xml:3: not NCCL topology XML: <cpu> \(line 2\) is never closed/],
      ['<system version="1">hello</system>\n', /bad\.xml:1: not NCCL topology XML: text inside <system>/],
      ['<system version="1">\n  <cpu numaid="0"/>\n</system>\n', /bad\.xml: no PCI device found; expected <pci> elements inside <cpu> elements/],
    ];
    for (const [text, message] of cases) {
      writeFileSync(join(dir, "bad.xml"), text);
      expect(() => importCapture("nccl-topo", join(dir, "bad.xml"))).toThrow(message);
    }
  });
});

describe("exporting NCCL topology XML", () => {
  it("writes one cpu per socket, switches and devices as nested pci elements, GPUs and NICs as NCCL does", () => {
    const { loaded } = importFixture("lspci", fixture("gpu-box.lspci-vvv.txt"));
    const xml = parseXml(ncclTopoXmlOf(loaded.topology, "gpu-box"), "out.xml");
    expect(xml.attributes.get("version")).toBe("1");
    expect(xml.children.map((c) => [c.name, c.attributes.get("numaid"), c.attributes.get("vendor"), c.children.length])).toEqual([
      ["cpu", "0", "AuthenticAMD", 2],
      ["cpu", "1", "AuthenticAMD", 2],
    ]);
    const tray = xml.children[0]!.children[0]!;
    expect(Object.fromEntries(tray.attributes)).toEqual({ busid: "0000:01:00.0", class: "0x060400", link_speed: "16.0 GT/s PCIe", link_width: "16" });
    expect(tray.children.map((c) => c.children[0]?.name ?? "-")).toEqual(["gpu", "gpu", "nic", "-"]);
    expect(Object.fromEntries(tray.children[2]!.children[0]!.children[0]!.attributes)).toEqual({ name: "nic0", dev: "0", speed: "100000", port: "1", gdr: "1" });
  });

  it("round-trips: an NCCL file imported, exported and imported again gives the same scenario", () => {
    const first = importFixture("nccl-topo", fixture("gpu-box.nccl-topo.xml"));
    const again = roundTrip(first.loaded);
    expect(again.loaded.scenario.fabric).toEqual(first.loaded.scenario.fabric);
    expect(again.loaded.scenario.platform).toEqual(first.loaded.scenario.platform);
    expect(again.loaded.scenario.workloads).toEqual(first.loaded.scenario.workloads);
  });

  it.each([
    ["lspci", "gpu-box.lspci-vvv.txt"],
    ["lspci", "single-socket.lspci-vvv.txt"],
    ["sysfs", "dual-socket.sysfs.tar"],
  ] as const)("round-trips the fabric of an %s import (%s): same switches, devices, links, kinds and sockets", (format, file) => {
    const first = importFixture(format, fixture(file));
    const again = roundTrip(first.loaded);
    expect(fabricShape(again.loaded)).toEqual(fabricShape(first.loaded));
  });
});
