import { describe, expect, it } from "vitest";
import { ns, KiB, MiB, GiB } from "../../src/sim/units.js";
import { runVariant } from "../../src/run/variant.js";
import type { WorkloadSpec } from "../../src/workload/workload.js";
import type { HostBridgeSpec, Topology } from "../../src/fabric/topology.js";
import { analyticBandwidth } from "../../src/model/analytic.js";
import { endpoint, hostBridge, NO_ACS } from "./topologies.js";

const gen3x16 = { gen: "gen3", lanes: 16 } as const;
const BAR = { sizeBytes: 1 * GiB, latencyPs: ns(300), bandwidthGBps: 100 };

function copy(name: string, from: string, to: string, overrides: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return { name, from, to, totalBytes: 16 * MiB, ioBytes: 1 * MiB, queueDepth: 4, pattern: "sequential", workingSetBytes: 1 * GiB, startPs: 0, ...overrides };
}

/**
 * Two GPU-like devices with BARs on root ports of one socket: g0 below hb0, g1 below `g1Bridge`
 * (hb0 itself, or hb1, a second host bridge of the same socket).
 */
function twoGpus(bridge: Partial<HostBridgeSpec>, g1Bridge: "hb0" | "hb1" = "hb0", mesh = { bandwidthGBps: Infinity, latencyPs: ns(20) }): Topology {
  return {
    cpu: { vendor: "amd", family: 25 },
    sockets: [{ id: "s0", memory: { bandwidthGBps: 100, latencyPs: ns(90) }, mesh }],
    interconnect: { bandwidthGBps: 10, latencyPs: ns(130), ioWriteEfficiency: 1, ioReadEfficiency: 1 },
    hostBridges: [hostBridge("hb0", bridge), hostBridge("hb1", bridge)],
    kernel: { disableAcsRedir: [] },
    nodes: [
      { id: "rp0", type: "root-port", hostBridge: "hb0", acs: NO_ACS },
      { id: "rp1", type: "root-port", hostBridge: g1Bridge, acs: NO_ACS },
      endpoint("g0", "rp0", gen3x16, { bar: BAR }),
      endpoint("g1", "rp1", gen3x16, { bar: BAR }),
    ],
  };
}

const p2p = (bandwidthGBps: number, sharedBandwidthGBps = Infinity, tlpBytes = 256) => ({ p2p: { reads: true, writes: true, latencyPs: ns(200), bandwidthGBps, sharedBandwidthGBps, tlpBytes } });
/** Each side writes into the other's BAR. */
const bidirectional = { name: "bidir", paths: { "g0-to-g1": "p2p:g1", "g1-to-g0": "p2p:g0" }, fallback: "p2p" } as const;

describe("the root complex's P2P engines", () => {
  it("forward each direction of a bidirectional copy on its own engine, so both run at the engine's rate", () => {
    const one = runVariant(twoGpus(p2p(6)), [copy("g0-to-g1", "g0", "g1")], "p2p:g1", 1).result.flows[0]!;
    expect(one.throughputGBps).toBeGreaterThan(0.97 * 6);
    expect(one.throughputGBps).toBeLessThan(1.001 * 6);
    const both = runVariant(twoGpus(p2p(6)), [copy("g0-to-g1", "g0", "g1"), copy("g1-to-g0", "g1", "g0")], bidirectional, 1).result.flows;
    for (const f of both) {
      expect(f.route).toMatch(/BAR/);
      expect(f.throughputGBps).toBeGreaterThan(0.97 * 6);
    }
  });

  it("share a host bridge's shared P2P capacity between the two directions", () => {
    const both = runVariant(twoGpus(p2p(6, 9)), [copy("g0-to-g1", "g0", "g1"), copy("g1-to-g0", "g1", "g0")], bidirectional, 1).result.flows;
    const total = both[0]!.throughputGBps + both[1]!.throughputGBps;
    expect(total).toBeGreaterThan(0.95 * 9);
    expect(total).toBeLessThan(1.001 * 9);
  });

  it("without an engine limit, run P2P writes at the egress link's rate for the re-cut TLP size", () => {
    const f = runVariant(twoGpus(p2p(Infinity, Infinity, 64)), [copy("g0-to-g1", "g0", "g1")], "p2p:g1", 1).result.flows[0]!;
    // g1's link carries 64 B writes: the oracle's DMA-write rate at 64 B is the ceiling (minus pipelining losses).
    const ceiling = analyticBandwidth({ link: gen3x16, mps: 256, mrrs: 512, sizeBytes: 64, op: "write" }).writeGBps;
    expect(f.throughputGBps).toBeGreaterThan(0.97 * ceiling);
    expect(f.throughputGBps).toBeLessThan(1.001 * ceiling);
  });

  it("send P2P between two host bridges of one socket across the socket's mesh (NODE), held to its rate", () => {
    const r = runVariant(twoGpus(p2p(Infinity), "hb1", { bandwidthGBps: 5, latencyPs: ns(20) }), [copy("g0-to-g1", "g0", "g1")], "p2p:g1", 1).result;
    const f = r.flows[0]!;
    expect(f.kernel.topo).toBe("NODE");
    expect(f.throughputGBps).toBeGreaterThan(0.97 * 5);
    expect(f.throughputGBps).toBeLessThan(1.001 * 5);
  });
});

