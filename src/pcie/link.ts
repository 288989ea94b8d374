/**
 * A PCIe link: two independent directions, each a channel in the OMNeT++/ns-3 sense
 * (serialization at the TLP-layer rate, then a fixed latency for PHY and wire) with the
 * transmitter's egress queues in front and credit-based flow control against the receiver's
 * buffers (PCIe Base Spec r5.0 section 2.6). One direction is made of:
 *
 * - egress.ts: the per-class egress queues, their ordering rules and the producers' handshake;
 * - credit-ledger.ts: credits in hand, the receiver's occupancy, UpdateFCs on their way back;
 * - serializer.ts: the wire's rate and the direction's counters;
 * - delivery.ts: TLPs in flight and their hand-over to the receiver, on time or late;
 * - link-direction.ts: the transmitter's loop tying them together.
 */
import type { Simulator } from "../sim/simulator.js";
import type { CreditLimits } from "./credits.js";
import { LinkDirection, type LinkParams } from "./link-direction.js";

export { LinkDirection, type LinkParams, type TrainFault } from "./link-direction.js";
export type { LinkDirectionStats } from "./serializer.js";
export type { ArrivalTraits, InOrderStage, TlpReceiver } from "./delivery.js";

/** A link: `up` carries TLPs from the downstream device towards the host, `down` the other way. */
export class Link {
  readonly up: LinkDirection;
  readonly down: LinkDirection;

  constructor(
    sim: Simulator,
    readonly name: string,
    readonly params: LinkParams,
    /** Buffers of the upstream port (what `up` TLPs land in). */
    upstreamCredits: CreditLimits,
    /** Buffers of the downstream device's port (what `down` TLPs land in). */
    downstreamCredits: CreditLimits,
  ) {
    this.up = new LinkDirection(sim, `${name}:up`, params, upstreamCredits);
    this.down = new LinkDirection(sim, `${name}:down`, params, downstreamCredits);
    this.up.reverse = this.down;
    this.down.reverse = this.up;
  }
}
