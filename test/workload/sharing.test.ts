import { describe, expect, it } from "vitest";
import { ns, us, KiB, MiB } from "../../src/sim/units.js";
import { runVariant } from "../../src/run/variant.js";
import type { WorkloadSpec } from "../../src/workload/workload.js";
import type { Topology } from "../../src/fabric/topology.js";
import { analyticBandwidth } from "../../src/model/analytic.js";
import { endpoint, hostBridge, NO_ACS, sameSwitch } from "../fabric/topologies.js";

function workload(overrides: Partial<WorkloadSpec>): WorkloadSpec {
  return { name: "w", from: "a", to: "s0", totalBytes: 8 * MiB, ioBytes: 128 * KiB, queueDepth: 8, pattern: "sequential", workingSetBytes: 256 * MiB, startPs: 0, ...overrides };
}

const gen4x16 = { gen: "gen4", lanes: 16 } as const;

/** Two sockets joined by a 10 GB/s interconnect; hb0 on s0, hb1 on s1; `a` below hb1, `b` (BAR) below hb0. */
function twoSockets(hb1Socket = "s1"): Topology {
  return {
    cpu: { vendor: "intel", family: 6 },
    sockets: [
      { id: "s0", memory: { bandwidthGBps: 100, latencyPs: ns(90) }, mesh: { bandwidthGBps: Infinity, latencyPs: 0 } },
      { id: "s1", memory: { bandwidthGBps: 100, latencyPs: ns(90) }, mesh: { bandwidthGBps: Infinity, latencyPs: 0 } },
    ],
    interconnect: { bandwidthGBps: 10, latencyPs: ns(130), ioWriteEfficiency: 1, ioReadEfficiency: 1 },
    hostBridges: [hostBridge("hb0"), hostBridge("hb1", { socket: hb1Socket })],
    kernel: { disableAcsRedir: [] },
    nodes: [
      { id: "rp0", type: "root-port", hostBridge: "hb0", acs: NO_ACS },
      { id: "rp1", type: "root-port", hostBridge: "hb1", acs: NO_ACS },
      endpoint("b", "rp0", gen4x16, { bar: { sizeBytes: 1024 * MiB, latencyPs: ns(300), bandwidthGBps: 50 } }),
      endpoint("a", "rp1", gen4x16),
    ],
  };
}

describe("sockets", () => {
  const link = analyticBandwidth({ link: gen4x16, mps: 256, mrrs: 512, sizeBytes: 128 * KiB, op: "write" }).writeGBps;

  it("writes to its own socket's DRAM at the link's rate", () => {
    const f = runVariant(twoSockets(), [workload({ to: "s1" })], "auto", 1).result.flows[0]!;
    expect(f.throughputGBps).toBeGreaterThan(0.97 * link);
    expect(f.throughputGBps).toBeLessThan(1.001 * link);
  });

  it("is held to the interconnect's bandwidth when writing to the other socket's DRAM, and reports it busy", () => {
    const r = runVariant(twoSockets(), [workload({ to: "s0" })], "auto", 1).result;
    const f = r.flows[0]!;
    expect(f.throughputGBps).toBeGreaterThan(0.97 * 10);
    expect(f.throughputGBps).toBeLessThan(1.001 * 10);
    const toS0 = r.interconnect.find((i) => i.from === "s1" && i.to === "s0")!;
    expect(toS0.bytes).toBe(8 * MiB);
    expect(toS0.utilization).toBeGreaterThan(0.9);
    expect(r.interconnect.find((i) => i.from === "s0" && i.to === "s1")!.bytes).toBe(0);
  });

  it("sends P2P between host bridges on two sockets across the interconnect (SYS), and on one socket past it (NODE)", () => {
    const cross = runVariant(twoSockets(), [workload({ from: "a", to: "b" })], "p2p", 1).result.flows[0]!;
    expect(cross).toMatchObject({ supported: true, kernel: { mapType: "THRU_HOST_BRIDGE", topo: "SYS" } });
    expect(cross.throughputGBps).toBeLessThan(1.001 * 10);
    const near = runVariant(twoSockets("s0"), [workload({ from: "a", to: "b" })], "p2p", 1).result.flows[0]!;
    expect(near).toMatchObject({ supported: true, kernel: { topo: "NODE" } });
    expect(near.throughputGBps).toBeGreaterThan(15);
  });
});

