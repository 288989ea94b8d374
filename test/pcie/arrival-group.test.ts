import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { ns, KiB } from "../../src/sim/units.js";
import { runVariant, type RunOptions } from "../../src/run/variant.js";
import type { VariantSpec, WorkloadSpec } from "../../src/workload/workload.js";
import type { NodeSpec, Topology } from "../../src/fabric/topology.js";
import type { LinkConfig } from "../../src/pcie/spec.js";
import type { Tlp } from "../../src/pcie/tlp.js";
import type { IngressPort } from "../../src/fabric/ingress-port.js";
import { ArrivalGroup } from "../../src/pcie/arrival-group.js";
import { RootComplex } from "../../src/fabric/root-complex.js";
import { Server } from "../../src/fabric/server.js";
import { endpoint, hostBridge, NO_ACS, singleHost } from "../fabric/topologies.js";

/**
 * Root ports take the DRAM writes that only book late (src/pcie/arrival-group.ts). These fabrics
 * make that hard: three root ports of one host bridge writing into the same memory channel (a slow
 * one, so bookings queue), one of them also sending writes to a peer's BAR through a slow P2P
 * engine (they back up into its posted queue, where a late DRAM write must wait its turn), bounce
 * buffers in the other socket's memory (across the interconnect), host reads booking the same
 * channel on time.
 */
interface Case {
  gen: LinkConfig["gen"];
  lanes: LinkConfig["lanes"];
  ioKiB: number;
  queueDepth: number;
  /** a -> b also sends P2P writes (through rp0, beside a's bounce writes). */
  peerWrites: boolean;
  p2pGBps: number;
  /** c -> b bounces too, through rp2. */
  second: boolean;
  /** Bounce buffers in socket s1's memory (across the interconnect). */
  remote: boolean;
  hostReads: boolean;
  memoryGBps: number;
  iommu: boolean;
  startNs: number;
}

const arbitraryCase: fc.Arbitrary<Case> = fc.record({
  gen: fc.constantFrom("gen3" as const, "gen4" as const),
  lanes: fc.constantFrom(4 as const, 8 as const, 16 as const),
  ioKiB: fc.constantFrom(4, 12, 64),
  queueDepth: fc.integer({ min: 1, max: 8 }),
  peerWrites: fc.boolean(),
  p2pGBps: fc.constantFrom(1, 50),
  second: fc.boolean(),
  remote: fc.boolean(),
  hostReads: fc.boolean(),
  memoryGBps: fc.constantFrom(6, 100),
  iommu: fc.boolean(),
  startNs: fc.integer({ min: 0, max: 3000 }),
});

function build(c: Case): { topology: Topology; workloads: WorkloadSpec[]; variant: VariantSpec } {
  const link: LinkConfig = { gen: c.gen, lanes: c.lanes };
  const nodes: NodeSpec[] = [
    { id: "rp1", type: "root-port", hostBridge: "hb0", acs: NO_ACS },
    { id: "rp2", type: "root-port", hostBridge: "hb0", acs: NO_ACS },
    endpoint("a", "rp0", link),
    endpoint("b", "rp1", link, { bar: { sizeBytes: 64 * 1024 * KiB, latencyPs: ns(300), bandwidthGBps: 50 } }),
    endpoint("c", "rp2", link),
  ];
  const base = singleHost(nodes, {
    p2p: { ...hostBridge("hb0").p2p, bandwidthGBps: c.p2pGBps },
    ...(c.iommu ? { iommu: { ...hostBridge("hb0").iommu, mode: "translated" as const } } : {}),
  });
  const memory = { bandwidthGBps: c.memoryGBps, latencyPs: ns(90) };
  const topology: Topology = {
    ...base,
    sockets: [
      { ...base.sockets[0]!, memory },
      { ...base.sockets[0]!, id: "s1", memory },
    ],
  };
  const w = (overrides: Partial<WorkloadSpec>): WorkloadSpec => ({
    name: "ab", from: "a", to: "b", totalBytes: 128 * KiB, ioBytes: c.ioKiB * KiB, queueDepth: c.queueDepth,
    pattern: "sequential", workingSetBytes: 32 * 1024 * KiB, startPs: 0, ...(c.remote ? { bounce: { socket: "s1" } } : {}), ...overrides,
  });
  const workloads = [
    w({}),
    ...(c.peerWrites ? [w({ name: "ab-p2p", totalBytes: 96 * KiB, startPs: ns(c.startNs) })] : []),
    ...(c.second ? [w({ name: "cb", from: "c", totalBytes: 96 * KiB, startPs: ns(c.startNs / 2) })] : []),
    ...(c.hostReads ? [w({ name: "h", from: "s0", to: "c", totalBytes: 64 * KiB, ioBytes: 4 * KiB, pattern: "random", bounce: undefined })] : []),
  ];
  return { topology, workloads, variant: { name: "mixed", paths: { "ab-p2p": "p2p" }, fallback: "bounce" } };
}

