/**
 * Bottleneck attribution held against constructed cases whose bound is known by construction:
 * one resource is made scarce and everything else on the flow's path generous. The named resource
 * must be that one, and its ceiling the rate worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { parseScenario, run } from "../../src/run/library.js";
import { analyticBandwidth } from "../../src/model/analytic.js";
import type { FlowResult } from "../../src/contract.js";
import { DLLP_FACTOR_MEASURED } from "../../src/pcie/spec.js";

const PLATFORM = `
platform:
  sockets:
    - { id: s0, memory: { bandwidth: DRAM, latency: 90ns } }
    - { id: s1, memory: { bandwidth: 200GB/s, latency: 90ns } }
  interconnect: { bandwidth: UPI, latency: 100ns }
  hostBridges:
    - { id: hb0, socket: s0, deviceId: "8086:2030", p2p: { bandwidth: ENGINE, tlpSize: TLP },
        iommu: { mode: IOMMU, walkers: WALKERS, walkLatency: WALK, iotlb: { entries: 8, ways: 8 } } }
    - { id: hb1, socket: s1, deviceId: "8086:2030" }
`;

interface Knobs {
  dram?: string;
  upi?: string;
  engine?: string;
  iommu?: string;
  walkers?: number;
  walk?: string;
  tlp?: string;
}

function scenario(body: string, knobs: Knobs = {}) {
  const platform = PLATFORM.replace("DRAM", knobs.dram ?? "200GB/s")
    .replace("UPI", knobs.upi ?? "100GB/s")
    .replace("ENGINE", knobs.engine ?? "100GB/s")
    .replace("IOMMU", knobs.iommu ?? "off")
    .replace("WALKERS", String(knobs.walkers ?? 4))
    .replace("WALK", knobs.walk ?? "230ns")
    .replace("TLP", knobs.tlp ?? "256B");
  return parseScenario(`name: case\nseed: 1\n${platform}\n${body}`);
}

function onlyFlow(text: string, knobs?: Knobs): FlowResult {
  const { summary } = run(scenario(text, knobs));
  return summary.variants[0]!.flows[0]!;
}

const SWITCH_PAIR = (b: string, a = "dma: { mps: 256B, mrrs: 512B, tags: 256 }") => `
fabric:
  - { id: rp0, type: root-port, hostBridge: hb0 }
  - { id: sw0, type: switch, parent: rp0, link: gen4x16, latency: 105ns }
  - { id: a, type: endpoint, parent: sw0, link: gen4x16, ${a} }
  - { id: b, type: endpoint, parent: sw0, ${b} }
`;

describe("bottleneck attribution on constructed cases", () => {
  it("names the destination's flash when it writes slower than everything else carries", () => {
    const f = onlyFlow(`${SWITCH_PAIR("link: gen4x16, bar: { size: 64MiB, bandwidth: 50GB/s }, media: { rate: 6GB/s, writeRate: 2GB/s, duplex: full }")}
workloads: [ { name: w, from: a, to: b, size: 16MiB, io: 128KiB, queueDepth: 8 } ]
compare: [p2p]`);
    expect(f.bottleneck).toMatchObject({ resource: "b media write", kind: "media" });
    expect(f.bottleneck!.ceilingGBps).toBeCloseTo(2, 6);
    expect(f.bottleneck!.utilization).toBeGreaterThan(0.95);
    expect(f.throughputGBps).toBeLessThanOrEqual(f.bottleneck!.ceilingGBps * 1.001);
  });

  it("names the destination's link when its wire is the narrowest part, with the analytic write rate as ceiling", () => {
    const f = onlyFlow(`${SWITCH_PAIR("link: gen3x4, bar: { size: 64MiB, bandwidth: 50GB/s }")}
workloads: [ { name: w, from: a, to: b, size: 16MiB, io: 128KiB, queueDepth: 8 } ]
compare: [p2p]`);
    const analytic = analyticBandwidth({ link: { gen: "gen3", lanes: 4 }, mps: 256, mrrs: 512, sizeBytes: 128 * 1024, op: "write", dllpFactor: DLLP_FACTOR_MEASURED }).totalGBps;
    expect(f.bottleneck).toMatchObject({ resource: "sw0-b down", kind: "link" });
    expect(f.bottleneck!.utilization).toBeGreaterThan(0.95);
    expect(Math.abs(f.bottleneck!.ceilingGBps / analytic - 1)).toBeLessThan(0.01);
    expect(f.bottleneck!.reason).toMatch(/^w \(p2p\) is bound by sw0-b down at (9\d|100)\.\d %: its TLPs carry 256 B of payload in \d+ wire bytes each/);
  });

  it("names the SSD's x4 link when the root complex re-packetizes peer writes into 64 B TLPs, 88 wire bytes each", () => {
    const { summary } = run(scenario(`
fabric:
  - { id: rp0, type: root-port, hostBridge: hb0 }
  - { id: a, type: endpoint, parent: rp0, link: gen4x16, dma: { mps: 256B, mrrs: 512B, tags: 256 } }
  - { id: rp1, type: root-port, hostBridge: hb0 }
  - { id: b, type: endpoint, parent: rp1, link: gen4x4, bar: { size: 64MiB, bandwidth: 50GB/s } }
workloads: [ { name: w, from: a, to: b, size: 16MiB, io: 128KiB, queueDepth: 8 } ]
compare: [p2p]`, { tlp: "64B" }));
    const v = summary.variants[0]!;
    const f = v.flows[0]!;
    const wire = v.resources!.find((r) => r.resource === "rp1-b down")!;
    // 64 B of payload per TLP, 64 + 16 (4DW header) + 8 (framing, sequence, LCRC) = 88 wire bytes.
    expect(f.bottleneck).toMatchObject({ resource: "rp1-b down", kind: "link" });
    expect(f.bottleneck!.ceilingGBps / ((wire.capacityGBps! * 64) / 88) - 1).toBeCloseTo(0, 4);
    expect(f.bottleneck!.reason).toContain("its TLPs carry 64 B of payload in 88 wire bytes each");
    expect(f.throughputGBps).toBeLessThanOrEqual(f.bottleneck!.ceilingGBps * 1.001);
    expect(f.throughputGBps).toBeGreaterThan(f.bottleneck!.ceilingGBps * 0.98);
  });

  it("names the BAR memory when it serves slower than the links", () => {
    const f = onlyFlow(`${SWITCH_PAIR("link: gen4x16, bar: { size: 64MiB, bandwidth: 3GB/s }")}
workloads: [ { name: w, from: a, to: b, size: 16MiB, io: 128KiB, queueDepth: 8 } ]
compare: [p2p]`);
    expect(f.bottleneck).toMatchObject({ resource: "b bar", kind: "bar" });
    expect(f.bottleneck!.ceilingGBps).toBeCloseTo(3, 6);
    expect(f.bottleneck!.utilization).toBeGreaterThan(0.95);
  });

  it("names the host bridge's P2P engine when peer traffic between root ports is capped there", () => {
    const f = onlyFlow(`
fabric:
  - { id: rp0, type: root-port, hostBridge: hb0 }
  - { id: a, type: endpoint, parent: rp0, link: gen4x16, dma: { mps: 256B, mrrs: 512B, tags: 256 } }
  - { id: rp1, type: root-port, hostBridge: hb0 }
  - { id: b, type: endpoint, parent: rp1, link: gen4x16, bar: { size: 64MiB, bandwidth: 50GB/s } }
workloads: [ { name: w, from: a, to: b, size: 16MiB, io: 128KiB, queueDepth: 8 } ]
compare: [p2p]`, { engine: "4GB/s" });
    expect(f.bottleneck).toMatchObject({ resource: "hb0 p2p -> rp1", kind: "p2p-engine" });
    expect(f.bottleneck!.ceilingGBps).toBeCloseTo(4, 6);
    expect(f.bottleneck!.utilization).toBeGreaterThan(0.95);
  });

  it("names DRAM in a bounce, with half its bandwidth as the ceiling since the data crosses it twice", () => {
    const f = onlyFlow(`${SWITCH_PAIR("link: gen4x16, dma: { mps: 256B, mrrs: 512B, tags: 256 }")}
workloads: [ { name: w, from: a, to: b, size: 16MiB, io: 128KiB, queueDepth: 8 } ]
compare: [bounce]`, { dram: "6GB/s" });
    expect(f.bottleneck).toMatchObject({ resource: "s0 dram", kind: "dram" });
    expect(f.bottleneck!.ceilingGBps).toBeCloseTo(3, 6);
    expect(f.bottleneck!.reason).toContain("crosses it twice");
  });

  it("names the socket interconnect when a device writes into the other socket's memory", () => {
    const f = onlyFlow(`
fabric:
  - { id: rp0, type: root-port, hostBridge: hb1 }
  - { id: a, type: endpoint, parent: rp0, link: gen4x16, dma: { mps: 256B, mrrs: 512B, tags: 256 } }
workloads: [ { name: w, from: a, to: s0, size: 16MiB, io: 128KiB, queueDepth: 8, workingSet: 64MiB } ]
compare: [p2p]`, { upi: "3GB/s" });
    expect(f.bottleneck).toMatchObject({ resource: "interconnect s1 -> s0", kind: "interconnect" });
    expect(f.bottleneck!.ceilingGBps).toBeCloseTo(3, 6);
    expect(f.bottleneck!.utilization).toBeGreaterThan(0.95);
  });

  it("names the IOMMU's page walkers when every small random read misses the IOTLB", () => {
    const f = onlyFlow(`
fabric:
  - { id: rp0, type: root-port, hostBridge: hb0 }
  - { id: a, type: endpoint, parent: rp0, link: gen4x16, dma: { mps: 256B, mrrs: 512B, tags: 256 } }
workloads: [ { name: w, from: s0, to: a, size: 4MiB, io: 4KiB, queueDepth: 64, pattern: random, workingSet: 1GiB } ]
compare: [p2p]`, { iommu: "translated", walkers: 1, walk: "2us" });
    expect(f.bottleneck).toMatchObject({ resource: "hb0.iommu walkers", kind: "iommu-walkers" });
    expect(f.bottleneck!.utilization).toBeGreaterThan(0.95);
    // One walker, 2 us a walk, one walk per 4 KiB I/O: 4096 B / 2 us = 2.05 GB/s at most.
    expect(f.throughputGBps).toBeLessThan(2.05);
    expect(f.bottleneck!.ceilingGBps).toBeGreaterThan(f.throughputGBps * 0.99);
    expect(f.bottleneck!.ceilingGBps).toBeLessThan(2.05 * 1.02);
  });

  it("names the reader's DMA tags when two outstanding reads cannot cover the round trip", () => {
    const f = onlyFlow(`
fabric:
  - { id: rp0, type: root-port, hostBridge: hb0 }
  - { id: a, type: endpoint, parent: rp0, link: gen4x16, dma: { mps: 256B, mrrs: 512B, tags: 2 } }
workloads: [ { name: w, from: s0, to: a, size: 4MiB, io: 128KiB, queueDepth: 8, workingSet: 64MiB } ]
compare: [p2p]`);
    expect(f.bottleneck).toMatchObject({ resource: "a tags", kind: "tags" });
    expect(f.bottleneck!.utilization).toBeGreaterThan(0.95);
    // Little's law: 2 tags x 512 B over the mean round trip is what the flow gets.
    expect(Math.abs(f.bottleneck!.ceilingGBps / f.throughputGBps - 1)).toBeLessThan(0.02);
  });

  it("names the flow's queue depth when one I/O at a time leaves everything on its path mostly idle", () => {
    const f = onlyFlow(`${SWITCH_PAIR("link: gen4x16, media: { rate: 10GB/s, latency: 20us, duplex: full }, bar: { size: 64MiB, bandwidth: 50GB/s }")}
workloads: [ { name: w, from: a, to: b, size: 2MiB, io: 64KiB, queueDepth: 1 } ]
compare: [p2p]`);
    expect(f.bottleneck).toMatchObject({ resource: "w queue depth", kind: "queue-depth" });
    // Little's law: 1 I/O of 64 KiB over its mean latency is the flow's rate.
    expect(f.bottleneck!.ceilingGBps).toBeCloseTo((64 * 1024) / f.latencyNs.mean, 6);
    expect(Math.abs(f.bottleneck!.ofCeiling - 1)).toBeLessThan(0.02);
    expect(f.bottleneck!.reason).toMatch(/^w \(p2p\) is bound by its queue depth: 1 I\/Os of 65536 B in flight over .* nothing on its path is 90 % busy, the busiest being /);
  });

  it("names the staging buffers when one slot serves eight I/Os in flight", () => {
    const f = onlyFlow(`${SWITCH_PAIR("link: gen4x16, bar: { size: 64MiB, bandwidth: 50GB/s }, media: { rate: 20GB/s, latency: 5us, duplex: full }")}
workloads: [ { name: w, from: a, to: b, size: 8MiB, io: 128KiB, queueDepth: 8, p2p: { buffers: 1 } } ]
compare: [p2p]`);
    expect(f.bottleneck).toMatchObject({ resource: "w buffers", kind: "buffers" });
    expect(f.bottleneck!.utilization).toBeGreaterThan(0.95);
    expect(Math.abs(f.bottleneck!.ceilingGBps / f.throughputGBps - 1)).toBeLessThan(0.02);
  });
});
