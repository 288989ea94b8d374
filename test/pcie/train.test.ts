import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ns, KiB } from "../../src/sim/units.js";
import { runVariant, type RunOptions } from "../../src/run/variant.js";
import type { WorkloadSpec } from "../../src/workload/workload.js";
import type { NodeSpec, Topology } from "../../src/fabric/topology.js";
import type { LinkConfig } from "../../src/pcie/spec.js";
import type { TrainFault } from "../../src/pcie/link.js";
import { ENDPOINT_CREDITS, SWITCH_PORT_CREDITS } from "../../src/pcie/credits.js";
import { ACS_REDIRECT, endpoint, hostBridge, NO_ACS, singleHost } from "../fabric/topologies.js";

/** A small random fabric and workload: what the property tests draw. */
interface Case {
  shape: "same-switch" | "two-root-ports";
  acs: boolean;
  gen: LinkConfig["gen"];
  lanes: LinkConfig["lanes"];
  slowLink: boolean;
  path: "p2p" | "bounce";
  ioKiB: number;
  queueDepth: number;
  reverse: boolean;
  /** A second writer into b's BAR (from c): two sources compete at b's egress. */
  competitor: boolean;
  hostReads: boolean;
  barGBps: number;
  tinyBuffers: boolean;
  translated: boolean;
  startNs: number;
}

const arbitraryCase: fc.Arbitrary<Case> = fc.record({
  shape: fc.constantFrom("same-switch" as const, "two-root-ports" as const),
  acs: fc.boolean(),
  gen: fc.constantFrom("gen3" as const, "gen4" as const, "gen5" as const),
  lanes: fc.constantFrom(4 as const, 8 as const, 16 as const),
  slowLink: fc.boolean(),
  path: fc.constantFrom("p2p" as const, "bounce" as const),
  ioKiB: fc.constantFrom(4, 12, 64),
  queueDepth: fc.integer({ min: 1, max: 8 }),
  reverse: fc.boolean(),
  competitor: fc.boolean(),
  hostReads: fc.boolean(),
  barGBps: fc.constantFrom(2, 50),
  tinyBuffers: fc.boolean(),
  translated: fc.boolean(),
  startNs: fc.integer({ min: 0, max: 3000 }),
});

function build(c: Case): { topology: Topology; workloads: WorkloadSpec[] } {
  const link: LinkConfig = { gen: c.gen, lanes: c.lanes };
  const slow: LinkConfig = c.slowLink ? { gen: "gen3", lanes: 4 } : link;
  const bar = { bar: { sizeBytes: 64 * 1024 * KiB, latencyPs: ns(300), bandwidthGBps: c.barGBps } };
  const tiny = c.tinyBuffers ? { credits: { ...ENDPOINT_CREDITS, ph: 2, pd: 32, nph: 2 } } : {};
  const nodes: NodeSpec[] =
    c.shape === "same-switch"
      ? [
          { id: "sw0", type: "switch", parent: "rp0", link, latencyPs: ns(105), acs: c.acs ? ACS_REDIRECT : NO_ACS, ...(c.tinyBuffers ? { credits: { ...SWITCH_PORT_CREDITS, ph: 4, pd: 64 } } : {}) },
          endpoint("a", "sw0", link),
          endpoint("b", "sw0", slow, { ...bar, ...tiny }),
          endpoint("c", "sw0", link),
        ]
      : [
          { id: "rp1", type: "root-port", hostBridge: "hb0", acs: NO_ACS },
          { id: "rp2", type: "root-port", hostBridge: "hb0", acs: NO_ACS },
          endpoint("a", "rp0", link),
          endpoint("b", "rp1", slow, { ...bar, ...tiny }),
          endpoint("c", "rp2", link),
        ];
  const bridge = c.translated ? { iommu: { ...hostBridge("hb0").iommu, mode: "translated" as const } } : {};
  const topology = singleHost(nodes, bridge);
  const w = (overrides: Partial<WorkloadSpec>): WorkloadSpec => ({
    name: "w", from: "a", to: "b", totalBytes: 192 * KiB, ioBytes: c.ioKiB * KiB, queueDepth: c.queueDepth,
    pattern: "sequential", workingSetBytes: 32 * 1024 * KiB, startPs: 0, ...overrides,
  });
  const workloads = [
    w(c.reverse ? { from: "b", to: "a" } : {}),
    ...(c.competitor ? [w({ name: "c", from: "c", to: "b", totalBytes: 96 * KiB, startPs: ns(c.startNs) })] : []),
    ...(c.hostReads ? [w({ name: "h", from: "s0", to: "a", totalBytes: 64 * KiB, ioBytes: 4 * KiB, pattern: "random" })] : []),
  ];
  return { topology, workloads };
}