function observe(c: Case, options: RunOptions) {
  const { topology, workloads, variant } = build(c);
  const run = runVariant(topology, workloads, variant, 5, { ...options, traceLinks: true });
  const traces = [...run.fabric.links].map(([id, link]) => ({ id, up: link.up.trace, down: link.down.trace }));
  return { result: { ...run.result, events: 0 }, events: run.result.events, latencies: run.flows.map((f) => f.latency.values()), traces };
}

/** True when the fast path agrees with the per-TLP reference on `c`, TLP by TLP and figure by figure. */
function agrees(c: Case): boolean {
  const reference = observe(c, { trains: false, lateArrivals: false });
  const fast = observe(c, {});
  expect(fast.traces).toEqual(reference.traces);
  expect(fast.result).toEqual(reference.result);
  expect(fast.latencies).toEqual(reference.latencies);
  expect(fast.events).toBeLessThanOrEqual(reference.events);
  return true;
}

const unpatched = {
  onlyBooks: (RootComplex.prototype as unknown as Record<string, unknown>)["onlyBooks"],
  admit: RootComplex.prototype.admit,
  settleDue: ArrivalGroup.prototype.settleDue,
  take: Server.prototype.take,
};
afterEach(() => {
  (RootComplex.prototype as unknown as Record<string, unknown>)["onlyBooks"] = unpatched.onlyBooks;
  RootComplex.prototype.admit = unpatched.admit;
  ArrivalGroup.prototype.settleDue = unpatched.settleDue;
  Server.prototype.take = unpatched.take;
});

describe("root ports taking DRAM writes late", () => {
  it("book what the per-TLP reference books, TLP by TLP, on random fabrics of three root ports and two sockets", () => {
    fc.assert(fc.property(arbitraryCase, agrees), { numRuns: 50, seed: 20261203 });
  });

  it("take all but the last write of each bounce chunk without an event", () => {
    const c: Case = { gen: "gen4", lanes: 16, ioKiB: 64, queueDepth: 8, peerWrites: false, p2pGBps: 50, second: false, remote: false, hostReads: false, memoryGBps: 100, iommu: false, startNs: 0 };
    const writes = (128 * KiB) / 256;
    const late = observe(c, {}).events;
    // The same run with the root ports taking every arrival with an event of its own.
    (RootComplex.prototype as unknown as Record<string, unknown>)["onlyBooks"] = () => false;
    const onTime = observe(c, {}).events;
    expect(onTime - late).toBe(writes - (128 * KiB) / (64 * KiB)); // one write per 64 KiB chunk ends it
  });

  describe("broken on purpose, fail the comparison", () => {
    const fails = (): boolean => {
      const details = fc.check(fc.property(arbitraryCase, agrees), { numRuns: 40, seed: 7 });
      if (details.failed) expect(String(details.errorInstance)).toMatch(/expected|the run is stuck/);
      if (process.env.SHOW_COUNTEREXAMPLES) console.log(JSON.stringify(details.counterexample), String(details.errorInstance).slice(0, 300));
      return details.failed;
    };

    it("when a DRAM write taken late books the memory as of its hand-over instead of its arrival", () => {
      RootComplex.prototype.admit = function (this: RootComplex, tlp: Tlp, port: IngressPort): void {
        unpatched.admit.call(this, tlp, port, (this as unknown as { sim: { now: number } }).sim.now);
      };
      expect(fails()).toBe(true);
    });

    it("when the root ports hand over their late writes port by port instead of in one order", () => {
      ArrivalGroup.prototype.settleDue = function (this: ArrivalGroup): void {
        const self = this as unknown as { settling: boolean; members: Array<{ lateAhead(): boolean; firstArrivalPs: number; firstArrivalPlace: number; handOverFirst(): void }>; sim: { hasRun(t: number, p: number): boolean } };
        self.settling = true;
        for (const member of self.members) while (member.lateAhead() && self.sim.hasRun(member.firstArrivalPs, member.firstArrivalPlace)) member.handOverFirst();
        self.settling = false;
      };
      expect(fails()).toBe(true);
    });

    it("when another booking of the memory does not first take the late writes due before it", () => {
      Server.prototype.take = function (this: Server, bytes: number, atPs: number, psPerByte?: number): number {
        const before = this.beforeTake;
        this.beforeTake = undefined;
        const done = unpatched.take.call(this, bytes, atPs, psPerByte);
        this.beforeTake = before;
        return done;
      };
      expect(fails()).toBe(true);
    });
  });
});
