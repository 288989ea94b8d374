/**
 * A link direction's egress queues: one bounded FIFO per flow-control class (P, NP, Cpl), and the
 * order in which their heads may go (PCIe Base Spec r5.0 section 2.4.1, table 2-40): the oldest
 * head that has credits goes next, except that a request or completion never passes an older
 * posted write (posted may pass the others; they may not pass posted).
 *
 * Producers use the port handshake: `hasSpace`, else `whenSpace` and wait to be told. Waiters are
 * woken once a queue has drained to half its capacity (a low-water mark: producers refill in bursts
 * while the wire still has a backlog) and served in turn, one TLP each while others wait, so
 * producers sharing an egress get round-robin turns.
 */
import { double } from "../sim/double.js";
import { TlpRing } from "./tlp-ring.js";
import type { CreditLedger } from "./credit-ledger.js";
import { FcClass, type Tlp } from "./tlp.js";

/** No class (nothing may go, or no grant held). */
export const NONE = -1;

export class EgressQueues {
  /** TLPs waiting to be scheduled, all classes. */
  length = 0;
  /**
   * Per class, TLPs already scheduled on the wire (in a train) but not yet started: they still
   * hold their queue slots until they start.
   */
  readonly held = [0, 0, 0];
  /** Places in the event order of the end of transmission and the arrival of the TLP `take` returned last. */
  takenTxPlace = double(0);
  takenArrivalPlace = double(0);
  /** Per class, the queued TLPs, each with its order stamp and its two places (reserved as it was queued). */
  private readonly queues = [new TlpRing(), new TlpRing(), new TlpRing()];
  private readonly waiters: Array<Array<() => void>> = [[], [], []];
  /** Waiters are woken when their class is down to this many TLPs. */
  readonly lowWater: number;
  private stamp = 0;
  /** Class for which a woken waiter may queue one TLP past the others (NONE otherwise). */
  private grant: number = NONE;

  constructor(
    /** Capacity per class, TLPs. */
    readonly capacity: number,
  ) {
    this.lowWater = capacity >> 1;
  }

  /** True when a TLP of class `cls` may be queued now: room, and nobody waiting ahead (or the caller holds the grant). */
  hasSpace(cls: FcClass): boolean {
    return this.queues[cls]!.length + this.held[cls]! < this.capacity && (this.waiters[cls]!.length === 0 || this.grant === cls);
  }

  /** True when producers wait for room in class `cls`. */
  waiting(cls: number): boolean {
    return this.waiters[cls]!.length > 0;
  }

  /** True when class `cls`, with `extra` more TLPs, would be at or below its low-water mark. */
  atLowWater(cls: number, extra: number): boolean {
    return this.queues[cls]!.length + this.held[cls]! + extra <= this.lowWater;
  }

  /** TLPs of class `cls` waiting to be scheduled. */
  queuedOf(cls: number): number {
    return this.queues[cls]!.length;
  }

  /** True when a TLP of class `cls` would fit now. */
  fits(cls: number): boolean {
    return this.queues[cls]!.length + this.held[cls]! < this.capacity;
  }

  whenSpace(cls: FcClass, callback: () => void): void {
    this.waiters[cls]!.push(callback);
  }

  /** Queues `tlp` (call only when it `fits`) with the places of its end of transmission and arrival. */
  add(tlp: Tlp, txPlace: number, arrivalPlace: number): void {
    this.queues[tlp.kind]!.push(tlp, this.stamp++, txPlace, arrivalPlace);
    this.grant = NONE;
    this.length++;
  }

  /** A TLP goes past the queues straight onto the wire: it counts as queued for the round-robin turns. */
  pass(): void {
    this.stamp++;
    this.grant = NONE;
  }

  /** The class of the oldest queued TLP, credits or not (call only when `length > 0`). */
  oldest(): number {
    let best = NONE;
    let bestStamp = Infinity;
    for (let cls = 0; cls < 3; cls++) {
      if (this.queues[cls]!.length === 0) continue;
      const stamp = this.queues[cls]!.a(0);
      if (stamp < bestStamp) {
        best = cls;
        bestStamp = stamp;
      }
    }
    return best;
  }

  /** The head of class `cls` (call only when it is not empty). */
  head(cls: number): Tlp {
    return this.queues[cls]!.tlp(0);
  }

  /** The class whose head goes next with the credits in `ledger`, or NONE. */
  select(ledger: CreditLedger): number {
    const posted = this.queues[FcClass.P]!;
    const postedStamp = posted.length > 0 ? posted.a(0) : Infinity;
    let best = NONE;
    let bestStamp = Infinity;
    for (let cls = 0; cls < 3; cls++) {
      const queue = this.queues[cls]!;
      if (queue.length === 0) continue;
      const head = queue.tlp(0);
      const stamp = queue.a(0);
      if (stamp >= bestStamp) continue;
      if (cls !== FcClass.P && postedStamp < stamp) continue;
      if (!ledger.covers(cls, head.dataCredits)) continue;
      best = cls;
      bestStamp = stamp;
    }
    return best;
  }

  /** Removes the head of class `cls` (call only when it is not empty). */
  take(cls: number): Tlp {
    const queue = this.queues[cls]!;
    this.takenTxPlace = queue.b(0);
    this.takenArrivalPlace = queue.c(0);
    this.length--;
    return queue.shift();
  }

  /** After a TLP of class `cls` left: wakes its waiters if the queue is down to its low-water mark. */
  left(cls: number): void {
    if (this.waiters[cls]!.length > 0 && this.queues[cls]!.length + this.held[cls]! <= this.lowWater) this.serveWaiters(cls);
  }

  /**
   * Wakes waiters in turn while the queue has room. A woken waiter holds a grant for one TLP while
   * others still wait (it may queue more only when nobody else is waiting); if it has more, it
   * registers again and goes to the back. A waiter that queues nothing is not retried this round.
   */
  private serveWaiters(cls: number): void {
    const queue = this.queues[cls]!;
    const waiters = this.waiters[cls]!;
    let idle = 0;
    while (waiters.length > idle && queue.length + this.held[cls]! < this.capacity) {
      const callback = waiters.shift()!;
      const before = this.stamp;
      this.grant = cls;
      callback();
      this.grant = NONE;
      idle = this.stamp === before ? idle + 1 : 0;
    }
  }
}
