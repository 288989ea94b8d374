/**
 * A PCIe link: two independent directions. Each direction is a channel in the OMNeT++/ns-3 sense
 * (serialization at the TLP-layer rate, then a fixed latency for PHY and wire) with the
 * transmitter's egress queues in front and credit-based flow control against the receiver's
 * buffers (PCIe Base Spec r5.0 section 2.6).
 *
 * - Egress: one bounded FIFO per flow-control class (P, NP, Cpl). The oldest head that has credits
 *   goes next, except that a request or completion never passes an older posted write (the spec's
 *   ordering table 2-40: posted may pass, the others may not pass posted).
 * - Credits: the transmitter sends only when the receiver has advertised room. The receiver calls
 *   `release(tlp)` when it forwards or consumes a TLP; the credits come back one UpdateFC later
 *   (link latency plus one DLLP's serialization). Returns are kept in time order and applied when
 *   the transmitter next looks; only a transmitter that is blocked schedules a wake-up for the next
 *   return, so an unblocked stream costs no events for credits.
 * - Events: nothing per byte. An end-of-transmission event only when another TLP is waiting by
 *   then, and an arrival event per TLP per hop, except at a receiver that takes arrivals late (a
 *   switch port with TLPs in its cut-through stage, BAR memory for writes into the middle of a
 *   transfer; see `takeArrivalsLate`). An event left out keeps its reserved place in the event
 *   order, so everything else happens as if it had run.
 * - The serializer keeps its free time as a fraction of a picosecond, so a saturated direction
 *   runs at the analytic rate with no rounding drift.
 */
import type { Simulator } from "../sim/simulator.js";
import { Fifo } from "../sim/fifo.js";
import { DLLP_BYTES, framingBytes, rawGbps, tlpLayerGbps, type LinkConfig, type PayloadSize } from "./spec.js";
import { checkCreditLimits, classLimits, type CreditLimits } from "./credits.js";
import { FcClass, type Tlp } from "./tlp.js";
import { psPerByteAtGbps } from "../sim/units.js";

/** Whatever sits at the receiving end of a link direction: a component's ingress port. */
export interface TlpReceiver {
  /** A TLP has fully arrived. The receiver must later call `from.release(tlp)` to return its credits. */
  receive(tlp: Tlp, from: LinkDirection): void;
}

/**
 * A receiver that can be told of some arrivals after the fact (see `LinkDirection.takeArrivalsLate`):
 * arrivals whose effects nobody looks at before the receiver's next event or the link's next
 * transmission (a switch port's cut-through stage while it holds TLPs; a write into the middle of
 * a transfer into BAR memory).
 */
export interface LateReceiver extends TlpReceiver {
  /**
   * `tlp` arrived at `atPs` (at or before now); take it as of then. A credit release in here
   * goes through `from.releaseAsOf`.
   */
  receiveLate(tlp: Tlp, from: LinkDirection, atPs: number): void;
  /**
   * Asked as `tlp` starts on the wire: must its arrival have an event of its own? If not, the link
   * hands it over at the next arrival event, at the link's next transmission or credit release, or
   * when the receiver calls `from.catchUp()` (which it must do before acting on anything the
   * arrival would have changed) or `from.armArrival()` (to give the next arrival its event).
   * `nothingInFlight`: no earlier TLP is on its way.
   */
  arrivalNeedsEvent(tlp: Tlp, nothingInFlight: boolean): boolean;
  /** True when taking an arrival late may release its credits at once (then a stall gives every arrival its event). */
  readonly releasesWhenTaken: boolean;
}

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

/** Counters of one direction, read by probes and tests. */
export interface LinkDirectionStats {
  tlps: number;
  /** TLP bytes plus framing, i.e. what occupied the wire. */
  wireBytes: number;
  payloadBytes: number;
  /** Time spent serializing, ps (fractional). */
  busyPs: number;
  /** Time with a TLP waiting and no credits for any head, ps. */
  creditStallPs: number;
  /** Largest receiver buffer occupancy seen, per class: [headers, data credits]. */
  maxOccupancy: Array<[number, number]>;
}

