import { describe, expect, it } from "vitest";
import { Simulator } from "../../src/sim/simulator.js";
import { ns } from "../../src/sim/units.js";
import { Fabric } from "../../src/fabric/fabric.js";
import { Iommu } from "../../src/fabric/iommu.js";
import type { Translator } from "../../src/fabric/root-complex.js";
import { handPsPerByte } from "../pcie/harness.js";
import { ACS_REDIRECT, sameSwitch } from "./topologies.js";

/** A translator that counts lookups and answers after a fixed time. */
function countingTranslator(sim: Simulator, latencyPs: number): Translator & { lookups: number } {
  const t = {
    lookups: 0,
    translate(_requester: number, _address: number, done: () => void) {
      t.lookups++;
      sim.schedule(latencyPs, done);
    },
  };
  return t;
}

describe("a switched fabric", () => {
  it("returns a single 64 B read from a peer BAR through a switch in exactly the hand-worked time", () => {
    const sim = new Simulator();
    const fabric = new Fabric(sim, sameSwitch());
    let end = -1;
    fabric.endpoints.get("a")!.dma.submit({ op: "read", address: fabric.barBase("b")!, bytes: 64, onDone: (_, __, t) => (end = t) });
    sim.run();

    // Gen4 x16, MPS 256: Ack/FC interval 168 symbols. Links 20 ns each way, switch 105 ns
    // cut-through, BAR 300 ns + 64 B at 3 GB/s.
    const psb = handPsPerByte(16, 128 / 130, 16, 168);
    const link = 20_000;
    const hop = (start: number, bytes: number) => Math.ceil(start + bytes * psb) + link; // serialize, then fly
    const cutThrough = (arrival: number, bytes: number) => arrival - Math.ceil(bytes * psb) + 105_000;
    const mrd = 8 + 16;
    const cpl = 8 + 12 + 64;
    const atSwitch = hop(0, mrd);
    const atB = hop(cutThrough(atSwitch, mrd), mrd);
    const dataReady = Math.ceil(atB + 64 * (1000 / 3)) + 300_000;
    const backAtSwitch = hop(dataReady, cpl);
    const atA = hop(cutThrough(backAtSwitch, cpl), cpl);
    expect(end).toBe(atA);
  });

  it("turns same-switch P2P around in the switch: nothing on the uplink, no IOMMU lookup", () => {
    const sim = new Simulator();
    let translator: ReturnType<typeof countingTranslator> | undefined;
    const fabric = new Fabric(sim, sameSwitch(), { translatorFor: (_, s) => (translator = countingTranslator(s, ns(5))) });
    const bytes = 1 << 20;
    fabric.endpoints.get("a")!.dma.submit({ op: "write", address: fabric.barBase("b")!, bytes });
    sim.run();
    const uplink = fabric.links.get("sw0")!;
    expect(uplink.up.stats.payloadBytes + uplink.down.stats.payloadBytes).toBe(0);
    expect(translator!.lookups).toBe(0);
    expect(fabric.endpoints.get("b")!.barBytesWritten).toBe(bytes);
  });

  it("sends same-switch P2P up through the root complex and back when ACS redirects, translating it", () => {
    const sim = new Simulator();
    let translator: ReturnType<typeof countingTranslator> | undefined;
    const fabric = new Fabric(sim, sameSwitch(ACS_REDIRECT), { translatorFor: (_, s) => (translator = countingTranslator(s, ns(5))) });
    const bytes = 1 << 20;
    fabric.endpoints.get("a")!.dma.submit({ op: "write", address: fabric.barBase("b")!, bytes });
    sim.run();
    const uplink = fabric.links.get("sw0")!;
    expect(uplink.up.stats.payloadBytes).toBe(bytes);
    expect(uplink.down.stats.payloadBytes).toBe(bytes);
    expect(translator!.lookups).toBe(bytes / 256);
    expect(fabric.switches.get("sw0")!.redirected).toBe(bytes / 256);
    expect(fabric.rootComplexes.get("hb0")!.stats.p2pBytes).toBe(bytes);
    expect(fabric.endpoints.get("b")!.barBytesWritten).toBe(bytes);
  });

  it("keeps posted writes in order through the IOMMU: a write translated quickly waits for an earlier one still being walked", () => {
    const sim = new Simulator();
    const fabric = new Fabric(sim, sameSwitch(ACS_REDIRECT), {
      // The first write's translation takes 2 us (a walk), every other one 5 ns (a hit).
      translatorFor: (_, s) => ({ translate: (_r: number, address: number, done: () => void) => s.schedule(address === base ? ns(2000) : ns(5), done) }),
    });
    const base = fabric.barBase("b")!;
    const landed: number[] = [];
    fabric.endpoints.get("b")!.onBarWrite = (_bytes, _atPs, tlp) => landed.push(tlp.address);
    fabric.endpoints.get("a")!.dma.submit({ op: "write", address: base, bytes: 4096 });
    sim.run();
    expect(landed).toEqual(Array.from({ length: 16 }, (_, i) => base + 256 * i));
  });

  it("reads a peer BAR through ACS redirect: requests up and down, completions up and down", () => {
    const sim = new Simulator();
    const fabric = new Fabric(sim, sameSwitch(ACS_REDIRECT));
    const bytes = 64 * 1024;
    let done = false;
    fabric.endpoints.get("a")!.dma.submit({ op: "read", address: fabric.barBase("b")!, bytes, onDone: () => (done = true) });
    sim.run();
    expect(done).toBe(true);
    const uplink = fabric.links.get("sw0")!;
    expect(uplink.up.stats.payloadBytes).toBe(bytes); // completions from b going up
    expect(uplink.down.stats.payloadBytes).toBe(bytes); // and coming back down to a
    expect(fabric.endpoints.get("a")!.dma.stats.bytesRead).toBe(bytes);
  });

  it("refuses P2P reads on a host bridge that forwards only writes", () => {
    const sim = new Simulator();
    const fabric = new Fabric(sim, sameSwitch(ACS_REDIRECT, { p2p: { reads: false, writes: true, latencyPs: ns(200), bandwidthGBps: 20, tlpBytes: 64, sharedBandwidthGBps: Infinity } }));
    fabric.endpoints.get("a")!.dma.submit({ op: "read", address: fabric.barBase("b")!, bytes: 4096 });
    expect(() => sim.run()).toThrow(/hb0: this host bridge does not forward peer-to-peer reads/);
  });

  it("re-cuts forwarded P2P writes into the host bridge's TLP size", () => {
    const sim = new Simulator();
    const fabric = new Fabric(sim, sameSwitch(ACS_REDIRECT, { p2p: { reads: true, writes: true, latencyPs: ns(200), bandwidthGBps: 20, tlpBytes: 64, sharedBandwidthGBps: Infinity } }));
    fabric.endpoints.get("a")!.dma.submit({ op: "write", address: fabric.barBase("b")!, bytes: 4096 });
    sim.run();
    const uplink = fabric.links.get("sw0")!;
    expect(uplink.up.stats.tlps).toBe(16); // 256 B TLPs up
    expect(uplink.down.stats.tlps).toBe(64); // 64 B TLPs down
  });
});

