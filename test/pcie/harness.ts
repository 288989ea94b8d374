/** Test fixtures for one link direction: producers and receivers with controllable behaviour. */
import { Simulator } from "../../src/sim/simulator.js";
import { LinkDirection, type LinkParams, type TlpReceiver } from "../../src/pcie/link.js";
import { ROOT_PORT_CREDITS, type CreditLimits } from "../../src/pcie/credits.js";
import type { Tlp } from "../../src/pcie/tlp.js";
import type { LinkConfig, PayloadSize } from "../../src/pcie/spec.js";

/** Receiver that records arrivals and releases each TLP after `holdPs(tlp)` (or never, if it returns undefined). */
export class RecordingReceiver implements TlpReceiver {
  readonly arrivals: Array<{ tlp: Tlp; time: number }> = [];
  readonly held: Array<{ tlp: Tlp; from: LinkDirection }> = [];
  constructor(
    private readonly sim: Simulator,
    private readonly holdPs: (tlp: Tlp) => number | undefined = () => 0,
  ) {}
  receive(tlp: Tlp, from: LinkDirection): void {
    this.arrivals.push({ tlp, time: this.sim.now });
    const hold = this.holdPs(tlp);
    if (hold === undefined) this.held.push({ tlp, from });
    else if (hold === 0) from.release(tlp);
    else this.sim.schedule(hold, () => from.release(tlp));
  }
  /** Releases every held TLP now. */
  releaseAll(): void {
    for (const { tlp, from } of this.held.splice(0)) from.release(tlp);
  }
}

/** Offers `tlps` to `tx` in order, waiting for queue space when it must. */
export function feed(tx: LinkDirection, tlps: Tlp[]): void {
  let i = 0;
  const pump = (): void => {
    while (i < tlps.length) {
      if (!tx.hasSpace(tlps[i]!.kind)) return tx.whenSpace(tlps[i]!.kind, pump);
      tx.offer(tlps[i++]!);
    }
  };
  pump();
}

export function makeDirection(
  sim: Simulator,
  config: LinkConfig,
  mps: PayloadSize,
  latencyPs: number,
  credits: CreditLimits = ROOT_PORT_CREDITS,
  extra: Partial<LinkParams> = {},
): LinkDirection {
  const params: LinkParams = { config, mps, latencyPs, ...extra };
  const tx = new LinkDirection(sim, "test", params, credits);
  tx.reverse = tx; // UpdateFCs only need a latency, not a real reverse direction, here
  return tx;
}

/**
 * Picoseconds per byte at the TLP layer, worked out from the spec's numbers directly:
 * raw = GT/s x encoding x lanes; minus one Ack and one UpdateFC (8 B each) per interval and SKP.
 */
export function handPsPerByte(gtps: number, encoding: number, lanes: number, ackInterval: number): number {
  const raw = gtps * encoding * lanes; // Gb/s
  const tlpLayer = raw * (1 - 8 / ackInterval - 8 / ackInterval - 4 / 1538);
  return 8000 / tlpLayer;
}