describe("workloads sharing a fabric", () => {
  it("split a switch uplink evenly between two devices writing to DRAM, filling it together", () => {
    const topology = sameSwitch();
    topology.nodes.push(endpoint("c", "sw0", gen4x16));
    const both = runVariant(topology, [workload({ name: "a", from: "a" }), workload({ name: "c", from: "c" })], "auto", 1).result;
    const [fa, fc] = both.flows;
    const uplink = analyticBandwidth({ link: gen4x16, mps: 256, mrrs: 512, sizeBytes: 128 * KiB, op: "write" }).writeGBps;
    expect(Math.abs(fa!.throughputGBps / fc!.throughputGBps - 1)).toBeLessThan(0.05);
    expect(fa!.throughputGBps + fc!.throughputGBps).toBeGreaterThan(0.95 * uplink);
    const up = both.links.find((l) => l.link === "rp0-sw0" && l.direction === "up")!;
    expect(up.utilization).toBeGreaterThan(0.9);
    expect(up.bytes).toBe(16 * MiB);
  });
});

describe("a device's own limits", () => {
  it("issues no more TLPs per second than its DMA engine can", () => {
    const topology = sameSwitch();
    topology.nodes = topology.nodes.map((n) => (n.id === "a" && n.type === "endpoint" ? { ...n, dma: { ...n.dma, tlpRate: 10e6 } } : n));
    const f = runVariant(topology, [workload({})], "auto", 1).result.flows[0]!;
    // 10 M TLPs/s x 256 B payload.
    expect(f.throughputGBps).toBeGreaterThan(0.98 * 2.56);
    expect(f.throughputGBps).toBeLessThan(1.001 * 2.56);
  });

  it("runs a timed workload for its duration and counts what it moved", () => {
    const f = runVariant(sameSwitch(), [workload({ totalBytes: Infinity, durationPs: us(100) })], "auto", 1).result.flows[0]!;
    expect(f.durationNs).toBeGreaterThanOrEqual(100_000);
    // After 100 us no new I/O starts; the 8 in flight (1 MiB) drain at the flow's rate.
    const drainNs = (8 * 128 * KiB) / f.throughputGBps;
    expect(f.durationNs).toBeLessThan(100_000 + drainNs + 5_000);
    expect(f.bytes).toBeGreaterThan(0);
    expect(f.bytes % (128 * KiB)).toBe(0);
  });
});


describe("media", () => {
  it("holds a NIC-to-SSD flow to the SSD's flash rate when the NIC writes into the SSD's CMB", () => {
    const topology = sameSwitch();
    // b's BAR is its CMB; its flash takes 3 GB/s after 20 us.
    topology.nodes = topology.nodes.map((n) => (n.id === "b" && n.type === "endpoint" ? { ...n, media: { rateGBps: 3, writeRateGBps: 3, duplex: "shared", latencyPs: us(20) } } : n));
    const f = runVariant(topology, [workload({ from: "a", to: "b", totalBytes: 32 * MiB })], "p2p", 1).result.flows[0]!;
    expect(f.route).toBe("a -> b BAR");
    expect(f.throughputGBps).toBeGreaterThan(0.95 * 3);
    expect(f.throughputGBps).toBeLessThan(1.001 * 3);
    // An I/O: 128 KiB over the link, then 20 us + 128 KiB / 3 GB/s of flash, at least.
    expect(f.latencyNs.p50).toBeGreaterThan(20_000 + (128 * KiB) / 3);
  });

  it("reads an SSD's flash at its read rate and writes it at its write rate", () => {
    const topology = sameSwitch();
    // b: a Gen4 x8 SSD with a CMB, reading flash at 7 GB/s and writing it at 3 GB/s.
    topology.nodes = topology.nodes.map((n) =>
      n.id === "b" && n.type === "endpoint" ? { ...n, link: { gen: "gen4", lanes: 8 }, media: { rateGBps: 7, writeRateGBps: 3, duplex: "full", latencyPs: us(10) } } : n,
    );
    const [write, read] = runVariant(topology, [workload({ name: "into-ssd", from: "a", to: "b", totalBytes: 16 * MiB }), workload({ name: "from-ssd", from: "b", to: "s0", totalBytes: 16 * MiB, startPs: us(20_000) })], "p2p", 1).result.flows;
    expect(write!.throughputGBps).toBeGreaterThan(0.95 * 3);
    expect(write!.throughputGBps).toBeLessThan(1.001 * 3);
    expect(read!.throughputGBps).toBeGreaterThan(0.95 * 7);
    expect(read!.throughputGBps).toBeLessThan(1.001 * 7);
  });
});
