/**
 * One link direction alone, saturated: the link's own cost per TLP, without a switch, a DMA engine
 * or BAR memory around it. A producer offers 256 B posted writes to a Gen4 x16 direction as fast as
 * its egress queue takes them (waiting for room as a DMA engine does) and the receiver takes every
 * arrival late, releasing it at once (as BAR memory takes the writes inside a transfer). The same-switch
 * case crosses two of these and three more stages; its 1/10-of-real-time target allows about 100 ns
 * for the whole path per TLP, which this says how much of one hop already takes (docs/design.md, "Speed").
 */
import { Simulator } from "../src/sim/simulator.js";
import { LinkDirection } from "../src/pcie/link.js";
import { ROOT_PORT_CREDITS } from "../src/pcie/credits.js";
import { FcClass, memoryWrite, type Tlp } from "../src/pcie/tlp.js";

export interface HopResult {
  tlps: number;
  events: number;
  wallMs: number;
  /** Simulated time, ps, to the last event. */
  simulatedPs: number;
}

export function runHop(tlps: number): HopResult {
  const sim = new Simulator();
  const tx = new LinkDirection(sim, "hop", { config: { gen: "gen4", lanes: 16 }, mps: 256, latencyPs: 10_000 }, ROOT_PORT_CREDITS);
  tx.reverse = tx; // the UpdateFCs need only the link's latency here
  let received = 0;
  const receiver = {
    receive(tlp: Tlp, from: LinkDirection, atPs: number): void {
      received++;
      from.release(tlp, atPs);
    },
  };
  // Every write but the last only books (the last one's arrival has an event, so the run ends there).
  let last: Tlp | undefined;
  tx.attach(receiver, { onlyBooks: (tlp) => tlp !== last });
  const transfer = {};
  let issued = 0;
  const produce = (): void => {
    while (issued < tlps) {
      if (!tx.hasSpace(FcClass.P)) return tx.whenSpace(FcClass.P, produce);
      const tlp = memoryWrite(0x10000 + 256 * (issued % 4096), 256, 1, transfer);
      if (++issued === tlps) last = tlp;
      tx.offer(tlp);
    }
  };
  const started = performance.now();
  produce();
  sim.run();
  const wallMs = performance.now() - started;
  if (received !== tlps) throw new Error(`hop: ${received} of ${tlps} TLPs arrived`);
  return { tlps, events: sim.events, wallMs, simulatedPs: sim.now };
}
