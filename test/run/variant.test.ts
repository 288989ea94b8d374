import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ns, KiB, MiB } from "../../src/sim/units.js";
import { runVariant, runVariants } from "../../src/run/variant.js";
import { analyticBandwidth } from "../../src/model/analytic.js";
import type { WorkloadSpec } from "../../src/workload/workload.js";
import type { Topology } from "../../src/fabric/topology.js";
import { ACS_REDIRECT, endpoint, NO_ACS, sameSwitch, singleHost } from "../fabric/topologies.js";
import { ENDPOINT_CREDITS } from "../../src/pcie/credits.js";

function workload(overrides: Partial<WorkloadSpec>): WorkloadSpec {
  return { name: "w", from: "a", to: "b", totalBytes: 4 * MiB, ioBytes: 128 * KiB, queueDepth: 4, pattern: "sequential", workingSetBytes: 64 * MiB, startPs: 0, ...overrides };
}

const linkBytes = (r: ReturnType<typeof runVariant>, link: string, direction: "up" | "down") =>
  r.result.links.find((l) => l.link === link && l.direction === direction)!.bytes;

describe("bounce versus P2P under one switch", () => {
  const total = 4 * MiB;

  it("bounces every payload byte twice over the uplink (up, then down) and twice through DRAM", () => {
    const r = runVariant(sameSwitch(), [workload({ totalBytes: total })], "bounce", 1);
    expect(linkBytes(r, "rp0-sw0", "up")).toBe(total);
    expect(linkBytes(r, "rp0-sw0", "down")).toBe(total);
    expect(r.result.dram.bytes).toBe(2 * total);
    expect(r.result.flows[0]).toMatchObject({ supported: true, bytes: total, route: "a -> s0 DRAM -> b" });
  });

  it("moves every byte once peer to peer, over neither the uplink nor DRAM", () => {
    const r = runVariant(sameSwitch(), [workload({ totalBytes: total })], "p2p", 1);
    expect(linkBytes(r, "rp0-sw0", "up") + linkBytes(r, "rp0-sw0", "down")).toBe(0);
    expect(r.result.dram.bytes).toBe(0);
    expect(linkBytes(r, "sw0-a", "up")).toBe(total);
    expect(linkBytes(r, "sw0-b", "down")).toBe(total);
    expect(r.result.flows[0]).toMatchObject({ supported: true, bytes: total, route: "a -> b BAR", kernel: { mapType: "BUS_ADDR", distance: 4, topo: "PIX" } });
    expect(r.fabric.endpoints.get("b")!.barBytesWritten).toBe(total);
  });

  it("delivers every byte once across the fabric, whatever the path", () => {
    for (const path of ["p2p", "bounce"] as const) {
      const r = runVariant(sameSwitch(), [workload({ totalBytes: total, ioBytes: 48 * KiB })], path, 3);
      const a = r.fabric.endpoints.get("a")!.dma.stats;
      const b = r.fabric.endpoints.get("b")!;
      expect(a.bytesWritten).toBe(total);
      if (path === "p2p") expect(b.barBytesWritten).toBe(total);
      else expect(b.dma.stats.bytesRead).toBe(total);
      for (const link of r.fabric.links.values()) {
        for (const dir of [link.up, link.down]) for (const cls of [0, 1, 2] as const) expect(dir.outstandingCredits(cls)).toEqual([0, 0]);
      }
    }
  });
});

/** Two root ports on one host bridge: `a` below rp0, BAR-bearing `b` below rp1. */
function twoRootPorts(p2p: { reads: boolean; writes: boolean }): Topology {
  const base = singleHost([], { p2p: { ...p2p, latencyPs: ns(200), bandwidthGBps: 20, tlpBytes: 64, sharedBandwidthGBps: Infinity } });
  const gen4x8 = { gen: "gen4", lanes: 8 } as const;
  return {
    ...base,
    nodes: [
      { id: "rp0", type: "root-port", hostBridge: "hb0", acs: NO_ACS },
      { id: "rp1", type: "root-port", hostBridge: "hb0", acs: NO_ACS },
      endpoint("a", "rp0", gen4x8),
      endpoint("b", "rp1", gen4x8, { bar: { sizeBytes: 256 * MiB, latencyPs: ns(300), bandwidthGBps: 6 } }),
    ],
  };
}

