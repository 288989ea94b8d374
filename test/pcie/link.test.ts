import { describe, expect, it } from "vitest";
import { Simulator } from "../../src/sim/simulator.js";
import { ns } from "../../src/sim/units.js";
import { memoryRead, memoryWrite, completion, FcClass, type Tlp } from "../../src/pcie/tlp.js";
import { ROOT_PORT_CREDITS } from "../../src/pcie/credits.js";
import { feed, handPsPerByte, makeDirection, RecordingReceiver } from "./harness.js";

const HIGH = 2 ** 32; // 4DW headers

function writes(n: number, bytes: number): Tlp[] {
  return Array.from({ length: n }, (_, i) => memoryWrite(HIGH + i * bytes, bytes, 0x100, null));
}

describe("a link direction", () => {
  it("delivers a lone 64 B write after its serialization plus the link latency", () => {
    const sim = new Simulator();
    const tx = makeDirection(sim, { gen: "gen3", lanes: 8 }, 256, ns(20));
    const rx = new RecordingReceiver(sim);
    tx.receiver = rx;
    tx.offer(memoryWrite(HIGH, 64, 0x100, null));
    sim.run();
    // 8 B framing + 16 B header + 64 B payload at Gen3 x8, MPS 256 (Ack/FC interval 203 symbols).
    const serialization = 88 * handPsPerByte(8, 128 / 130, 8, 203);
    expect(rx.arrivals[0]!.time).toBe(Math.ceil(serialization) + 20_000);
  });

  it("costs one event per TLP when each goes out alone; back to back, two per TLP, or one per TLP and one per refill in trains", () => {
    const run = (gapPs: number, trains = true): { events: number; arrivals: number[] } => {
      const sim = new Simulator();
      const tx = makeDirection(sim, { gen: "gen4", lanes: 16 }, 256, ns(50), ROOT_PORT_CREDITS, { trains });
      const rx = new RecordingReceiver(sim);
      tx.receiver = rx;
      const tlps = writes(100, 256);
      if (gapPs === 0) feed(tx, tlps);
      else tlps.forEach((tlp, i) => sim.at(i * gapPs, () => tx.offer(tlp)));
      sim.run();
      return { events: sim.events - (gapPs === 0 ? 0 : tlps.length), arrivals: rx.arrivals.map((a) => a.time) };
    };
    // 280 wire bytes take about 9.2 ns at Gen4 x16: spaced 20 ns apart, the wire idles between them.
    const alone = run(ns(20));
    expect(alone.events).toBe(100);
    expect(alone.arrivals.map((t, i) => t - i * ns(20))).toEqual(new Array(100).fill(alone.arrivals[0]));
    // Back to back, every TLP but the last has another waiting when it ends.
    const perTlp = run(0, false);
    expect(perTlp.events).toBe(2 * 100 - 1);
    // In trains, the arrivals, and a start wherever the queue (32 TLPs, one more on the wire) is
    // down to 16 and the producer refills it: after TLPs 17, 33, 49, 65 and 81.
    const trains = run(0);
    expect(trains.events).toBe(100 + 5);
    expect(trains.arrivals).toEqual(perTlp.arrivals);
  });

  it("keeps one arrival event pending however many TLPs are in flight, each arrival in the place it took at launch", () => {
    // 500 ns of flight and a TLP every 20 ns: about 25 on the wire at once.
    const gapPs = ns(20);
    const run = (arrivalsAt: number[] | undefined) => {
      const sim = new Simulator();
      const tx = makeDirection(sim, { gen: "gen4", lanes: 16 }, 256, ns(500));
      const log: string[] = [];
      let mostPending = 0;
      writes(100, 256).forEach((tlp, i) => sim.at(i * gapPs, () => {
        // Events queued at the arrival time just before and just after the launch run either side of it.
        if (arrivalsAt) sim.at(arrivalsAt[i]!, () => log.push(`before ${i}`));
        tx.offer(tlp);
        if (arrivalsAt) sim.at(arrivalsAt[i]!, () => log.push(`after ${i}`));
        mostPending = Math.max(mostPending, sim.pending - (99 - i)); // less the offers still to come
      }));
      const times: number[] = [];
      tx.receiver = { receive: (tlp, from) => { times.push(sim.now); log.push(`arrive ${(tlp.address - HIGH) / 256}`); from.release(tlp); } };
      sim.run();
      return { log, times, mostPending };
    };
    const dry = run(undefined);
    expect(dry.times).toHaveLength(100);
    expect(dry.mostPending).toBeLessThanOrEqual(2); // the next arrival and the end of the transmission, not 25
    const { log } = run(dry.times);
    expect(log).toEqual(Array.from({ length: 100 }, (_, i) => [`before ${i}`, `arrive ${i}`, `after ${i}`]).flat());
  });

  it("runs a saturated stream of 256 B writes at the TLP-layer rate to within 0.01 %", () => {
    const sim = new Simulator();
    const tx = makeDirection(sim, { gen: "gen4", lanes: 16 }, 256, ns(50));
    const rx = new RecordingReceiver(sim);
    tx.receiver = rx;
    const n = 5000;
    feed(tx, writes(n, 256));
    sim.run();
    const first = rx.arrivals[0]!.time;
    const last = rx.arrivals[n - 1]!.time;
    const expected = (n - 1) * (8 + 16 + 256) * handPsPerByte(16, 128 / 130, 16, 168);
    expect(Math.abs((last - first) / expected - 1)).toBeLessThan(1e-4);
    expect(tx.stats.tlps).toBe(n);
    expect(tx.stats.payloadBytes).toBe(n * 256);
  });

  it("limits throughput to the credits the receiver advertises divided by the credit round trip", () => {
    const sim = new Simulator();
    const latency = ns(100);
    // Room for two 256 B writes (32 data credits); the receiver takes each 1.28 ns after arrival.
    const credits = { ...ROOT_PORT_CREDITS, pd: 32 };
    const tx = makeDirection(sim, { gen: "gen3", lanes: 8 }, 256, latency, credits);
    const take = 1280;
    const rx = new RecordingReceiver(sim, () => take);
    tx.receiver = rx;
    const n = 400;
    feed(tx, writes(n, 256));
    sim.run();
    const psb = handPsPerByte(8, 128 / 130, 8, 203);
    const serialization = 280 * psb;
    const dllp = Math.ceil(8 * (8000 / (8 * (128 / 130) * 8)));
    // One loop: send, fly, be taken, and the UpdateFC flies back.
    const loop = Math.ceil(serialization) + latency + take + latency + dllp;
    const measured = (rx.arrivals[n - 1]!.time - rx.arrivals[1]!.time) / ((n - 2) / 2); // ps per pair of TLPs
    expect(Math.abs(measured / loop - 1)).toBeLessThan(0.01);
    expect(tx.stats.creditStallPs).toBeGreaterThan(0);
    expect(tx.stats.maxOccupancy[FcClass.P]![1]).toBeLessThanOrEqual(32);
  });

  it("does not let a read request pass an older posted write that is waiting for credits", () => {
    const sim = new Simulator();
    const tx = makeDirection(sim, { gen: "gen3", lanes: 4 }, 256, ns(10), { ...ROOT_PORT_CREDITS, ph: 1 });
    const rx = new RecordingReceiver(sim, () => undefined); // holds everything
    tx.receiver = rx;
    tx.offer(memoryWrite(HIGH, 64, 1, "w1"));
    tx.offer(memoryWrite(HIGH, 64, 1, "w2")); // no PH credit left once w1 is sent
    tx.offer(memoryRead(HIGH, 64, 1, 0, "r1"));
    sim.run();
    expect(rx.arrivals.map((a) => a.tlp.context)).toEqual(["w1"]);
    rx.releaseAll();
    sim.run();
    expect(rx.arrivals.map((a) => a.tlp.context)).toEqual(["w1", "w2", "r1"]);
  });

  it("lets a posted write pass a read request that is waiting for credits", () => {
    const sim = new Simulator();
    const tx = makeDirection(sim, { gen: "gen3", lanes: 4 }, 256, ns(10), { ...ROOT_PORT_CREDITS, nph: 1 });
    const rx = new RecordingReceiver(sim, () => undefined);
    tx.receiver = rx;
    tx.offer(memoryRead(HIGH, 64, 1, 0, "r1"));
    tx.offer(memoryRead(HIGH, 64, 1, 1, "r2"));
    tx.offer(memoryWrite(HIGH, 64, 1, "w1"));
    sim.run();
    expect(rx.arrivals.map((a) => a.tlp.context)).toEqual(["r1", "w1"]);
  });

  it("refuses a TLP when its class queue is full and tells a waiting producer when there is room", () => {
    const sim = new Simulator();
    const tx = makeDirection(sim, { gen: "gen1", lanes: 1 }, 128, ns(10), ROOT_PORT_CREDITS, { queueTlps: 2 });
    tx.receiver = new RecordingReceiver(sim);
    expect(tx.offer(memoryWrite(HIGH, 128, 1, null))).toBe(true); // starts at once
    expect(tx.offer(memoryWrite(HIGH, 128, 1, null))).toBe(true);
    expect(tx.offer(memoryWrite(HIGH, 128, 1, null))).toBe(true);
    expect(tx.offer(memoryWrite(HIGH, 128, 1, null))).toBe(false);
    let told = -1;
    tx.whenSpace(FcClass.P, () => (told = sim.now));
    sim.run();
    expect(told).toBeGreaterThan(0);
    expect(tx.hasSpace(FcClass.P)).toBe(true);
  });

  it("rejects credit limits that cannot hold one TLP of the link's MPS", () => {
    const sim = new Simulator();
    expect(() => makeDirection(sim, { gen: "gen3", lanes: 4 }, 512, 0, { ...ROOT_PORT_CREDITS, pd: 16 })).toThrow(
      /credit limit pd 16 must be a whole number >= 32/,
    );
  });

  it("conserves TLPs and credits under random mixed traffic, and repeats itself for the same seed", () => {
    const run = (seed: number) => {
      const sim = new Simulator(seed);
      const random = sim.random.stream("traffic");
      const credits = { ph: 8, pd: 64, nph: 4, npd: 4, cplh: 6, cpld: 48 };
      const tx = makeDirection(sim, { gen: "gen2", lanes: 4 }, 128, ns(30), credits, { queueTlps: 4 });
      const rx = new RecordingReceiver(sim, () => 1 + random.int(200_000));
      tx.receiver = rx;
      const tlps: Tlp[] = [];
      let sent = 0;
      for (let i = 0; i < 3000; i++) {
        const bytes = 1 + random.int(128);
        const kind = random.int(3);
        const tlp =
          kind === 0 ? memoryWrite(HIGH, bytes, 1, i) : kind === 1 ? memoryRead(HIGH, bytes, 1, i & 0xff, i) : completion(HIGH, bytes, 1, i & 0xff, i);
        sent += tlp.payloadBytes;
        tlps.push(tlp);
      }
      feed(tx, tlps);
      sim.run();
      return { sim, tx, rx, sent, credits };
    };
    const { tx, rx, sent, credits, sim } = run(42);
    expect(rx.arrivals).toHaveLength(3000);
    expect(new Set(rx.arrivals.map((a) => a.tlp)).size).toBe(3000);
    expect(rx.arrivals.reduce((s, a) => s + a.tlp.payloadBytes, 0)).toBe(sent);
    const limits = [[credits.ph, credits.pd], [credits.nph, credits.npd], [credits.cplh, credits.cpld]];
    tx.stats.maxOccupancy.forEach(([h, d], cls) => {
      expect(h).toBeLessThanOrEqual(limits[cls]![0]!);
      expect(d).toBeLessThanOrEqual(limits[cls]![1]!);
    });
    for (const cls of [FcClass.P, FcClass.NP, FcClass.Cpl]) expect(tx.outstandingCredits(cls)).toEqual([0, 0]);
    // Within a class, TLPs arrive in the order they were offered.
    for (const cls of [0, 1, 2]) {
      const order = rx.arrivals.filter((a) => a.tlp.kind === cls).map((a) => a.tlp.context as number);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    const again = run(42);
    expect(again.sim.now).toBe(sim.now);
    expect(JSON.stringify(again.tx.stats)).toBe(JSON.stringify(tx.stats));
    expect(run(43).sim.now).not.toBe(sim.now);
  });
});