const NONE = -1;

export class LinkDirection {
  /** The direction going the other way on the same link (it carries this one's UpdateFCs). */
  reverse!: LinkDirection;
  receiver: TlpReceiver | undefined;
  readonly psPerByte: number;
  readonly latencyPs: number;
  readonly framing: number;
  readonly stats: LinkDirectionStats;
  /** Probe: every TLP as it goes on the wire (start and end of serialization, ps; wire bytes), for `--trace`. */
  onTransmit: ((tlp: Tlp, startPs: number, endPs: number, wireBytes: number) => void) | undefined;

  private readonly queues = [new Fifo<Tlp>(), new Fifo<Tlp>(), new Fifo<Tlp>()];
  private readonly queueTlps: number;
  private readonly lowWater: number;
  private readonly spaceWaiters: Array<Array<() => void>> = [[], [], []];
  private readonly inFlight = new Fifo<Tlp>();
  private readonly headerCredits = new Float64Array(3);
  private readonly dataCredits = new Float64Array(3);
  private readonly headerLimit = new Float64Array(3);
  private readonly dataLimit = new Float64Array(3);
  private readonly occupancyHeaders = new Float64Array(3);
  private readonly occupancyData = new Float64Array(3);
  private readonly fcReturnPs: number;
  // Pending credit returns, in time order: parallel arrays from `returnHead`.
  private returnTimes: number[] = [];
  private returnClasses: number[] = [];
  private returnData: number[] = [];
  private returnHead = 0;
  private queued = 0;
  private enqueueSeq = 0;
  private txFreeExact = 0;
  // End of the current transmission: its time and place in the event order (see Simulator.reserve).
  // Its event is queued only if something is waiting to go next by then.
  private txDoneAt = -1;
  private txDonePlace = -1;
  private txDoneQueued = false;
  /** Set when the receiver takes some arrivals late: a TLP in flight then has an event only if `arrivalQueued`. */
  private late: LateReceiver | undefined;
  private handingOver = false;
  private wakeAt = NONE;
  /** Class for which a woken space waiter may queue one TLP past the others (NONE otherwise). */
  private grant: number = NONE;
  private stalledSince = NONE;

  constructor(
    private readonly sim: Simulator,
    readonly name: string,
    params: LinkParams,
    credits: CreditLimits,
  ) {
    checkCreditLimits(name, credits, params.mps);
    this.psPerByte = psPerByteAtGbps(tlpLayerGbps(params.config, params.mps, params.dllpFactor ?? 1));
    this.latencyPs = params.latencyPs;
    this.framing = framingBytes(params.config);
    this.queueTlps = params.queueTlps ?? 32;
    this.lowWater = this.queueTlps >> 1;
    this.fcReturnPs = params.latencyPs + Math.ceil(DLLP_BYTES * psPerByteAtGbps(rawGbps(params.config)));
    classLimits(credits).forEach(([h, d], cls) => {
      this.headerCredits[cls] = this.headerLimit[cls] = h;
      this.dataCredits[cls] = this.dataLimit[cls] = d;
    });
    this.stats = { tlps: 0, wireBytes: 0, payloadBytes: 0, busyPs: 0, creditStallPs: 0, maxOccupancy: [[0, 0], [0, 0], [0, 0]] };
  }

  /**
   * True when a TLP of class `cls` may be queued now: there is room, and nobody else is waiting for
   * it (or the caller was just woken and holds the grant).
   */
  hasSpace(cls: FcClass): boolean {
    return this.queues[cls]!.length < this.queueTlps && (this.spaceWaiters[cls]!.length === 0 || this.grant === cls);
  }

