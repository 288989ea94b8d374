import { describe, expect, it } from "vitest";
import { Media } from "../../src/fabric/media.js";
import { RandomStreams } from "../../src/sim/random.js";
import { us } from "../../src/sim/units.js";

const random = () => new RandomStreams(1);
const MiB = 1024 * 1024;

describe("a device's media", () => {
  it("full duplex carries its rate each way at once (a NIC's wire)", () => {
    const wire = new Media("nic0", { rateGBps: 10, writeRateGBps: 10, duplex: "full", latencyPs: 0 }, random());
    // 1 MiB in and 1 MiB out, both offered at time 0: each done after 1 MiB / 10 GB/s.
    const inDone = wire.produce.take(MiB, 0);
    const outDone = wire.consume.take(MiB, 0);
    expect(inDone).toBe(Math.ceil(MiB * 100));
    expect(outDone).toBe(Math.ceil(MiB * 100));
  });

  it("shared channels serve reads and writes in turn, each at its own rate (an SSD's flash)", () => {
    const flash = new Media("nvme0", { rateGBps: 6, writeRateGBps: 3, duplex: "shared", latencyPs: 0 }, random());
    const readDone = flash.produce.take(6 * MiB, 0); // 6 MiB at 6 GB/s
    const writeDone = flash.consume.take(3 * MiB, 0); // then 3 MiB at 3 GB/s, after the read
    expect(readDone).toBe(Math.ceil((6 * MiB * 1000) / 6));
    expect(writeDone).toBe(Math.ceil((6 * MiB * 1000) / 6 + (3 * MiB * 1000) / 3));
    expect(flash.servers).toHaveLength(1);
  });

  it("draws chunk latencies from a tail when a p99 is given, and adds exactly `latency` otherwise", () => {
    const fixed = new Media("a", { rateGBps: 1000, writeRateGBps: 1000, duplex: "full", latencyPs: us(80) }, random());
    const tail = new Media("b", { rateGBps: 1000, writeRateGBps: 1000, duplex: "full", latencyPs: us(80), latencyP99Ps: us(300) }, random());
    const fixedTimes = new Set<number>();
    const tailTimes = new Set<number>();
    for (let i = 0; i < 50; i++) {
      fixedTimes.add(fixed.produce.take(0, 0));
      tailTimes.add(tail.produce.take(0, 0));
    }
    expect([...fixedTimes]).toEqual([us(80)]);
    expect(tailTimes.size).toBeGreaterThan(40);
  });
});