describe("P2P across root ports", () => {
  it("writes through the host bridge on a platform that forwards writes only", () => {
    const r = runVariant(twoRootPorts({ reads: false, writes: true }), [workload({ from: "a", to: "b" })], "p2p", 1);
    expect(r.result.flows[0]).toMatchObject({ supported: true, kernel: { mapType: "THRU_HOST_BRIDGE", topo: "PHB" } });
    expect(r.fabric.rootComplexes.get("hb0")!.stats.p2pBytes).toBe(4 * MiB);
  });

  it("refuses P2P reads on a writes-only host bridge, and auto then bounces", () => {
    const topology = twoRootPorts({ reads: false, writes: true });
    const w = workload({ from: "b", to: "a" }); // a must read b's BAR
    const forced = runVariant(topology, [w], "p2p", 1).result.flows[0]!;
    expect(forced.supported).toBe(false);
    expect(forced.note).toMatch(/host bridge hb0 does not forward peer-to-peer reads/);
    expect(forced.bytes).toBe(0);
    const auto = runVariant(topology, [w], "auto", 1).result.flows[0]!;
    expect(auto.supported).toBe(true);
    expect(auto.route).toMatch(/^b -> s0 DRAM -> a \(auto: host bridge hb0 does not forward/);
    expect(auto.bytes).toBe(4 * MiB);
  });

  it("simulates a forced P2P that Linux would refuse, saying so, while auto bounces", () => {
    const topology = twoRootPorts({ reads: true, writes: true });
    topology.hostBridges = topology.hostBridges.map((hb) => ({ ...hb, deviceId: "8086:4660" })); // a client host bridge, not on the allow-list
    const w = workload({ from: "a", to: "b" });
    const forced = runVariant(topology, [w], "p2p", 1).result.flows[0]!;
    expect(forced).toMatchObject({ supported: true, route: "a -> b BAR", kernel: { mapType: "NOT_SUPPORTED" }, bytes: 4 * MiB });
    const auto = runVariant(topology, [w], "auto", 1).result.flows[0]!;
    expect(auto.route).toMatch(/^a -> s0 DRAM -> b \(auto: Linux refuses P2P/);
  });

  it("pipelines P2P through a slow host bridge: its latency costs time, not throughput", () => {
    const topology = twoRootPorts({ reads: true, writes: true });
    // 1 us through the P2P engine, 256 B TLPs, 50 GB/s: the Gen4 x8 links set the rate.
    topology.hostBridges = topology.hostBridges.map((hb) => ({ ...hb, p2p: { ...hb.p2p, latencyPs: ns(1000), tlpBytes: 256, bandwidthGBps: 50 } }));
    topology.nodes = topology.nodes.map((n) => (n.id === "b" && n.type === "endpoint" ? { ...n, bar: { sizeBytes: 256 * MiB, latencyPs: ns(300), bandwidthGBps: 50 } } : n));
    const f = runVariant(topology, [workload({ from: "a", to: "b", totalBytes: 16 * MiB })], "p2p", 1).result.flows[0]!;
    const link = analyticBandwidth({ link: { gen: "gen4", lanes: 8 }, mps: 256, mrrs: 512, sizeBytes: 128 * KiB, op: "write" }).writeGBps;
    expect(f.throughputGBps).toBeGreaterThan(0.95 * link);
  });

  it("reads peer to peer through a host bridge that forwards reads", () => {
    const r = runVariant(twoRootPorts({ reads: true, writes: true }), [workload({ from: "b", to: "a" })], "p2p", 1);
    expect(r.result.flows[0]).toMatchObject({ supported: true, route: "b BAR -> a", bytes: 4 * MiB });
  });
});

describe("IOTLB reach", () => {
  // 64 entries x 4 KiB = 256 KiB of reach; 4 walkers, 4 levels x 60 ns = 240 ns a walk, no walk cache.
  const withIommu = (pageBytes: number): Topology =>
    singleHost([endpoint("a", "rp0", { gen: "gen4", lanes: 16 }, { dma: { mps: 256, mrrs: 512, tags: 128, tlpRate: Infinity } })], {
      iommu: { mode: "translated", iotlb: { entries: 64, ways: 8, pageBytes }, hitLatencyPs: ns(5), walkAccessLatencyPs: ns(60), walkers: 4, walkCacheEntries: 0, mapping: "static" },
    });
  const reads = (workingSetBytes: number): WorkloadSpec =>
    workload({ name: "host-reads", from: "s0", to: "a", totalBytes: 4 * MiB, ioBytes: 64, queueDepth: 128, pattern: "random", workingSetBytes });

  it("hits for random 64 B reads over a working set smaller than its reach", () => {
    const r = runVariant(withIommu(4096), [reads(128 * KiB)], "auto", 1).result;
    expect(r.iommu.walks).toBeLessThanOrEqual(32); // one walk per page, to warm up (misses during it merge)
    expect(r.iommu.hits / r.iommu.lookups).toBeGreaterThan(0.99);
  });

  it("misses on a far larger working set, and throughput falls to walkers / walk time x 64 B", () => {
    const small = runVariant(withIommu(4096), [reads(128 * KiB)], "auto", 1).result.flows[0]!.throughputGBps;
    const large = runVariant(withIommu(4096), [reads(1024 * MiB)], "auto", 1).result;
    expect(large.iommu.misses / large.iommu.lookups).toBeGreaterThan(0.95);
    const walkBound = (4 / 240e-9) * 64 / 1e9; // GB/s
    expect(large.flows[0]!.throughputGBps).toBeGreaterThan(0.9 * walkBound);
    expect(large.flows[0]!.throughputGBps).toBeLessThan(1.05 * walkBound);
    expect(small).toBeGreaterThan(3 * walkBound);
  });

  it("keeps the throughput with 2 MiB pages, which reach 128 MiB", () => {
    const r = runVariant(withIommu(2 * MiB), [reads(64 * MiB)], "auto", 1).result;
    expect(r.iommu.hits / r.iommu.lookups).toBeGreaterThan(0.99);
    const small4k = runVariant(withIommu(4096), [reads(128 * KiB)], "auto", 1).result.flows[0]!.throughputGBps;
    expect(r.flows[0]!.throughputGBps).toBeGreaterThan(0.95 * small4k);
  });
});

describe("per-I/O DMA mapping", () => {
  const topology = (mapping: "static" | "strict" | "lazy"): Topology =>
    singleHost([endpoint("a", "rp0", { gen: "gen4", lanes: 16 })], {
      iommu: { mode: "translated", iotlb: { entries: 64, ways: 8, pageBytes: 4096 }, hitLatencyPs: ns(5), walkAccessLatencyPs: ns(60), walkers: 4, walkCacheEntries: 0, mapping },
    });
  const writes = workload({ name: "dev-writes", from: "a", to: "s0", totalBytes: 2 * MiB, ioBytes: 4 * KiB, queueDepth: 8, workingSetBytes: 64 * KiB });

  it("costs walks and throughput with strict invalidation, less with lazy, none with a static mapping", () => {
    const run = (mapping: "static" | "strict" | "lazy") => runVariant(topology(mapping), [writes], "auto", 1).result;
    const [fixed, lazy, strict] = [run("static"), run("lazy"), run("strict")];
    // 64 KiB working set: 16 pages, all resident unless unmaps invalidate them.
    expect(fixed.iommu.walks).toBe(16);
    expect(strict.iommu.walks).toBeGreaterThanOrEqual(2 * MiB / 4096 - 8); // nearly every page walked again
    expect(lazy.iommu.walks).toBeGreaterThan(fixed.iommu.walks);
    expect(lazy.iommu.walks).toBeLessThan(strict.iommu.walks);
    const gbps = (r: typeof fixed) => r.flows[0]!.throughputGBps;
    expect(gbps(strict)).toBeLessThan(gbps(lazy));
    expect(gbps(lazy)).toBeLessThan(gbps(fixed));
  });
});

describe("the run's measurements", () => {
  it("records every I/O's latency and gives throughput and IOPS over the flow's duration", () => {
    const r = runVariant(sameSwitch(), [workload({ totalBytes: 2 * MiB, ioBytes: 64 * KiB, queueDepth: 1 })], "p2p", 1).result;
    const f = r.flows[0]!;
    expect(f.iops * (f.durationNs / 1e9)).toBeCloseTo(32, 6);
    expect(f.throughputGBps).toBeCloseTo(f.bytes / f.durationNs, 9);
    expect(f.latencyNs.p50).toBeLessThanOrEqual(f.latencyNs.p99);
    expect(f.latencyNs.p99).toBeLessThanOrEqual(f.latencyNs.max);
    // With one I/O in flight, I/Os run back to back: the flow lasts the sum of their latencies.
    expect(f.latencyNs.mean * 32).toBeCloseTo(f.durationNs, 0);
    expect(r.events).toBeGreaterThan(0);
  });

  it("gives identical results for the same seed", () => {
    const w = [workload({ pattern: "random", from: "s0", to: "a", ioBytes: 4 * KiB, totalBytes: 1 * MiB })];
    const strip = (x: ReturnType<typeof runVariant>) => JSON.stringify(x.result);
    expect(strip(runVariant(sameSwitch(), w, "auto", 7))).toBe(strip(runVariant(sameSwitch(), w, "auto", 7)));
  });
});

describe("running several variants", () => {
  it("simulates a variant whose plans match an earlier one's only once, with the same numbers as running it alone", () => {
    const workloads = [workload({ totalBytes: 2 * MiB })];
    const runs = runVariants(sameSwitch(), workloads, ["p2p", "bounce", "auto"], 7);
    // Under one switch without ACS, Linux picks P2P: auto plans what p2p plans.
    expect(runs[2]!.fabric).toBe(runs[0]!.fabric);
    expect(runs[1]!.fabric).not.toBe(runs[0]!.fabric);
    expect(runs.map((r) => r.result.path)).toEqual(["p2p", "bounce", "auto"]);
    expect(runs[2]!.result).toEqual(runVariant(sameSwitch(), workloads, "auto", 7).result);
    // Same numbers; only the name differs, in the path and in the bottleneck's sentence.
    const renamed = structuredClone(runs[2]!.result);
    for (const f of renamed.flows) if (f.bottleneck) f.bottleneck.reason = f.bottleneck.reason.replace(`${f.flow} (auto)`, `${f.flow} (p2p)`);
    expect(runs[0]!.result).toEqual({ ...renamed, path: "p2p" });
    expect(runs[2]!.result.flows[0]!.bottleneck!.reason).toMatch(/^w \(auto\) is bound by/);
  });
});

describe("arrivals taken late", () => {
  it("change nothing but the event count: every flow, link, DRAM and IOMMU figure and every I/O's latency are the same", () => {
    fc.assert(
      fc.property(
        fc.record({
          acs: fc.boolean(),
          path: fc.constantFrom("p2p" as const, "bounce" as const),
          ioKiB: fc.constantFrom(4, 20, 64, 128),
          queueDepth: fc.integer({ min: 1, max: 16 }),
          reverse: fc.boolean(),
          hostReads: fc.boolean(),
          barGBps: fc.constantFrom(3, 50),
          tinyBuffers: fc.boolean(),
        }),
        ({ acs, path, ioKiB, queueDepth, reverse, hostReads, barGBps, tinyBuffers }) => {
          // Copies between a and b's BAR (slow or fast, and with b's receive buffers for two writes
          // or the default, so b's link stalls for credits or not), sometimes with host reads.
          const gen4x16 = { gen: "gen4", lanes: 16 } as const;
          const topology = singleHost([
            { id: "sw0", type: "switch", parent: "rp0", link: gen4x16, latencyPs: ns(105), acs: acs ? ACS_REDIRECT : NO_ACS },
            endpoint("a", "sw0", gen4x16),
            endpoint("b", "sw0", gen4x16, {
              bar: { sizeBytes: 64 * MiB, latencyPs: ns(300), bandwidthGBps: barGBps },
              ...(tinyBuffers ? { credits: { ...ENDPOINT_CREDITS, ph: 2, pd: 32 } } : {}),
            }),
          ]);
          const workloads = [
            workload({ from: reverse ? "b" : "a", to: reverse ? "a" : "b", totalBytes: 1 * MiB, ioBytes: ioKiB * KiB, queueDepth }),
            ...(hostReads ? [workload({ name: "h", from: "s0", to: "a", totalBytes: 256 * KiB, ioBytes: 4 * KiB, queueDepth: 8, pattern: "random" })] : []),
          ];
          const late = runVariant(topology, workloads, path, 5);
          const eager = runVariant(topology, workloads, path, 5, { lateArrivals: false });
          expect({ ...late.result, events: 0 }).toEqual({ ...eager.result, events: 0 });
          expect(late.flows.map((f) => f.latency.values())).toEqual(eager.flows.map((f) => f.latency.values()));
          expect(late.result.events).toBeLessThanOrEqual(eager.result.events);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("save an event per write at a busy switch port and per write into the middle of a transfer into a BAR", () => {
    // A BAR faster than the link, so its link never stalls for credits (a stall gives arrivals their events).
    const gen4x16 = { gen: "gen4", lanes: 16 } as const;
    const topology = singleHost([
      { id: "sw0", type: "switch", parent: "rp0", link: gen4x16, latencyPs: ns(105), acs: NO_ACS },
      endpoint("a", "sw0", gen4x16),
      endpoint("b", "sw0", gen4x16, { bar: { sizeBytes: 64 * MiB, latencyPs: ns(300), bandwidthGBps: 50 } }),
    ]);
    const workloads = [workload({ totalBytes: 1 * MiB, ioBytes: 128 * KiB })];
    const late = runVariant(topology, workloads, "p2p", 1);
    const eager = runVariant(topology, workloads, "p2p", 1, { lateArrivals: false });
    expect(late.result.flows[0]!.throughputGBps).toBe(eager.result.flows[0]!.throughputGBps);
    // 4096 writes of 256 B: the switch hop and the BAR each save nearly one event per write.
    expect(eager.result.events - late.result.events).toBeGreaterThan(2 * 4096 * 0.9);
  });
});

