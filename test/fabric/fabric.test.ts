import { describe, expect, it } from "vitest";
import { Simulator } from "../../src/sim/simulator.js";
import { ns } from "../../src/sim/units.js";
import { Fabric } from "../../src/fabric/fabric.js";
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
    const fabric = new Fabric(sim, sameSwitch(ACS_REDIRECT, { p2p: { reads: false, writes: true, latencyPs: ns(200), bandwidthGBps: 20, tlpBytes: 64 } }));
    fabric.endpoints.get("a")!.dma.submit({ op: "read", address: fabric.barBase("b")!, bytes: 4096 });
    expect(() => sim.run()).toThrow(/hb0: this host bridge does not forward peer-to-peer reads/);
  });

  it("re-cuts forwarded P2P writes into the host bridge's TLP size", () => {
    const sim = new Simulator();
    const fabric = new Fabric(sim, sameSwitch(ACS_REDIRECT, { p2p: { reads: true, writes: true, latencyPs: ns(200), bandwidthGBps: 20, tlpBytes: 64 } }));
    fabric.endpoints.get("a")!.dma.submit({ op: "write", address: fabric.barBase("b")!, bytes: 4096 });
    sim.run();
    const uplink = fabric.links.get("sw0")!;
    expect(uplink.up.stats.tlps).toBe(16); // 256 B TLPs up
    expect(uplink.down.stats.tlps).toBe(64); // 64 B TLPs down
  });
});
