/**
 * The far end of a link direction: TLPs on the wire, each arriving `latency` after its last byte
 * left, and their hand-over to the receiver (a component's ingress port, a DMA engine, BAR memory).
 *
 * Every arrival may have an event of its own. A receiver that attaches with `ArrivalTraits` (an
 * in-order stage, or which arrivals only book bytes and credits) gets the arrivals that need no
 * event late, as of their arrival time, before anything could have seen them: at the next arrival
 * event, when the transmitter next looks at its credits (a transmission, a release, a wake-up),
 * before its stage's next delivery (the stage's hooks), and, should the transmitter stall for
 * credits while the receiver releases on arrival, each gets its event after all. Every arrival keeps the place in the event
 * order it would have had (see `Simulator.reserve`), so nothing observable changes but the event
 * count. (A switch port's cut-through stage while it holds TLPs, writes into the middle of a
 * transfer into BAR memory, and, at root ports without an IOMMU translating, into DRAM, take most
 * arrivals this way; root ports hand theirs over in one order across links: arrival-group.ts.) Arrivals with events of their own come in
 * the order they left (each a serialization after the one before), so only the first has its event
 * queued and queues the next as it runs, in its reserved place: one pending event per link
 * direction instead of one per TLP in flight.
 */
import type { Simulator } from "../sim/simulator.js";
import type { DelayLineHooks } from "../sim/delay-line.js";
import { TlpRing } from "./tlp-ring.js";
import type { CreditLedger } from "./credit-ledger.js";
import type { Tlp } from "./tlp.js";
import type { LinkDirection } from "./link-direction.js";
import type { ArrivalGroup } from "./arrival-group.js";

/** Whatever sits at the receiving end of a link direction. */
export interface TlpReceiver {
  /**
   * `tlp` has fully arrived at `atPs`: now, or earlier when the link hands it over late (only to a
   * receiver attached with `ArrivalTraits`). The receiver calls `from.release(tlp, ...)` when it is done with it.
   */
  receive(tlp: Tlp, from: LinkDirection, atPs: number): void;
}

/** A receiver's in-order stage (a switch port's cut-through stage): arrivals queue behind what it holds. */
export interface InOrderStage {
  /** Items the stage holds. */
  readonly length: number;
  /** Calls around the stage's deliveries (the link's: late arrivals first, the next one armed when it empties). */
  setHooks(hooks: DelayLineHooks): void;
}

/**
 * What a receiver says about its arrivals when it attaches (`LinkDirection.attach`), in its own
 * terms; the link works out from it which arrivals need events of their own. One of:
 */
export interface ArrivalTraits {
  /**
   * Arrivals queue in order behind this stage and release their credits only when they leave it:
   * one needs its own event only when nothing is ahead of it, on the wire or in the stage.
   */
  stage?: InOrderStage;
  /**
   * True for an arrival that only books time, bytes and credits (released at once), with nothing
   * acting on it until a later arrival does (the last write of a transfer, the last completion of a read).
   */
  onlyBooks?(tlp: Tlp): boolean;
  /**
   * With `onlyBooks`: receivers on other links whose late arrivals book the same servers (see
   * arrival-group.ts); this link's are then handed over in one order with theirs.
   */
  group?: ArrivalGroup;
}

/** Marks beside a TLP in flight: handed over late, its arrival event queued, or owed (queued when the one before it runs). */
const LATE = 0;
const QUEUED = 1;
const OWED = 2;

export class Delivery {
  /** TLPs in flight, each with its arrival time (ps), its place in the event order, and its mark (LATE, QUEUED, OWED). */
  private readonly tlps = new TlpRing();
  /** TLPs in flight with an arrival event of their own (queued or owed): only the first of them is queued. */
  private withEvents = 0;
  /** Arrival time of the TLP being handed over late (NaN otherwise): its releases count from then. */
  handOverPs = NaN;
  /** Calls for a receiver's delay line, so its deliveries take late arrivals first and its going idle arms the next. */
  readonly hooks: DelayLineHooks = { before: () => this.catchUp(), idle: () => this.armArrival() };

  constructor(
    private readonly sim: Simulator,
    private readonly latencyPs: number,
    private readonly ledger: CreditLedger,
    private readonly from: LinkDirection,
  ) {}

  receiver: TlpReceiver | undefined;
  /** Hand arrivals over late, as the receiver's traits allow (none: every arrival has its event). */
  late = false;
  private stage: InOrderStage | undefined;
  private onlyBooks: ((tlp: Tlp) => boolean) | undefined;
  private group: ArrivalGroup | undefined;

  /** Attaches `receiver`; with `traits`, arrivals that need no event of their own are handed over late. */
  attach(receiver: TlpReceiver, traits: ArrivalTraits | undefined): void {
    this.receiver = receiver;
    this.stage = traits?.stage;
    this.onlyBooks = traits?.onlyBooks;
    this.late = this.stage !== undefined || this.onlyBooks !== undefined;
    this.stage?.setHooks(this.hooks);
    this.group = this.onlyBooks !== undefined ? traits?.group : undefined;
    this.group?.join(this);
  }