/** Runs a case; returns everything the two paths must agree on. */
function observe(c: Case, options: RunOptions) {
  const { topology, workloads } = build(c);
  const run = runVariant(topology, workloads, c.path, 3, { ...options, traceLinks: true });
  const traces = [...run.fabric.links].map(([id, link]) => ({ id, up: link.up.trace, down: link.down.trace }));
  return { result: { ...run.result, events: 0 }, events: run.result.events, latencies: run.flows.map((f) => f.latency.values()), traces };
}

/**
 * True when trains (with `fault`, if any; with or without late hand-overs) agree with the per-TLP
 * reference (no trains, every arrival its own event) on `c`, TLP by TLP.
 */
function agrees(c: Case, fault?: TrainFault, lateArrivals = true): boolean {
  const reference = observe(c, { trains: false, lateArrivals: false });
  const trains = observe(c, { lateArrivals, ...(fault ? { trainFault: fault } : {}) });
  expect(reference.traces.reduce((n, t) => n + t.up!.length + t.down!.length, 0)).toBeGreaterThan(0);
  expect(trains.traces).toEqual(reference.traces);
  // Every figure, those taken from window samples too (a sample books the late hand-overs due).
  expect(trains.result).toEqual(reference.result);
  expect(trains.latencies).toEqual(reference.latencies);
  expect(trains.events).toBeLessThanOrEqual(reference.events);
  return true;
}

describe("trains", () => {
  it("depart and arrive at the same picosecond as the per-TLP reference, TLP by TLP, with the same results, on random fabrics", () => {
    fc.assert(fc.property(arbitraryCase, fc.boolean(), (c, lateArrivals) => agrees(c, undefined, lateArrivals)), {
      numRuns: 60,
      seed: 20261202,
      // Found by a random seed in CI: a BAR read through a late hand-over while a competitor writes.
      examples: [[{ shape: "same-switch", acs: false, gen: "gen3", lanes: 4, slowLink: false, path: "p2p", ioKiB: 4, queueDepth: 1, reverse: false, competitor: true, hostReads: false, barGBps: 2, tinyBuffers: false, translated: false, startNs: 1 }, true]],
    });
  });

  it("send a saturated write stream with a fraction of an event per TLP", () => {
    const c: Case = {
      shape: "same-switch", acs: false, gen: "gen4", lanes: 16, slowLink: false, path: "p2p", ioKiB: 64, queueDepth: 8,
      reverse: false, competitor: false, hostReads: false, barGBps: 50, tinyBuffers: false, translated: false, startNs: 0,
    };
    const reference = observe(c, { trains: false });
    const trains = observe(c, {});
    const tlps = (192 * KiB) / 256;
    // Per TLP, the reference has an end-of-transmission event on each of its two hops; trains
    // keep one per low-water refill of the source's queue (every 16 TLPs) and the switch's.
    expect(trains.events / tlps).toBeLessThan(1.1);
    expect(reference.events - trains.events).toBeGreaterThan(1.4 * tlps);
    expect(trains.traces).toEqual(reference.traces);
  });

  describe("broken on purpose, fail the comparison", () => {
    const fails = (fault: TrainFault): boolean => {
      const details = fc.check(fc.property(arbitraryCase, (c) => agrees(c, fault)), { numRuns: 30, seed: 15 });
      // Failed on a difference in what the runs observe, or a run that never finished (a producer never woken).
      if (details.failed) expect(String(details.errorInstance)).toMatch(/expected|the run ended|the run is stuck/);
      return details.failed;
    };
    it("when a TLP in a train departs one picosecond late", () => expect(fails("departure-off-by-one")).toBe(true));
    it("when a train does not break at a credit shortfall", () => expect(fails("ignores-credits")).toBe(true));
    it("when a train does not stop where a waiting producer must be served", () => expect(fails("ignores-waiters")).toBe(true));
  });
});
