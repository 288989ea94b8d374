import { describe, expect, it } from "vitest";
import { KiB, MiB } from "../../src/sim/units.js";
import { runVariant } from "../../src/run/variant.js";
import type { WorkloadSpec } from "../../src/workload/workload.js";
import { chunksInFlight } from "../../src/workload/plan.js";
import { sameSwitch } from "../fabric/topologies.js";

function workload(overrides: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return { name: "w", from: "a", to: "b", totalBytes: 16 * MiB, ioBytes: 128 * KiB, queueDepth: 16, pattern: "sequential", workingSetBytes: 256 * MiB, startPs: 0, ...overrides };
}

describe("staging buffers", () => {
  it("hold enough chunks for the queue depth unless told otherwise", () => {
    expect(chunksInFlight(workload(), 128 * KiB)).toBe(16);
    expect(chunksInFlight(workload({ ioBytes: 1 * MiB }), 128 * KiB)).toBe(128);
    const r = runVariant(sameSwitch(), [workload()], "bounce", 1).result.flows[0]!;
    expect(r.warnings).toBeUndefined();
  });

  it("cap the chunks in flight when bounce.buffers is smaller, and say so on the flow", () => {
    const capped = runVariant(sameSwitch(), [workload({ bounce: { buffers: 2 } })], "bounce", 1).result.flows[0]!;
    const full = runVariant(sameSwitch(), [workload()], "bounce", 1).result.flows[0]!;
    expect(capped.warnings).toEqual(["bounce.buffers 2 holds 2 chunks, but queueDepth 16 needs 16: at most 2 chunks in flight"]);
    expect(capped.throughputGBps).toBeLessThan(full.throughputGBps);
  });

  it("limit bounce buffers to bounce: bounce.buffers leaves P2P alone", () => {
    const p2p = runVariant(sameSwitch(), [workload({ bounce: { buffers: 1 } })], "p2p", 1).result.flows[0]!;
    expect(p2p.warnings).toBeUndefined();
  });

  it("cap P2P at what the provider's BAR holds, and say so", () => {
    const topology = sameSwitch();
    topology.nodes = topology.nodes.map((n) => (n.id === "b" && n.type === "endpoint" ? { ...n, bar: { ...n.bar!, sizeBytes: 512 * KiB } } : n));
    const f = runVariant(topology, [workload()], "p2p", 1).result.flows[0]!;
    expect(f.warnings).toEqual(["b's 524288 B BAR holds 4 chunks of 131072 B, not the 16 wanted: at most 4 chunks in flight"]);
  });
});

describe("host memory of many workloads", () => {
  it("keeps every workload's buffers in its own socket's DRAM, the 17th and the 33rd too", () => {
    // Until December 2026 each socket had 1 TiB of addresses, 64 GiB per workload by index: the
    // 17th workload's buffers landed in the next socket's DRAM, the 33rd's in none (an internal error).
    const topology = sameSwitch();
    topology.sockets = [topology.sockets[0]!, { ...topology.sockets[0]!, id: "s1" }];
    const many = Array.from({ length: 34 }, (_, i) => workload({ name: `w${i}`, from: "s0", to: "b", totalBytes: 4 * KiB, ioBytes: 4 * KiB, workingSetBytes: 64 * KiB }));
    const r = runVariant(topology, many, "p2p", 1).result;
    expect(r.flows.map((f) => f.bytes)).toEqual(many.map(() => 4 * KiB));
    const bySocket = Object.fromEntries(r.dram.sockets.map((s) => [s.socket, s.bytes]));
    expect(bySocket).toEqual({ s0: 34 * 4 * KiB, s1: 0 });
  });
});