/** A device below s1's host bridge reading and writing s0's or s1's DRAM. */
function remoteHost(bridge: Partial<HostBridgeSpec>, io = { ioWriteEfficiency: 1, ioReadEfficiency: 1 }): Topology {
  return {
    cpu: { vendor: "intel", family: 6 },
    sockets: [
      { id: "s0", memory: { bandwidthGBps: 100, latencyPs: ns(90) }, mesh: { bandwidthGBps: Infinity, latencyPs: 0 } },
      { id: "s1", memory: { bandwidthGBps: 100, latencyPs: ns(90) }, mesh: { bandwidthGBps: Infinity, latencyPs: 0 } },
    ],
    interconnect: { bandwidthGBps: 20, latencyPs: ns(130), ...io },
    hostBridges: [hostBridge("hb0"), hostBridge("hb1", { socket: "s1", ...bridge })],
    kernel: { disableAcsRedir: [] },
    nodes: [
      { id: "rp0", type: "root-port", hostBridge: "hb0", acs: NO_ACS },
      { id: "rp1", type: "root-port", hostBridge: "hb1", acs: NO_ACS },
      endpoint("a", "rp1", gen3x16, { dma: { mps: 256, mrrs: 512, tags: 256, tlpRate: Infinity } }),
    ],
  };
}

const hostFlow = (from: string, to: string): WorkloadSpec => ({ name: "dma", from, to, totalBytes: 8 * MiB, ioBytes: 256 * KiB, queueDepth: 8, pattern: "sequential", workingSetBytes: 256 * MiB, startPs: 0 });

describe("remote-socket DMA", () => {
  it("reads remote memory at trackers x 64 B / round trip (Little's law), while local reads run at the link's rate", () => {
    const trackers = 16;
    const local = runVariant(remoteHost({ remoteReads: trackers }), [hostFlow("s1", "a")], "auto", 1).result.flows[0]!;
    const remote = runVariant(remoteHost({ remoteReads: trackers }), [hostFlow("s0", "a")], "auto", 1).result.flows[0]!;
    const linkRead = analyticBandwidth({ link: gen3x16, mps: 256, mrrs: 512, sizeBytes: 256 * KiB, op: "read" }).readGBps;
    expect(local.throughputGBps).toBeGreaterThan(0.95 * linkRead);
    // A tracker is held from its line's start across the interconnect, through memory and back:
    // 130 ns + 90 ns (+ 64 B at 100 GB/s) + 130 ns (+ 64 B at 20 GB/s).
    const holdNs = 130 + 90 + 0.64 + 130 + 3.2;
    const littles = (trackers * 64) / holdNs;
    expect(remote.throughputGBps).toBeGreaterThan(0.97 * littles);
    expect(remote.throughputGBps).toBeLessThan(1.001 * littles);
  });

  it("gives device writes to the other socket the interconnect's I/O share, and reads theirs", () => {
    const io = { ioWriteEfficiency: 0.25, ioReadEfficiency: 0.5 };
    const write = runVariant(remoteHost({}, io), [hostFlow("a", "s0")], "auto", 1).result;
    expect(write.flows[0]!.throughputGBps).toBeGreaterThan(0.97 * 5);
    expect(write.flows[0]!.throughputGBps).toBeLessThan(1.001 * 5);
    expect(write.interconnect.find((i) => i.from === "s1" && i.to === "s0")!.utilization).toBeGreaterThan(0.95);
    const read = runVariant(remoteHost({}, io), [hostFlow("s0", "a")], "auto", 1).result.flows[0]!;
    expect(read.throughputGBps).toBeGreaterThan(0.97 * 10);
    expect(read.throughputGBps).toBeLessThan(1.001 * 10);
  });
});

describe("shared P2P capacity between host bridges", () => {
  it("is charged at both host bridges a NODE transfer passes, so a bidirectional copy shares each one's capacity", () => {
    const both = runVariant(twoGpus(p2p(6, 9), "hb1"), [copy("g0-to-g1", "g0", "g1"), copy("g1-to-g0", "g1", "g0")], bidirectional, 1).result.flows;
    const total = both[0]!.throughputGBps + both[1]!.throughputGBps;
    expect(total).toBeGreaterThan(0.95 * 9);
    expect(total).toBeLessThan(1.001 * 9);
  });
});
