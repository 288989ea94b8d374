import { describe, expect, it } from "vitest";
import { Simulator } from "../../src/sim/simulator.js";
import { ns } from "../../src/sim/units.js";
import { Link } from "../../src/pcie/link.js";
import { ENDPOINT_CREDITS, ROOT_PORT_CREDITS } from "../../src/pcie/credits.js";
import { completion, memoryWrite, TlpKind, type Tlp } from "../../src/pcie/tlp.js";
import { DmaEngine } from "../../src/fabric/dma-engine.js";
import { RecordingReceiver } from "../pcie/harness.js";

function rig(tags = 4, queueTlps = 32) {
  const sim = new Simulator();
  const link = new Link(sim, "l", { config: { gen: "gen3", lanes: 4 }, mps: 256, latencyPs: ns(10), queueTlps }, ROOT_PORT_CREDITS, ENDPOINT_CREDITS);
  const host = new RecordingReceiver(sim, () => undefined); // holds requests: nothing completes
  link.up.receiver = host;
  const engine = new DmaEngine(sim, { name: "ep0", requester: 0x0100, mps: 256, mrrs: 512, tags }, link.up);
  link.down.receiver = engine;
  return { sim, link, host, engine };
}

describe("a DMA engine", () => {
  it("cuts a 1 KiB write into four 256 B MWr TLPs and reports it done when the last is handed over", () => {
    const { sim, host, engine } = rig();
    let done = -1;
    engine.submit({ op: "write", address: 2 ** 32, bytes: 1024, onDone: (_, __, end) => (done = end) });
    sim.run();
    expect(host.arrivals.map((a) => [a.tlp.kind, a.tlp.payloadBytes])).toEqual(Array(4).fill([TlpKind.MWr, 256]));
    expect(done).toBe(0);
  });

  it("keeps at most `tags` reads outstanding and issues no more until completions free a tag", () => {
    const { sim, host, engine } = rig(4);
    engine.submit({ op: "read", address: 2 ** 32, bytes: 8 * 512 });
    sim.run();
    expect(host.arrivals).toHaveLength(4);
    expect(engine.tagsInUse).toBe(4);
    expect(new Set(host.arrivals.map((a) => a.tlp.tag)).size).toBe(4);
    expect(host.arrivals.every((a) => a.tlp.lengthBytes === 512 && a.tlp.kind === TlpKind.MRd)).toBe(true);
  });

  it("frees a tag only when all of its request's completions have arrived", () => {
    const { sim, link, host, engine } = rig(1);
    let finished = false;
    engine.submit({ op: "read", address: 2 ** 32, bytes: 1024, onDone: () => (finished = true) });
    sim.run();
    const request: Tlp = host.arrivals[0]!.tlp;
    link.down.offer(completion(request.address, 256, request.requester, request.tag, request.context));
    sim.run();
    expect(engine.tagsInUse).toBe(1);
    link.down.offer(completion(request.address + 256, 256, request.requester, request.tag, request.context));
    sim.run();
    expect(engine.tagsInUse).toBe(1); // the freed tag went straight to the second request
    expect(host.arrivals).toHaveLength(2);
    expect(finished).toBe(false);
    expect(engine.stats.bytesRead).toBe(512);
  });

  it("refuses requests addressed to it, since it has no BAR memory", () => {
    const { sim, link } = rig();
    link.down.offer(memoryWrite(0x1000, 64, 0x0200, null));
    expect(() => sim.run()).toThrow(/ep0: a MWr reached a DMA engine, which has no BAR memory/);
  });
});

describe("a DMA engine's queues", () => {
  it("lets a read in one queue go while a write in another is stuck on a full link", () => {
    const { sim, host, engine } = rig(4);
    // The host holds every TLP, so after 128 posted writes (its PH credits) the write queue stalls.
    engine.submit({ op: "write", queue: 0, address: 2 ** 32, bytes: 1 << 20 });
    engine.submit({ op: "read", queue: 1, address: 2 ** 33, bytes: 512 });
    sim.run();
    const kinds = host.arrivals.map((a) => a.tlp.kind);
    expect(kinds.filter((k) => k === TlpKind.MWr)).toHaveLength(128);
    expect(kinds.filter((k) => k === TlpKind.MRd)).toHaveLength(1);
  });

  it("serves queues in turn, TLP by TLP, when the link pushes back", () => {
    const { sim, host, engine } = rig(64, 2);
    engine.submit({ op: "write", queue: 0, address: 2 ** 32, bytes: 4096 });
    engine.submit({ op: "write", queue: 1, address: 2 ** 33, bytes: 4096 });
    sim.run();
    const order = host.arrivals.map((a) => (a.tlp.address >= 2 ** 33 ? 1 : 0));
    expect(order).toHaveLength(32);
    // Queue 0 fills the link's small egress queue first; from then on the two alternate.
    const firstOfQueue1 = order.indexOf(1);
    expect(firstOfQueue1).toBeLessThanOrEqual(4); // one on the wire, two queued, one at the low-water wake-up
    const middle = order.slice(firstOfQueue1, firstOfQueue1 + 16);
    expect(middle.filter((q) => q === 1).length).toBe(8);
  });
});
