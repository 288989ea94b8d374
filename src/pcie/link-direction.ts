/**
 * One direction of a PCIe link: the transmitter's egress queues (egress.ts), its credits against the
 * receiver's buffers (credit-ledger.ts), the wire (serializer.ts) and the far end (delivery.ts).
 * This file is the transmitter's loop: whenever the wire is free and some head has credits, send
 * it; otherwise wait for the end of the transmission or for the next credit return.
 *
 * Events: nothing per byte. An end-of-transmission event only when another TLP is waiting by then
 * (its place in the event order is reserved as the transmission starts, so a left-out event changes
 * nothing else); a wake-up only when stalled for credits; arrivals as delivery.ts says.
 */
import type { Simulator } from "../sim/simulator.js";
import { DLLP_BYTES, rawGbps, type LinkConfig, type PayloadSize } from "./spec.js";
import { checkCreditLimits, type CreditLimits } from "./credits.js";
import type { FcClass, Tlp } from "./tlp.js";
import { psPerByteAtGbps } from "../sim/units.js";
import { CreditLedger } from "./credit-ledger.js";
import { EgressQueues, NONE } from "./egress.js";
import { Serializer, type LinkDirectionStats } from "./serializer.js";
import { Delivery, type TlpReceiver } from "./delivery.js";
import type { DelayLineHooks } from "../sim/delay-line.js";

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
}

export class LinkDirection {
  /** The direction going the other way on the same link (it carries this one's UpdateFCs). */
  reverse!: LinkDirection;
  readonly psPerByte: number;
  readonly latencyPs: number;
  readonly framing: number;
  readonly stats: LinkDirectionStats;

  private readonly egress: EgressQueues;
  private readonly ledger: CreditLedger;
  private readonly serializer: Serializer;
  private readonly delivery: Delivery;
  // End of the current transmission: its time and place in the event order (see Simulator.reserve).
  // Its event is queued only if something is waiting to go next by then.
  private txDoneAt = -1;
  private txDonePlace = -1;
  private txDoneQueued = false;
  private wakeAt = NONE;
  private stalledSince = NONE;

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
    this.stats = { tlps: 0, wireBytes: 0, payloadBytes: 0, busyPs: 0, creditStallPs: 0, maxOccupancy: this.ledger.maxOccupancy };
    this.serializer = new Serializer(params.config, params.mps, params.dllpFactor ?? 1, this.stats);
    this.psPerByte = this.serializer.psPerByte;
    this.framing = this.serializer.framing;
    this.delivery = new Delivery(sim, params.latencyPs, this.ledger, this);
  }

  /** The receiving end (a component's ingress port, a DMA engine, memory); every arrival has its event. */
  get receiver(): TlpReceiver | undefined {
    return this.delivery.receiver;
  }
  set receiver(receiver: TlpReceiver | undefined) {
    this.delivery.receiver = receiver;
    this.delivery.late = false;
  }

  /** Attaches `receiver` and lets the link hand it the arrivals it need not see on time late (see delivery.ts). */
  takeArrivalsLate(receiver: TlpReceiver): void {
    this.delivery.receiver = receiver;
    this.delivery.late = receiver.seesOnTime !== undefined;
  }

  /** Hands the receiver every arrival whose time has passed; call before acting on anything an arrival would change. */
  catchUp(): void {
    this.delivery.catchUp();
  }

  /** For the receiver's delay line: deliveries take late arrivals first, and going idle arms the next arrival. */
  get deliveryHooks(): DelayLineHooks {
    return this.delivery.hooks;
  }

  /** True when a TLP of class `cls` may be queued now (see EgressQueues.hasSpace). */
  hasSpace(cls: FcClass): boolean {
    return this.egress.hasSpace(cls);
  }

  /** Calls `callback` once, when a TLP of class `cls` may be queued (waiters are served in turn). */
  whenSpace(cls: FcClass, callback: () => void): void {
    this.egress.whenSpace(cls, callback);
  }

  /** Queues `tlp` (call only when `hasSpace`); the sender may free its buffer at once. */
  push(tlp: Tlp): number {
    if (!this.offer(tlp)) throw new Error(`${this.name}: push without space`);
    return this.sim.now;
  }

  /** Queues `tlp` for transmission; false (and nothing queued) when its class queue is full. */
  offer(tlp: Tlp): boolean {
    if (!this.egress.add(tlp)) return false;
    if (!this.transmitting()) this.tryStart();
    else if (!this.txDoneQueued) this.queueTxDone();
    return true;
  }

  /**
   * The receiver is done with `tlp` (forwarded or consumed) at `atPs` (default now; a later time
   * when a FIFO server already knows when it will take it). Its credits reach the transmitter one
   * UpdateFC later. During a late hand-over, "now" is the TLP's arrival time.
   */
  release(tlp: Tlp, atPs: number = this.sim.now): void {
    const handOverPs = this.delivery.handOverPs;
    if (handOverPs === handOverPs) {
      // Taken late, as of its arrival: the direction was not stalled then (a stalled direction
      // gives such arrivals their events), so no wake-up is due.
      this.ledger.free(tlp.kind, tlp.dataCredits, atPs, handOverPs);
      return;
    }
    this.delivery.catchUp(); // arrivals before this release count first
    if (this.ledger.free(tlp.kind, tlp.dataCredits, atPs, this.sim.now) && this.egress.length > 0 && !this.transmitting()) this.wake(this.ledger.nextReturnPs);
  }

  /** Credits of class `cls` spent and not yet back, as `[headers, data]` (see CreditLedger.outstanding). */
  outstandingCredits(cls: FcClass): [number, number] {
    this.delivery.catchUp();
    return this.ledger.outstanding(cls);
  }

  /** Number of TLPs waiting in the egress queues. */
  get queuedTlps(): number {
    return this.egress.length;
  }

  /** True until the current transmission's end (which may not have an event of its own) has passed. */
  private transmitting(): boolean {
    return !this.sim.hasRun(this.txDoneAt, this.txDonePlace);
  }

  private queueTxDone(): void {
    this.txDoneQueued = true;
    this.sim.atReserved(this.txDoneAt, this.txDonePlace, this.onTxDone);
  }

  private readonly onTxDone = (): void => {
    this.txDoneQueued = false;
    this.tryStart();
  };

  private readonly onWake = (): void => {
    if (this.sim.now !== this.wakeAt) return; // superseded by an earlier wake
    this.wakeAt = NONE;
    if (!this.transmitting()) this.tryStart();
  };

  private wake(time: number): void {
    if (this.wakeAt !== NONE && this.wakeAt <= time) return;
    this.wakeAt = time;
    this.sim.at(time, this.onWake);
  }

  private tryStart(): void {
    const egress = this.egress;
    if (egress.length === 0) return;
    const sim = this.sim;
    const now = sim.now;
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
      this.stats.creditStallPs += now - this.stalledSince;
      this.stalledSince = NONE;
    }
    const tlp = egress.take(cls);
    ledger.spend(cls, tlp.dataCredits);
    const done = Math.ceil(this.serializer.send(tlp, now));
    this.txDoneAt = done;
    this.txDonePlace = sim.reserve();
    if (egress.length > 0) this.queueTxDone();
    this.delivery.launch(tlp, done);
    egress.left(cls);
  }
}