describe("ATS", () => {
  const translating = { iommu: { mode: "translated", iotlb: { entries: 64, ways: 8, pageBytes: 4096 }, hitLatencyPs: ns(5), walkAccessLatencyPs: ns(60), walkers: 4, walkCacheEntries: 0, mapping: "static" } } as const;

  it("translates once per page with a Translation Request, and the IOTLB sees nothing else", () => {
    const sim = new Simulator();
    const topology = sameSwitch(undefined, translating);
    topology.nodes = topology.nodes.map((n) => (n.id === "a" ? { ...n, ats: { entries: 32 } } : n));
    let iommu: Iommu | undefined;
    const fabric = new Fabric(sim, topology, { translatorFor: (hb, s) => (iommu = new Iommu(s, { ...translating.iommu, name: hb })) });
    const a = fabric.endpoints.get("a")!;
    a.dma.submit({ op: "write", address: fabric.dramBase("s0"), bytes: 1 << 20 });
    sim.run();
    expect(a.dma.stats.translations).toBe(256); // 1 MiB of 4 KiB pages
    expect(iommu!.stats.lookups).toBe(256); // not one per 256 B TLP (4096 of them)
    expect(fabric.rootComplexes.get("hb0")!.stats.translationRequests).toBe(256);
    expect(fabric.rootComplexes.get("hb0")!.stats.dramWriteBytes).toBe(1 << 20);
  });

  it("lets translated peer requests go straight across a switch whose ACS has Direct Translated P2P", () => {
    const run = (directTranslated: boolean) => {
      const sim = new Simulator();
      const topology = sameSwitch({ ...ACS_REDIRECT, directTranslated });
      topology.nodes = topology.nodes.map((n) => (n.id === "a" ? { ...n, ats: { entries: 32 } } : n));
      const fabric = new Fabric(sim, topology);
      fabric.endpoints.get("a")!.dma.submit({ op: "write", address: fabric.barBase("b")!, bytes: 1 << 20 });
      sim.run();
      const uplink = fabric.links.get("sw0")!;
      return { up: uplink.up.stats.payloadBytes, down: uplink.down.stats.payloadBytes, atB: fabric.endpoints.get("b")!.barBytesWritten };
    };
    const direct = run(true);
    expect(direct.up).toBe(0); // only Translation Requests went up (no payload)
    expect(direct.down).toBe(256 * 8); // and 8 B Translation Completions came back
    expect(direct.atB).toBe(1 << 20);
    const redirected = run(false);
    expect(redirected.up).toBe(1 << 20);
    expect(redirected.atB).toBe(1 << 20);
  });
});
