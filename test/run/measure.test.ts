import { describe, expect, it } from "vitest";
import { openScenario, run } from "../../src/run/library.js";

const small = () => run(openScenario(undefined, { settings: ["workloads.0.size=4MiB", "workloads.1.size=1MiB"] }));

describe("every resource measured through the probes", () => {
  const { summary } = small();
  const bounce = summary.variants.find((v) => v.path === "bounce")!;
  const p2p = summary.variants.find((v) => v.path === "p2p")!;

  it("reports every kind of resource of the default scenario, once each by name", () => {
    const kinds = new Set(bounce.resources!.map((r) => r.kind));
    for (const kind of ["link", "credits", "media", "bar", "p2p-engine", "rc-fabric", "dram", "interconnect", "iommu-walkers", "iotlb", "tags", "buffers"]) expect(kinds, kind).toContain(kind);
    const names = bounce.resources!.map((r) => r.resource);
    expect(new Set(names).size).toBe(names.length);
  });

  it("agrees with the links, DRAM and interconnect counters byte for byte", () => {
    for (const v of [p2p, bounce]) {
      for (const l of v.links) {
        const r = v.resources!.find((x) => x.resource === `${l.link} ${l.direction}`)!;
        expect(r.bytes).toBe(l.bytes);
        expect(r.utilization).toBeCloseTo(l.utilization, 12);
        expect(r.ops).toBe(l.tlps);
        expect(v.resources!.find((x) => x.resource === `${l.link} ${l.direction} credits`)!.busyNs).toBeCloseTo(l.creditStallNs, 6);
      }
      for (const s of v.dram.sockets) expect(v.resources!.find((x) => x.resource === `${s.socket} dram`)!.bytes).toBe(s.bytes);
    }
  });

  it("sees the bounce cross DRAM twice and P2P not at all for the NIC-to-SSD flow's bytes", () => {
    const dram = (v: typeof p2p) => v.resources!.find((r) => r.resource === "s0 dram")!.bytes;
    // host-reads reads 1 MiB from DRAM in both; the bounce adds 4 MiB written and 4 MiB read.
    expect(dram(bounce) - dram(p2p)).toBe(2 * 4 * 2 ** 20);
  });

  it("adds up what each device moved in all its flows", () => {
    const nic = p2p.devices!.find((d) => d.device === "nic0")!;
    expect(nic).toMatchObject({ bytesOut: 4 * 2 ** 20, bytesIn: 2 ** 20, flows: ["nic-to-ssd", "host-reads"] });
    expect(p2p.devices!.map((d) => d.device)).toEqual(["nic0", "nvme0"]);
  });
});