  /**
   * Calls `callback` once, when a TLP of class `cls` may be queued. Waiters are woken once the
   * queue has drained to half its capacity (a low-water mark: producers refill in bursts while the
   * wire still has a backlog) and are served in turn, one at a time while there is room: a waiter
   * that queues one TLP and registers again goes to the back, so producers sharing an egress get
   * round-robin turns.
   */
  whenSpace(cls: FcClass, callback: () => void): void {
    this.spaceWaiters[cls]!.push(callback);
  }

  /**
   * Arrivals at `receiver` get an event of their own only when it says so (`arrivalNeedsEvent`);
   * the others are handed over late, as of their arrival time, before anything could have seen
   * them: at the next arrival event, at this direction's next look at its credits (a transmission,
   * a release, a wake-up), when the receiver asks (`catchUp`), and, should the direction stall for
   * credits, each gets its event after all. Every arrival keeps the place in the event order it
   * would have had, so nothing observable changes but the event count.
   */
  takeArrivalsLate(receiver: LateReceiver): void {
    this.receiver = receiver;
    this.late = receiver;
  }

  /** Hands the receiver every TLP without an event of its own whose arrival time (and place) has passed. */
  catchUp(): void {
    if (this.handingOver) return; // a release while handing over: the rest follow in order
    const inFlight = this.inFlight;
    while (inFlight.length > 0) {
      const tlp = inFlight.peek()!;
      if (tlp.arrivalQueued || !this.sim.hasRun(tlp.arrivalPs, tlp.arrivalPlace)) return;
      this.handOver(inFlight.shift());
    }
  }

  /** The receiver went idle: the next TLP in flight (which has not arrived yet) gets its arrival event. */
  armArrival(): void {
    const head = this.inFlight.peek();
    if (head !== undefined && !head.arrivalQueued) this.queueArrival(head);
  }

  /** Queues `tlp` (call only when `hasSpace`); the sender may free its buffer at once. */
  push(tlp: Tlp): number {
    if (!this.offer(tlp)) throw new Error(`${this.name}: push without space`);
    return this.sim.now;
  }

  /** Queues `tlp` for transmission; false (and nothing queued) when its class queue is full. */
  offer(tlp: Tlp): boolean {
    const queue = this.queues[tlp.kind]!;
    if (queue.length >= this.queueTlps) return false;
    tlp.queueSeq = this.enqueueSeq++;
    this.grant = NONE;
    queue.push(tlp);
    this.queued++;
    if (!this.transmitting()) this.tryStart();
    else if (!this.txDoneQueued) this.queueTxDone();
    return true;
  }

  /**
   * The receiver is done with `tlp` (forwarded or consumed) at `atPs` (default now; a later time
   * when a FIFO server already knows when it will take it). Its credits reach the transmitter one
   * UpdateFC later.
   */
  release(tlp: Tlp, atPs: number = this.sim.now): void {
    if (this.late !== undefined) this.catchUp(); // arrivals before this release count first
    if (this.returnCredits(tlp, atPs, this.sim.now) && this.queued > 0 && !this.transmitting()) this.wake(this.returnTimes[this.returnHead]!);
  }

  /**
   * `release` for a TLP handed over late, as of its arrival at `nowPs`. The direction was not
   * stalled then (a stalled direction gives every arrival its event), so no wake-up is due.
   */
  releaseAsOf(tlp: Tlp, atPs: number, nowPs: number): void {
    this.returnCredits(tlp, atPs, nowPs);
  }

  /** Frees the receiver's buffer and books the UpdateFC; false for a class with infinite credits. */
  private returnCredits(tlp: Tlp, atPs: number, nowPs: number): boolean {
    const cls = tlp.kind;
    const data = tlp.dataCredits;
    this.occupancyHeaders[cls]! -= 1;
    this.occupancyData[cls]! -= data;
    if (this.headerLimit[cls] === Infinity) return false;
    const time = Math.ceil(Math.max(atPs, nowPs)) + this.fcReturnPs;
    let i = this.returnTimes.length;
    this.returnTimes.push(time);
    this.returnClasses.push(cls);
    this.returnData.push(data);
    // Keep time order (a later release may carry an earlier time than a FIFO server's future one).
    while (i > this.returnHead && this.returnTimes[i - 1]! > time) {
      this.returnTimes[i] = this.returnTimes[i - 1]!;
      this.returnClasses[i] = this.returnClasses[i - 1]!;
      this.returnData[i] = this.returnData[i - 1]!;
      i--;
      this.returnTimes[i] = time;
      this.returnClasses[i] = cls;
      this.returnData[i] = data;
    }
    return true;
  }

