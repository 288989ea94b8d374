/**
 * One direction of a PCIe link: the transmitter's egress queues (egress.ts), its credits against the
 * receiver's buffers (credit-ledger.ts), the wire (serializer.ts), the far end (delivery.ts) and
 * trains (train.ts). This file is the transmitter's loop: whenever the wire is free and some head
 * has credits, send it; otherwise wait for the end of the transmission or for the next credit return.
 *
 * Places: a TLP's end of transmission and its arrival take their places in the event order as it is
 * queued (`Simulator.reserve`), so whether those moments get events of their own changes nothing else.
 *
 * Trains (schedule.ts): as a TLP starts, those queued behind it with credits in hand follow at once.
 * `trains: false` runs the per-TLP reference: one event at every start, same places, same results.
 *
 * Events: nothing per byte; an end of transmission only when a TLP not in the train waits by then, a
 * wake-up only when stalled for credits, arrivals as delivery.ts says.
 */
import type { Simulator } from "../sim/simulator.js";
import { DLLP_BYTES, rawGbps, type LinkConfig, type PayloadSize } from "./spec.js";
import { checkCreditLimits, type CreditLimits } from "./credits.js";
import type { FcClass, Tlp } from "./tlp.js";
import { psPerByteAtGbps } from "../sim/units.js";
import { double } from "../sim/double.js";
import { CreditLedger } from "./credit-ledger.js";
import { EgressQueues, NONE } from "./egress.js";
import { Serializer, type LinkDirectionStats } from "./serializer.js";
import { Delivery, type ArrivalTraits, type TlpReceiver } from "./delivery.js";
import { WireSchedule, type TrainFault } from "./schedule.js";

export type { TrainFault } from "./schedule.js";

export interface LinkParams {
  /** Generation and width. */
  config: LinkConfig;
  /** MPS configured on the link (sets the Ack/UpdateFC intervals). */
  mps: PayloadSize;
  /** PHY + wire latency of one direction, ps. */
  latencyPs: number;
  /** Scale of the DLLP (Ack/UpdateFC) charge; 1 = the spec's recommended intervals. */
  dllpFactor?: number;
  /** Egress queue capacity per flow-control class, in TLPs (default 32). */
  queueTlps?: number;
  /** Trains (default true); false runs the per-TLP reference, with identical results. */
  trains?: boolean;
  /** Record every TLP's departure, end and arrival (ps) in `trace` (for tests). */
  trace?: boolean;
  /** A deliberate mistake in trains, for the mutation tests only. */
  fault?: TrainFault;
}

export class LinkDirection {
  /** The direction going the other way on the same link (it carries this one's UpdateFCs). */
  reverse!: LinkDirection;
  readonly psPerByte: number;
  readonly latencyPs: number;
  readonly framing: number;
  /** With `trace`: departure (fractional), end and arrival of every TLP, ps, three numbers each, in order of departure. */
  readonly trace: number[] | undefined;

  private readonly egress: EgressQueues;
  private readonly ledger: CreditLedger;
  /** The wire (its `onTransmit` is the trace's probe). */
  readonly serializer: Serializer;
  private readonly delivery: Delivery;
  private readonly counters: LinkDirectionStats;
  private readonly wire: WireSchedule;
  private readonly trains: boolean;
  private txDoneQueued = false;
  private wakeAt = double(NONE);
  private stalledSince = double(NONE);

  constructor(
    private readonly sim: Simulator,
    readonly name: string,
    params: LinkParams,
    credits: CreditLimits,
  ) {
    checkCreditLimits(name, credits, params.mps);
    this.latencyPs = params.latencyPs;
    this.egress = new EgressQueues(params.queueTlps ?? 32);
    this.ledger = new CreditLedger(credits, params.latencyPs + Math.ceil(DLLP_BYTES * psPerByteAtGbps(rawGbps(params.config))));
    this.counters = { tlps: 0, wireBytes: double(0), payloadBytes: double(0), busyPs: double(0), creditStallPs: double(0), maxOccupancy: this.ledger.maxOccupancy };
    this.serializer = new Serializer(params.config, params.mps, params.dllpFactor ?? 1, this.counters);
    this.trains = params.trains ?? true;
    this.psPerByte = this.serializer.psPerByte;
    this.framing = this.serializer.framing;
    this.delivery = new Delivery(sim, params.latencyPs, this.ledger, this);
    this.wire = new WireSchedule(sim, this.egress, this.ledger, this.serializer, this.delivery, params.trace === true, params.fault);
    this.trace = this.wire.trace;
  }

  /** The receiving end (a component's ingress port, a DMA engine, memory); every arrival has its event. */
  get receiver(): TlpReceiver | undefined {
    return this.delivery.receiver;
  }
  set receiver(receiver: TlpReceiver) {
    this.delivery.attach(receiver, undefined);
  }

  /** Attaches `receiver`; its `traits` say which arrivals need no event: those go late (delivery.ts). */
  attach(receiver: TlpReceiver, traits: ArrivalTraits): void {
    this.delivery.attach(receiver, traits);
  }

  /** Hands over the due arrivals that only book (`ArrivalTraits.onlyBooks`): probes read as per TLP. */
  bookDue(): void {
    this.delivery.bookDue();
  }

  /** Counters of this direction, as of now. */
  get stats(): LinkDirectionStats {
    this.wire.settle();
    return this.counters;
  }

  /** True when a TLP of class `cls` may be queued now (see EgressQueues.hasSpace). */
  hasSpace(cls: FcClass): boolean {
    if (this.wire.train.nextStartPs <= this.sim.now) this.wire.settle();
    return this.egress.hasSpace(cls);
  }

