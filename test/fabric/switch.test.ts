import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Simulator } from "../../src/sim/simulator.js";
import { ns } from "../../src/sim/units.js";
import { Link, type LinkDirection } from "../../src/pcie/link.js";
import { memoryRead, memoryWrite, type Tlp } from "../../src/pcie/tlp.js";
import { SWITCH_PORT_CREDITS, ENDPOINT_CREDITS } from "../../src/pcie/credits.js";
import { Switch } from "../../src/fabric/switch.js";
import { NO_ACS } from "./topologies.js";
import { feed, RecordingReceiver } from "../pcie/harness.js";

const WINDOW = 2 ** 36;
const base = (port: number) => 2 ** 40 + port * WINDOW;

interface Traffic {
  latencyNs: number;
  /** Per TLP: source port (0 = upstream), target port (0 = upstream), payload, and how long its receiver holds it. */
  tlps: Array<[number, number, number, number]>;
}

/**
 * A switch with an upstream link and three downstream ones, all Gen4 x4 (so a 4 KiB-ish write
 * serializes for longer than a short switch latency). Sources offer TLPs in order; receivers hold
 * each a given time before releasing its credits, so egresses back up and ports block.
 */
function run(traffic: Traffic, lateArrivals: boolean) {
  const sim = new Simulator();
  const sw = new Switch(sim, { name: "sw", latencyPs: ns(traffic.latencyNs), lateArrivals });
  const params = { config: { gen: "gen4", lanes: 4 } as const, mps: 512 as const, latencyPs: ns(10), queueTlps: 4 };
  const links = [0, 1, 2, 3].map((i) => new Link(sim, `l${i}`, params, SWITCH_PORT_CREDITS, ENDPOINT_CREDITS));
  const up = links[0]!;
  const holds = new Map<Tlp, number>();
  const hold = (tlp: Tlp) => holds.get(tlp) ?? 0;
  // The upstream link's far end is a root port: it sends on `down` and receives on `up`.
  sw.attachUpstream(up);
  const receivers = [new RecordingReceiver(sim, hold)];
  up.up.receiver = receivers[0]!;
  for (let i = 1; i <= 3; i++) {
    sw.attachDownstream(links[i]!, { windows: [[base(i), base(i) + WINDOW]], requesters: new Set([i]) }, NO_ACS);
    const rx = new RecordingReceiver(sim, hold);
    links[i]!.down.receiver = rx;
    receivers.push(rx);
  }
  const egressOf = (port: number): LinkDirection => (port === 0 ? up.down : links[port]!.up);
  const bySource: Tlp[][] = [[], [], [], []];
  traffic.tlps.forEach(([from, to, bytes, holdNs], i) => {
    const target = to === from ? (to + 1) % 4 : to;
    const address = target === 0 ? 2 ** 44 + i * 4096 : base(target) + i * 4096;
    const tlp = i % 5 === 4 ? memoryRead(address, bytes, from, i % 32, i) : memoryWrite(address, bytes, from, i);
    holds.set(tlp, ns(holdNs));
    bySource[from]!.push(tlp);
  });
  bySource.forEach((tlps, port) => feed(egressOf(port), tlps));
  sim.run();
  const directions = links.flatMap((l) => [l.up, l.down]);
  return {
    now: sim.now,
    events: sim.events,
    arrivals: receivers.map((rx) => rx.arrivals.map((a) => [a.time, a.tlp.context])),
    stats: directions.map((d) => d.stats),
    outstanding: directions.map((d) => [0, 1, 2].map((cls) => d.outstandingCredits(cls as 0 | 1 | 2))),
  };
}

describe("a switch", () => {
  it("gives the same timings, stats and credits whether its links hand arrivals over late or each has an event", () => {
    const tlp = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom(64, 128, 256, 512), fc.integer({ min: 0, max: 400 }));
    fc.assert(
      fc.property(fc.record({ latencyNs: fc.constantFrom(5, 40, 105, 300), tlps: fc.array(tlp, { minLength: 1, maxLength: 120 }) }), (traffic) => {
        const late = run(traffic, true);
        const eager = run(traffic, false);
        expect(late.arrivals).toEqual(eager.arrivals);
        expect(late.stats).toEqual(eager.stats);
        expect(late.outstanding).toEqual(eager.outstanding);
        expect(late.now).toBe(eager.now);
        expect(late.events).toBeLessThanOrEqual(eager.events);
      }),
      { numRuns: 60 },
    );
  });

  it("saves one event per TLP that arrives while its port's cut-through stage is busy", () => {
    // A back-to-back stream of 256 B writes through a 105 ns switch: after the first, every TLP
    // arrives while earlier ones are still in the cut-through stage.
    const traffic: Traffic = { latencyNs: 105, tlps: Array.from({ length: 200 }, () => [1, 2, 256, 0] as [number, number, number, number]) };
    const late = run(traffic, true);
    const eager = run(traffic, false);
    expect(late.arrivals).toEqual(eager.arrivals);
    expect(eager.events - late.events).toBeGreaterThanOrEqual(190);
  });
});
