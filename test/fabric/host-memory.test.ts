import { describe, expect, it } from "vitest";
import { Simulator } from "../../src/sim/simulator.js";
import { ns } from "../../src/sim/units.js";
import { Link } from "../../src/pcie/link.js";
import { ENDPOINT_CREDITS, ROOT_PORT_CREDITS } from "../../src/pcie/credits.js";
import { completion, memoryRead, memoryWrite, TlpKind } from "../../src/pcie/tlp.js";
import { HostMemory } from "../../src/fabric/host-memory.js";
import { RecordingReceiver } from "../pcie/harness.js";

function rig(completionBytes?: number) {
  const sim = new Simulator();
  const link = new Link(sim, "l", { config: { gen: "gen3", lanes: 16 }, mps: 256, latencyPs: ns(10) }, ROOT_PORT_CREDITS, ENDPOINT_CREDITS);
  const memory = new HostMemory(sim, {
    name: "mem0",
    bandwidthGBps: 10,
    latencyPs: ns(80),
    mps: 256,
    rcb: 64,
    ...(completionBytes ? { completionBytes } : {}),
  });
  const device = new RecordingReceiver(sim);
  link.up.receiver = memory;
  link.down.receiver = device;
  return { sim, link, memory, device };
}

describe("host memory", () => {
  it("answers a 1 KiB read with four 256 B completions carrying the request's tag", () => {
    const { sim, link, device } = rig();
    link.up.offer(memoryRead(2 ** 32, 1024, 0x0100, 7, "req"));
    sim.run();
    expect(device.arrivals.map((a) => [a.tlp.kind, a.tlp.payloadBytes, a.tlp.tag, a.tlp.requester])).toEqual(
      Array(4).fill([TlpKind.CplD, 256, 7, 0x0100]),
    );
    expect(device.arrivals.map((a) => a.tlp.address - 2 ** 32)).toEqual([0, 256, 512, 768]);
  });

  it("sends 64 B completions when the root complex is set to, as some Intel CPUs do", () => {
    const { sim, link, device } = rig(64);
    link.up.offer(memoryRead(2 ** 32, 512, 0x0100, 1, null));
    sim.run();
    expect(device.arrivals.map((a) => a.tlp.payloadBytes)).toEqual(Array(8).fill(64));
  });

  it("serves accesses one after another at its bandwidth: the second read's data comes one channel time later", () => {
    const { sim, link, device } = rig();
    link.up.offer(memoryRead(2 ** 32, 256, 1, 1, null));
    link.up.offer(memoryRead(2 ** 32, 256, 1, 2, null));
    sim.run();
    // Each 256 B read holds the channel 25.6 ns (10 GB/s), longer than an MRd's serialization
    // (24 B, ~1.7 ns) or a CplD's (276 B, ~19 ns) at Gen3 x16, so the channel sets the gap.
    const gap = device.arrivals[1]!.time - device.arrivals[0]!.time;
    expect(gap).toBeGreaterThanOrEqual(25_600 - 1);
    expect(gap).toBeLessThanOrEqual(25_600 + 1);
  });

  it("counts the bytes written and read", () => {
    const { sim, link, memory } = rig();
    link.up.offer(memoryWrite(2 ** 32, 200, 1, null));
    link.up.offer(memoryRead(2 ** 32, 300, 1, 1, null));
    sim.run();
    expect(memory.stats).toMatchObject({ bytesWritten: 200, bytesRead: 300, writeTlps: 1, readRequests: 1, completionTlps: 2 });
  });

  it("refuses a completion, since host memory issues no requests", () => {
    const { sim, link } = rig();
    link.up.offer(completion(0, 64, 1, 1, null));
    expect(() => sim.run()).toThrow(/mem0: a completion reached host memory/);
  });
});
