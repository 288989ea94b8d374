/**
 * One direction of a PCIe link: the transmitter's egress queues (egress.ts), its credits against the
 * receiver's buffers (credit-ledger.ts), the wire (serializer.ts), the far end (delivery.ts) and
 * trains (train.ts). This file is the transmitter's loop: whenever the wire is free and some head
 * has credits, send it; otherwise wait for the end of the transmission or for the next credit return.
 *
 * Places: a TLP's end of transmission and its arrival take their places in the event order as it is
 * queued (`Simulator.reserve`), so whether those moments get events of their own changes nothing else.
 *
 * Trains: as a TLP starts, every TLP queued behind it that has credits in hand goes on the wire at
 * once, back to back, with its departure, end and arrival computed now: nothing can come between
 * them, since the oldest head with credits goes next, newer TLPs queue behind, and credits only
 * come back. A TLP queued while a train runs joins it if nothing else waits and its credits are in
 * hand. The train breaks where the next TLP lacks credits (the end of the train then has its event).
 * Nothing runs at the starts inside a train, but where a producer waits for the queue to drain to its
 * low-water mark: that start gets its event, in its place, and wakes the producer as it would have.
 * What the starts change (queue slots, counters) is settled lazily, whenever anyone looks.
 * `trains: false` runs the per-TLP reference: one event at every start, same places, same results.
 *
 * Events: nothing per byte. An end-of-transmission event only when a TLP not in the train waits by
 * then; a wake-up only when stalled for credits; arrivals as delivery.ts says.
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
import { Train } from "./train.js";
import type { DelayLineHooks } from "../sim/delay-line.js";

/** Deliberate mistakes in trains, for the mutation tests only (never set by a scenario). */
export type TrainFault = "departure-off-by-one" | "ignores-credits" | "ignores-waiters";

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
  private readonly serializer: Serializer;
  private readonly delivery: Delivery;
  private readonly counters: LinkDirectionStats;
  private readonly train = new Train();
  private readonly trains: boolean;
  private readonly fault: TrainFault | undefined;
  /** Class of the TLP whose start `settle` passed last. */
  private startedClass = 0;
  /** A start in the train has an event to serve waiting producers (see `markRefill`). */
  private refillMarked = false;
  /** Scratch for `markRefill`: TLPs of each class in the train. */
  private readonly perClass = [0, 0, 0];
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
    this.counters = { tlps: 0, wireBytes: 0, payloadBytes: 0, busyPs: 0, creditStallPs: 0, maxOccupancy: this.ledger.maxOccupancy };
    this.serializer = new Serializer(params.config, params.mps, params.dllpFactor ?? 1, this.counters);
    this.trains = params.trains ?? true;
    this.fault = params.fault;
    this.trace = params.trace === true ? [] : undefined;
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

  /** Counters of this direction, as of now. */
  get stats(): LinkDirectionStats {
    this.settle();
    return this.counters;
  }

  /** True when a TLP of class `cls` may be queued now (see EgressQueues.hasSpace). */
  hasSpace(cls: FcClass): boolean {
    if (this.train.length > 0 && this.train.startPs(0) <= this.sim.now) this.settle();
    return this.egress.hasSpace(cls);
  }

  /** Calls `callback` once, when a TLP of class `cls` may be queued (waiters are served in turn). */
  whenSpace(cls: FcClass, callback: () => void): void {
    this.egress.whenSpace(cls, callback);
    if (this.train.length > 0) {
      this.settle();
      this.markRefill();
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
    if (this.train.length > 0) this.settle();
    if (!egress.fits(tlp.kind)) return false;
    const sim = this.sim;
    const txPlace = sim.reserve();
    const arrivalPlace = sim.reserve();
    if (this.trains && egress.length === 0 && !this.txDoneQueued && this.transmitting() && this.covered(tlp)) {
      // Nothing else waits and its credits are in hand: it joins the train, straight past the queue.
      egress.pass();
      this.couple(tlp, txPlace, arrivalPlace);
      // A TLP joining the train only delays where the queue drains to its low-water mark: an event
      // already marked for that stays early enough, and looks again when it runs.
      if (!this.refillMarked) this.markRefill();
      return true;
    }
    egress.add(tlp, txPlace, arrivalPlace);
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
    this.settle();
    this.delivery.catchUp();
    const [headers, data] = this.ledger.outstanding(cls);
    return [headers - this.egress.held[cls]!, data - this.train.heldData[cls]!];
  }

  /** Number of TLPs waiting in the egress queues (a train's included until they start). */
  get queuedTlps(): number {
    this.settle();
    return this.egress.length + this.train.length;
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

  /** Passes every start in the train whose moment has come: the TLP leaves its queue slot and is counted. */
  private settle(): void {
    const train = this.train;
    const sim = this.sim;
    while (train.length > 0 && sim.hasRun(train.startPs(0), train.startPlace(0))) {
      const tlp = train.shift();
      this.egress.held[tlp.kind]!--;
      this.serializer.count(tlp);
      this.startedClass = tlp.kind;
    }
  }

  /** True when the credits in hand (with the returns due by now) cover `tlp`. */
  private covered(tlp: Tlp): boolean {
    if (this.fault === "ignores-credits") return true;
    const ledger = this.ledger;
    if (ledger.returning && ledger.nextReturnPs <= this.sim.now) ledger.applyDue(this.sim.now);
    return ledger.covers(tlp.kind, tlp.dataCredits);
  }

  /** Puts `tlp` on the wire behind the last TLP: it starts at that one's end. */
  private couple(tlp: Tlp, txPlace: number, arrivalPlace: number): void {
    const cls = tlp.kind;
    const startPs = this.txDoneAt;
    const startPlace = this.txDonePlace;
    this.egress.held[cls]!++;
    this.train.push(tlp, startPs, startPlace);
    if (this.fault === "departure-off-by-one") this.serializer.freeExact += 1;
    this.launch(tlp, startPs, txPlace, arrivalPlace);
  }

  /** Spends `tlp`'s credits, schedules it on the wire from `nowPs` and sends it on its way. */
  private launch(tlp: Tlp, nowPs: number, txPlace: number, arrivalPlace: number): void {
    this.ledger.spend(tlp.kind, tlp.dataCredits);
    const done = Math.ceil(this.serializer.send(tlp, nowPs));
    this.txDoneAt = done;
    this.txDonePlace = txPlace;
    const arrival = this.delivery.launch(tlp, done, arrivalPlace);
    this.trace?.push(this.serializer.lastStart, done, arrival);
  }

  /**
   * Where a producer waits for room, the first start in the train after which its class is down to
   * the low-water mark gets an event (the per-TLP path would serve the producer there).
   */
  private markRefill(): void {
    const egress = this.egress;
    if (this.fault === "ignores-waiters" || !(egress.waiting(0) || egress.waiting(1) || egress.waiting(2))) return;
    const train = this.train;
    const held = egress.held;
    const only = held[0] === train.length ? 0 : held[1] === train.length ? 1 : held[2] === train.length ? 2 : NONE;
    if (only !== NONE) {
      // One class in the train: after the i-th start, its queue holds the rest of the train and
      // what waits behind it, so the first start at the mark is found by counting.
      if (!egress.waiting(only)) return;
      const i = Math.max(0, egress.queuedOf(only) + train.length - 1 - egress.lowWater);
      if (i < train.length) this.refillAt(i);
      return;
    }
    const left = this.perClass;
    left[0] = held[0]!;
    left[1] = held[1]!;
    left[2] = held[2]!;
    for (let i = 0; i < train.length; i++) {
      const cls = train.tlp(i).kind;
      left[cls]!--;
      if (!egress.waiting(cls) || !egress.atLowWater(cls, left[cls]! - held[cls]!)) continue;
      this.refillAt(i);
      return;
    }
  }

  /** The `i`-th start in the train gets its event (once). */
  private refillAt(i: number): void {
    const train = this.train;
    if (train.mark(i)) this.sim.atReserved(train.startPs(i), train.startPlace(i), this.onStart);
    this.refillMarked = true;
  }

  /** A start inside a train that has its event: as at any start, producers waiting for room may be served. */
  private readonly onStart = (): void => {
    this.refillMarked = false;
    this.settle();
    this.delivery.catchUp();
    this.egress.left(this.startedClass);
    if (this.train.length > 0) this.markRefill();
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
    this.settle();
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
      this.counters.creditStallPs += now - this.stalledSince;
      this.stalledSince = NONE;
    }
    const tlp = egress.take(cls);
    this.launch(tlp, now, egress.takenTxPlace, egress.takenArrivalPlace);
    this.serializer.count(tlp);
    if (this.trains) {
      // Everything queued behind it with credits in hand follows back to back.
      while (egress.length > 0) {
        const next = egress.head(egress.oldest());
        if (!this.covered(next)) break;
        egress.take(next.kind);
        this.couple(next, egress.takenTxPlace, egress.takenArrivalPlace);
      }
    }
    if (egress.length > 0) this.queueTxDone();
    egress.left(cls);
    if (this.train.length > 0) this.markRefill();
  }
}