  /** Calls `callback` once, when a TLP of class `cls` may be queued (waiters are served in turn). */
  whenSpace(cls: FcClass, callback: () => void): void {
    this.egress.whenSpace(cls, callback);
    if (this.wire.train.length > 0) {
      this.wire.settle();
      this.wire.markRefill();
    }
  }

  /** Queues `tlp` (call only when `hasSpace`); the sender may free its buffer at once. */
  push(tlp: Tlp): number {
    if (!this.offer(tlp)) throw new Error(`${this.name}: push without space`);
    return this.sim.now;
  }

  /** Queues `tlp` for transmission; false (and nothing queued) when its class queue is full. */
  offer(tlp: Tlp): boolean {
    const egress = this.egress;
    if (this.wire.train.nextStartPs <= this.sim.now) this.wire.settle();
    if (!egress.fits(tlp.kind)) return false;
    const txPlace = this.sim.reserve();
    const arrivalPlace = this.sim.reserve();
    if (this.trains && egress.length === 0 && !this.txDoneQueued && this.wire.transmitting() && this.wire.covered(tlp)) {
      // Nothing else waits and its credits are in hand: it joins the train, straight past the queue.
      egress.pass();
      this.wire.couple(tlp, txPlace, arrivalPlace);
      // A TLP joining the train only delays where the queue drains to its low-water mark: an event
      // already marked for that stays early enough, and looks again when it runs.
      if (!this.wire.refillMarked) this.wire.markRefill();
      return true;
    }
    this.offerOffTrain(tlp, txPlace, arrivalPlace); // apart, so that V8 inlines the train's path into offers
    return true;
  }

  private offerOffTrain(tlp: Tlp, txPlace: number, arrivalPlace: number): void {
    if (this.trains && this.egress.length === 0 && !this.wire.transmitting() && this.wire.startNow(tlp, txPlace, arrivalPlace)) return;
    this.egress.add(tlp, txPlace, arrivalPlace);
    if (!this.wire.transmitting()) this.tryStart();
    else if (!this.txDoneQueued) this.queueTxDone();
  }

  /**
   * The receiver is done with `tlp` (forwarded or consumed) at `atPs` (default now; later when a FIFO
   * server knows when it will take it); its credits are back one UpdateFC later. A late hand-over
   * counts from the arrival, when the direction was not stalled (stalled, arrivals have events).
   */
  release(tlp: Tlp, atPs?: number): void {
    const handOverPs = this.delivery.handOverPs;
    if (handOverPs === handOverPs) this.ledger.free(tlp.kind, tlp.dataCredits, atPs ?? this.sim.now, handOverPs);
    else this.releaseNow(tlp, atPs ?? this.sim.now); // apart, so that V8 inlines the late path into receivers
  }

  private releaseNow(tlp: Tlp, atPs: number): void {
    this.delivery.catchUp(); // arrivals before this release count first
    if (this.ledger.free(tlp.kind, tlp.dataCredits, atPs, this.sim.now) && this.egress.length > 0 && !this.wire.transmitting()) this.wake(this.ledger.nextReturnPs);
  }

  /** Credits of class `cls` spent and not yet back, as `[headers, data]` (see CreditLedger.outstanding). */
  outstandingCredits(cls: FcClass): [number, number] {
    this.wire.settle();
    this.delivery.catchUp();
    const [headers, data] = this.ledger.outstanding(cls);
    return [headers - this.egress.held[cls]!, data - this.wire.train.heldData[cls]!];
  }

  /** Number of TLPs waiting in the egress queues (a train's included until they start). */
  get queuedTlps(): number {
    this.wire.settle();
    return this.egress.length + this.wire.train.length;
  }

  private queueTxDone(): void {
    this.txDoneQueued = true;
    this.sim.atReserved(this.wire.txDoneAt, this.wire.txDonePlace, this.onTxDone);
  }

  private readonly onTxDone = (): void => {
    this.txDoneQueued = false;
    this.tryStart();
  };

  private readonly onWake = (): void => {
    if (this.sim.now !== this.wakeAt) return; // superseded by an earlier wake
    this.wakeAt = NONE;
    if (!this.wire.transmitting()) this.tryStart();
  };

  private wake(time: number): void {
    if (this.wakeAt !== NONE && this.wakeAt <= time) return;
    this.wakeAt = time;
    this.sim.at(time, this.onWake);
  }

  private tryStart(): void {
    const egress = this.egress;
    this.wire.settle();
    if (egress.length === 0) return;
    const now = this.sim.now;
    const ledger = this.ledger;
    this.delivery.catchUp(); // their credit releases come first
    if (ledger.returning) ledger.applyDue(now);
    const cls = egress.select(ledger);
    if (cls === NONE) {
      // Stalled for credits: from here on a release at an arrival may wake this direction.
      this.delivery.stalled();
      if (this.stalledSince === NONE) this.stalledSince = now;
      if (ledger.returning) this.wake(ledger.nextReturnPs);
      return;
    }
    if (this.stalledSince !== NONE) {
      this.counters.creditStallPs += now - this.stalledSince;
      this.stalledSince = NONE;
    }
    const tlp = egress.take(cls);
    this.wire.launch(tlp, now, egress.takenTxPlace, egress.takenArrivalPlace);
    this.serializer.count(tlp);
    if (this.trains) {
      // Everything queued behind it with credits in hand follows back to back.
      while (egress.length > 0) {
        const next = egress.head(egress.oldest());
        if (!this.wire.covered(next)) break;
        egress.take(next.kind);
        this.wire.couple(next, egress.takenTxPlace, egress.takenArrivalPlace);
      }
    }
    if (egress.length > 0) this.queueTxDone();
    egress.left(cls);
    if (this.wire.train.length > 0) this.wire.markRefill();
  }
}
