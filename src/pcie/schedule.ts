/**
 * What is on a link direction's wire and when: the end of the current transmission (its time and
 * place in the event order), the train behind it (train.ts), and the starts inside the train that
 * need events. Departures are computed as TLPs go on the wire (`launch`, `couple`); what a start
 * changes (the TLP leaves its egress slot and is counted) is settled lazily (`settle`).
 *
 * Trains: as a TLP starts, every TLP queued behind it that has credits in hand goes on the wire at
 * once, back to back, with its departure, end and arrival computed now: nothing can come between
 * them, since the oldest head with credits goes next, newer TLPs queue behind, and credits only
 * come back. A TLP queued while a train runs joins it if nothing else waits and its credits are in
 * hand. The train breaks where the next TLP lacks credits (the end of the train then has its event).
 * Nothing runs at the starts inside a train, but where a producer waits for the queue to drain to its
 * low-water mark: that start gets its event, in its place, and wakes the producer as it would have.
 * What the starts change (queue slots, counters) is settled lazily, whenever anyone looks.
 */
import type { Simulator } from "../sim/simulator.js";
import { double } from "../sim/double.js";
import type { CreditLedger } from "./credit-ledger.js";
import type { Delivery } from "./delivery.js";
import { NONE, type EgressQueues } from "./egress.js";
import type { Serializer } from "./serializer.js";
import type { Tlp } from "./tlp.js";
import { Train } from "./train.js";

/** Deliberate mistakes in trains, for the mutation tests only (never set by a scenario). */
export type TrainFault = "departure-off-by-one" | "ignores-credits" | "ignores-waiters";

export class WireSchedule {
  readonly train = new Train();
  /** With tracing: departure (fractional), end and arrival of every TLP, ps, three numbers each, in order of departure. */
  readonly trace: number[] | undefined;
  // End of the current transmission: its time and place in the event order (see Simulator.reserve).
  txDoneAt = double(-1);
  txDonePlace = double(-1);
  /** A start in the train has an event to serve waiting producers (see `markRefill`). */
  refillMarked = false;
  /** Class of the TLP whose start `settle` passed last. */
  private startedClass = 0;
  /** Scratch for `markRefill`: TLPs of each class in the train. */
  private readonly perClass = [0, 0, 0];
  // The mutation tests' faults as flags: comparing an undefined field with a string on every TLP
  // compiled to a call of V8's generic strict-equality builtin.
  private readonly ignoresCredits: boolean;
  private readonly offByOne: boolean;
  private readonly ignoresWaiters: boolean;

  constructor(
    private readonly sim: Simulator,
    private readonly egress: EgressQueues,
    private readonly ledger: CreditLedger,
    private readonly serializer: Serializer,
    private readonly delivery: Delivery,
    trace: boolean,
    fault: TrainFault | undefined,
  ) {
    this.trace = trace ? [] : undefined;
    this.ignoresCredits = fault === "ignores-credits";
    this.offByOne = fault === "departure-off-by-one";
    this.ignoresWaiters = fault === "ignores-waiters";
  }

  /** True until the current transmission's end (which may not have an event of its own) has passed. */
  transmitting(): boolean {
    return !this.sim.hasRun(this.txDoneAt, this.txDonePlace);
  }

  /** Passes every start in the train whose moment has come: the TLP leaves its queue slot and is counted. */
  settle(): void {
    const train = this.train;
    const sim = this.sim;
    while (train.nextStartPs <= sim.now && sim.hasRun(train.nextStartPs, train.startPlace(0))) {
      const tlp = train.shift();
      this.egress.held[tlp.kind]!--;
      this.serializer.count(tlp);
      this.startedClass = tlp.kind;
    }
  }

  /** True when the credits in hand (with the returns due by now) cover `tlp`. */
  covered(tlp: Tlp): boolean {
    if (this.ignoresCredits) return true;
    const ledger = this.ledger;
    if (ledger.returning && ledger.nextReturnPs <= this.sim.now) ledger.applyDue(this.sim.now);
    return ledger.covers(tlp.kind, tlp.dataCredits);
  }

  /**
   * Starts `tlp` now on the idle wire, nothing queued, if its credits are in hand (as the
   * transmitter's loop would start it, without queueing it first); false if not. Arrivals already
   * due are handed over first either way (their releases may return credits).
   */
  startNow(tlp: Tlp, txPlace: number, arrivalPlace: number): boolean {
    this.delivery.catchUp(); // releases by arrivals already due come first
    if (!this.covered(tlp)) return false;
    this.egress.pass();
    this.launch(tlp, this.sim.now, txPlace, arrivalPlace);
    this.serializer.count(tlp);
    this.egress.left(tlp.kind);
    return true;
  }

  /** Puts `tlp` on the wire behind the last TLP: it starts at that one's end. */
  couple(tlp: Tlp, txPlace: number, arrivalPlace: number): void {
    const cls = tlp.kind;
    const startPs = this.txDoneAt;
    const startPlace = this.txDonePlace;
    this.egress.held[cls]!++;
    this.train.push(tlp, startPs, startPlace);
    if (this.offByOne) this.serializer.freeExact += 1;
    this.launch(tlp, startPs, txPlace, arrivalPlace);
  }

  /** Spends `tlp`'s credits, schedules it on the wire from `nowPs` and sends it on its way. */
  launch(tlp: Tlp, nowPs: number, txPlace: number, arrivalPlace: number): void {
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
  markRefill(): void {
    const egress = this.egress;
    if (this.ignoresWaiters || !(egress.waiting(0) || egress.waiting(1) || egress.waiting(2))) return;
    this.markRefillFor(egress);
  }

  /** `markRefill` once producers wait (apart, so that V8 inlines only the check into every offer). */
  private markRefillFor(egress: EgressQueues): void {
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
}