  /**
   * Credits of class `cls` (0 P, 1 NP, 2 Cpl) the transmitter has spent and not yet had back, as
   * `[headers, data]`: TLPs in flight or held by the receiver, plus UpdateFCs on their way. For a
   * class advertised as infinite, what the receiver holds.
   */
  outstandingCredits(cls: FcClass): [number, number] {
    if (this.late !== undefined) this.catchUp();
    if (this.headerLimit[cls] === Infinity) return [this.occupancyHeaders[cls]!, this.occupancyData[cls]!];
    let headers = this.headerLimit[cls]! - this.headerCredits[cls]!;
    let data = this.dataLimit[cls]! - this.dataCredits[cls]!;
    for (let i = this.returnHead; i < this.returnTimes.length; i++) {
      if (this.returnClasses[i] !== cls) continue;
      headers -= 1;
      data -= this.returnData[i]!;
    }
    return [headers, data];
  }

  /** Number of TLPs waiting in the egress queues. */
  get queuedTlps(): number {
    return this.queued;
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

  private readonly onArrive = (): void => {
    // Arrivals without events of their own before this one came first.
    if (this.late !== undefined) while (!this.inFlight.peek()!.arrivalQueued) this.handOver(this.inFlight.shift());
    const tlp = this.inFlight.shift();
    tlp.arrivalQueued = false;
    this.occupy(tlp);
    this.receiver!.receive(tlp, this);
  };

  private queueArrival(tlp: Tlp): void {
    tlp.arrivalQueued = true;
    this.sim.atReserved(tlp.arrivalPs, tlp.arrivalPlace, this.onArrive);
  }

  private queueArrivalAt(index: number): void {
    const tlp = this.inFlight.get(index);
    if (!tlp.arrivalQueued) this.queueArrival(tlp);
  }

  private handOver(tlp: Tlp): void {
    this.occupy(tlp);
    this.handingOver = true;
    try {
      this.late!.receiveLate(tlp, this, tlp.arrivalPs);
    } finally {
      this.handingOver = false;
    }
  }

  /** `tlp` now sits in the receiver's buffer. */
  private occupy(tlp: Tlp): void {
    const cls = tlp.kind;
    const h = ++this.occupancyHeaders[cls]!;
    const d = (this.occupancyData[cls]! += tlp.dataCredits);
    const max = this.stats.maxOccupancy[cls]!;
    if (h > max[0]) max[0] = h;
    if (d > max[1]) max[1] = d;
  }

  private readonly onWake = (): void => {
    if (this.sim.now !== this.wakeAt) return; // superseded by an earlier wake
    this.wakeAt = NONE;
    if (!this.transmitting()) this.tryStart();
  };

  /**
   * Wakes space waiters in turn while the queue has room. A woken waiter holds a grant for one TLP
   * while others still wait (it may queue more only when nobody else is waiting); if it has more,
   * it registers again and goes to the back. A waiter that queues nothing is not retried this round.
   */
  private serveWaiters(cls: number): void {
    const queue = this.queues[cls]!;
    const waiters = this.spaceWaiters[cls]!;
    let idle = 0;
    while (waiters.length > idle && queue.length < this.queueTlps) {
      const callback = waiters.shift()!;
      const before = this.enqueueSeq;
      this.grant = cls;
      callback();
      this.grant = NONE;
      idle = this.enqueueSeq === before ? idle + 1 : 0;
    }
  }

  private wake(time: number): void {
    if (this.wakeAt !== NONE && this.wakeAt <= time) return;
    this.wakeAt = time;
    this.sim.at(time, this.onWake);
  }

  private applyReturns(now: number): void {
    const times = this.returnTimes;
    let head = this.returnHead;
    while (head < times.length && times[head]! <= now) {
      const cls = this.returnClasses[head]!;
      this.headerCredits[cls]! += 1;
      this.dataCredits[cls]! += this.returnData[head]!;
      head++;
    }
    if (head > 1024 && head * 2 > times.length) {
      this.returnTimes = times.slice(head);
      this.returnClasses = this.returnClasses.slice(head);
      this.returnData = this.returnData.slice(head);
      head = 0;
    }
    this.returnHead = head;
  }

  /** The class whose head goes next, or NONE: the oldest head with credits, never passing an older posted head. */
  private select(): number {
    const posted = this.queues[FcClass.P]!.peek();
    let best = NONE;
    let bestSeq = Infinity;
    for (let cls = 0; cls < 3; cls++) {
      const head = this.queues[cls]!.peek();
      if (head === undefined || head.queueSeq >= bestSeq) continue;
      if (cls !== FcClass.P && posted !== undefined && posted.queueSeq < head.queueSeq) continue;
      if (this.headerCredits[cls]! < 1 || this.dataCredits[cls]! < head.dataCredits) continue;
      best = cls;
      bestSeq = head.queueSeq;
    }
    return best;
  }

  private tryStart(): void {
    if (this.queued === 0) return;
    const sim = this.sim;
    const now = sim.now;
    if (this.late !== undefined) this.catchUp(); // their credit releases come first
    if (this.returnHead < this.returnTimes.length) this.applyReturns(now);
    const cls = this.select();
    if (cls === NONE) {
      // Stalled for credits: from here on a release at an arrival may wake this direction, so
      // every arrival on its way to a receiver that releases on arrival gets its own event.
      if (this.late?.releasesWhenTaken) for (let i = 0; i < this.inFlight.length; i++) this.queueArrivalAt(i);
      if (this.stalledSince === NONE) this.stalledSince = now; // waiting for credits
      if (this.returnHead < this.returnTimes.length) this.wake(this.returnTimes[this.returnHead]!);
      return;
    }
    if (this.stalledSince !== NONE) {
      this.stats.creditStallPs += now - this.stalledSince;
      this.stalledSince = NONE;
    }
    const tlp = this.queues[cls]!.shift();
    this.queued--;
    this.headerCredits[cls]! -= 1;
    this.dataCredits[cls]! -= tlp.dataCredits;

    const wire = tlp.tlpBytes + this.framing;
    const serialization = wire * this.psPerByte;
    // Back to back with the previous TLP when the wire was busy until within the last picosecond.
    const start = this.txFreeExact > now - 1 ? this.txFreeExact : now;
    const end = start + serialization;
    this.txFreeExact = end;
    const stats = this.stats;
    stats.tlps++;
    stats.wireBytes += wire;
    stats.payloadBytes += tlp.payloadBytes;
    stats.busyPs += serialization;
    this.onTransmit?.(tlp, start, end, wire);
    const done = Math.ceil(end);
    this.txDoneAt = done;
    this.txDonePlace = sim.reserve();
    if (this.queued > 0) this.queueTxDone();
    if (this.late === undefined) {
      this.inFlight.push(tlp);
      sim.at(done + this.latencyPs, this.onArrive);
    } else {
      tlp.arrivalPs = done + this.latencyPs;
      tlp.arrivalPlace = sim.reserve();
      tlp.arrivalQueued = false;
      this.inFlight.push(tlp);
      if (this.late.arrivalNeedsEvent(tlp, this.inFlight.length === 1)) this.queueArrival(tlp);
    }

    if (this.spaceWaiters[cls]!.length > 0 && this.queues[cls]!.length <= this.lowWater) this.serveWaiters(cls);
  }
}

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