  /** Puts `tlp` on its way; its last byte leaves at `donePs` (an integer); it arrives in `place` of the event order. */
  launch(tlp: Tlp, donePs: number, place: number): number {
    const arrival = donePs + this.latencyPs;
    // One push for all three marks: V8 then inlines the ring's push once, not three times.
    let mark = LATE;
    if (this.late && !this.onTime(tlp)) {
      if (this.group !== undefined) this.group.lateCount++;
    } else mark = this.withEvents++ > 0 ? OWED : QUEUED;
    this.tlps.push(tlp, arrival, place, mark);
    if (mark === QUEUED) this.sim.atReserved(arrival, place, this.onArrive);
    return arrival;
  }

  /** Must `tlp`, starting on the wire now, be handed over by an event of its own at its arrival? */
  private onTime(tlp: Tlp): boolean {
    const stage = this.stage;
    if (stage !== undefined) return this.tlps.length === 0 && stage.length === 0;
    return !this.onlyBooks!(tlp);
  }

  /** Hands the receiver every TLP without an event of its own whose arrival time (and place) has passed. */
  catchUp(): void {
    if (!this.late || this.handOverPs === this.handOverPs) return; // a release while handing over: the rest follow in order
    if (this.group !== undefined) return this.group.settle(); // in one order with the group's other links
    const tlps = this.tlps;
    while (tlps.length > 0) {
      if (tlps.c(0) !== LATE || !this.sim.hasRun(tlps.a(0), tlps.b(0))) return;
      this.handOver();
    }
  }

  /**
   * Hands over the due arrivals that only book (a receiver attached with `onlyBooks`), so what it
   * booked reads as the per-TLP path would leave it; they add no events. (An in-order stage's are
   * left alone: handing one over may queue its delivery event.)
   */
  bookDue(): void {
    if (this.onlyBooks !== undefined) this.catchUp();
  }

  /** The receiver went idle: the next TLP in flight (which has not arrived yet) gets its arrival event. */
  armArrival(): void {
    if (this.tlps.length > 0 && this.tlps.c(0) === LATE) this.queueAt(0);
  }

  /**
   * The transmitter stalled for credits: if a late hand-over may release some (a receiver without a
   * stage releases as it takes an arrival), every arrival gets its event.
   */
  stalled(): void {
    if (!this.late || this.stage !== undefined) return;
    for (let i = 0; i < this.tlps.length; i++) this.queueAt(i);
  }

  /** The `index`-th TLP in flight, handed over late so far, gets its arrival event. */
  private queueAt(index: number): void {
    const tlps = this.tlps;
    if (tlps.c(index) !== LATE) return;
    tlps.setC(index, QUEUED);
    if (this.group !== undefined) this.group.lateCount--;
    this.withEvents++;
    this.sim.atReserved(tlps.a(index), tlps.b(index), this.onArrive);
  }

  /**
   * An arrival with its event. Only the first such TLP in flight has its event queued; the next is
   * queued now, in the place it took at launch: the same events run in the same order, while the
   * pending set holds one per link, not one per TLP in flight. That needs each arrival strictly later
   * than the one before (places alone may be out of order: a TLP offered later can leave first); it
   * is, by at least a serialization, and `atReserved` would throw otherwise.
   */
  private readonly onArrive = (): void => {
    const tlps = this.tlps;
    // Arrivals without events of their own before this one came first (a group's, all its links' before it).
    if (this.group !== undefined) this.group.settle();
    while (tlps.c(0) === LATE) this.handOver();
    const tlp = tlps.shift();
    if (--this.withEvents > 0) this.queueNext();
    this.ledger.occupy(tlp.kind, tlp.dataCredits);
    this.receiver!.receive(tlp, this.from, this.sim.now);
  };

  /** Queues the arrival event of the first TLP in flight that has one, if it is only owed. */
  private queueNext(): void {
    const tlps = this.tlps;
    let i = 0;
    while (i < tlps.length && tlps.c(i) === LATE) i++;
    if (i === tlps.length) this.noneOwed();
    if (tlps.c(i) === QUEUED) return;
    tlps.setC(i, QUEUED);
    this.sim.atReserved(tlps.a(i), tlps.b(i), this.onArrive);
  }

  private noneOwed(): never {
    throw new Error(`${this.from.name}: ${this.withEvents} arrival events owed, but no TLP in flight has one`);
  }

  /** For the group: the first TLP in flight is handed over late (and its arrival time and place). */
  lateAhead(): boolean {
    return this.tlps.length > 0 && this.tlps.c(0) === LATE;
  }
  get firstArrivalPs(): number {
    return this.tlps.a(0);
  }
  get firstArrivalPlace(): number {
    return this.tlps.b(0);
  }
  /** For the group: hands over the first TLP in flight (late, and due). */
  handOverFirst(): void {
    this.handOver();
  }

  private handOver(): void {
    const atPs = this.tlps.a(0);
    if (this.group !== undefined) this.group.lateCount--;
    const tlp = this.tlps.shift();
    this.ledger.occupy(tlp.kind, tlp.dataCredits);
    this.handOverPs = atPs;
    // No try/finally around this: an error thrown here ends the run, which nothing resumes (the
    // guard cost 1.6 % of the same-switch case's instructions).
    this.receiver!.receive(tlp, this.from, atPs);
    this.handOverPs = NaN;
  }
}
