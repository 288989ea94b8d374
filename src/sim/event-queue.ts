/**
 * The pending-event set, keyed by `(time, seq)`: a binary min-heap on parallel arrays while it is
 * small (the usual case: a few dozen events), a calendar queue (see calendar-queue.ts) while it
 * holds more than `CALENDAR_ABOVE` events, when a heap's log-depth sifts cost more than the
 * calendar's constant-time buckets. Either way events leave in exactly the same order.
 *
 * Heap:
 *
 * `seq` is a counter stamped at insertion, so events at the same time leave in the order they
 * were scheduled (FIFO), as in SimPy. Keys live in typed arrays (`Float64Array`, exact for
 * integers up to 2^53) and the callbacks in a plain array moved alongside; the sift loops move a
 * hole instead of swapping. This layout ran about twice as fast as an array of `{ time, seq, fn }`
 * objects (see `npm run bench` and docs/design.md).
 *
 * The event loop takes an event with `takeDue`, which leaves it at the root, held, while it runs:
 * most events schedule one more, and the first push then takes the root's place with one sift down
 * instead of a removal and an insertion (the twin benchmark 1.15-1.5x faster, the hold model at 16
 * pending 1.3x; docs/design.md, "Speed"). Whatever else comes first removes it (`settle`); `size`
 * never counts it.
 */
import { CalendarQueue } from "./calendar-queue.js";
import { grown } from "./grow.js";
import { double } from "./double.js";

/** An event's action: a plain closure run at its time. */
export type Action = () => void;

const INITIAL_CAPACITY = 1024;
/** Above this many pending events the queue moves to a calendar queue; below a quarter of it, back. */
export const CALENDAR_ABOVE = 64;

export class EventQueue {
  /** Set while the pending set is large; the heap arrays are then empty. */
  private calendar: CalendarQueue | undefined = undefined;
  private readonly calendarAbove: number;
  private times = new Float64Array(INITIAL_CAPACITY);
  private seqs = new Float64Array(INITIAL_CAPACITY);
  private actions: (Action | undefined)[] = new Array<Action | undefined>(INITIAL_CAPACITY);
  private count = 0;
  private nextSeq = 0;
  /** The heap's root is an event already handed out (by `takeDue`), to be replaced or removed. */
  private holding = false;
  /** Key of the entry `pop`/`popDue` last removed. */
  poppedTime = double(0);
  poppedSeq = double(-1);

  /** `calendarAbove`: pending events above which a calendar queue takes over (tests set it low). */
  constructor(calendarAbove = CALENDAR_ABOVE) {
    this.calendarAbove = calendarAbove;
  }

  /** Number of pending events. */
  get size(): number {
    return this.calendar === undefined ? this.count - (this.holding ? 1 : 0) : this.calendar.size;
  }

  /** Time of the earliest pending event; `Infinity` when empty. */
  peekTime(): number {
    this.settle();
    if (this.calendar !== undefined) return this.calendar.peekTime();
    return this.count > 0 ? this.times[0]! : Infinity;
  }

  /** Adds `action` at `time` (ps). Ties keep insertion order. */
  push(time: number, action: Action): void {
    this.pushReserved(time, this.nextSeq++, action);
  }

  /**
   * Takes the next sequence number without queueing anything: an event that may or may not be
   * needed can later be queued with `pushReserved` and still run where it would have run had it
   * been queued now.
   */
  reserve(): number {
    return this.nextSeq++;
  }

  /** Adds `action` at `time` with a sequence number from `reserve` (used at most once). */
  pushReserved(time: number, seq: number, action: Action): void {
    if (this.holding) {
      this.holding = false;
      return this.replaceRoot(time, seq, action);
    }
    if (this.calendar !== undefined) return this.calendar.push(time, seq, action);
    if (this.count === this.times.length) this.grow();
    this.siftUp(this.count++, time, seq, action);
    if (this.count > this.calendarAbove) this.toCalendar();
  }

  /** Hands the heap's events to a calendar queue (kept out of `pushReserved`, so that stays small enough to inline). */
  private toCalendar(): void {
    this.calendar = new CalendarQueue({ times: this.times, seqs: this.seqs, actions: this.actions, count: this.count });
    this.count = 0;
    this.actions.fill(undefined);
  }

  /** Removes the earliest event and returns its action. Call only when `size > 0`. */
  pop(): Action {
    return this.popDue(Infinity)!;
  }

  /**
   * Removes the earliest event if its time is at most `limit` (ps) and returns its action, with its
   * key in `poppedTime` and `poppedSeq`; otherwise (or when empty) returns undefined.
   */
  popDue(limit: number): Action | undefined {
    const action = this.takeDue(limit);
    this.settle();
    return action;
  }

  /**
   * As `popDue`, but a heap's event stays at the root, held, until the next push takes its place
   * or anything else removes it: the event loop's way to run an event that schedules another.
   */
  takeDue(limit: number): Action | undefined {
    if (this.holding) this.removeRoot();
    if (this.calendar !== undefined) return this.takeFromCalendar(this.calendar, limit);
    if (this.count === 0 || this.times[0]! > limit) return undefined;
    this.poppedTime = this.times[0]!;
    this.poppedSeq = this.seqs[0]!;
    this.holding = true;
    return this.actions[0]!;
  }

  /** `takeDue` while the calendar holds the events (kept apart so the heap's path stays small enough to inline). */
  private takeFromCalendar(calendar: CalendarQueue, limit: number): Action | undefined {
    const action = calendar.popDue(limit);
    if (action === undefined) return undefined;
    this.poppedTime = calendar.time;
    this.poppedSeq = calendar.seq;
    if (calendar.size < this.calendarAbove >> 2) {
      this.calendar = undefined;
      calendar.drain((time, seq, next) => this.siftUp(this.count++, time, seq, next));
    }
    return action;
  }

  /** Removes the event `takeDue` left held at the root, if any. */
  settle(): void {
    if (this.holding) this.removeRoot();
  }

  /**
   * Bottom-up deletion (Floyd): walk the hole at the root down to a leaf along the smaller child
   * (one comparison per level), then sift the last element up from there; it rarely moves far.
   */
  private removeRoot(): void {
    this.holding = false;
    const times = this.times;
    const seqs = this.seqs;
    const actions = this.actions;
    const last = --this.count;
    if (last > 0) {
      let hole = 0;
      let child = 1;
      while (child < last) {
        const right = child + 1;
        if (right < last) {
          const ct = times[child]!;
          const rt = times[right]!;
          if (rt < ct || (rt === ct && seqs[right]! < seqs[child]!)) child = right;
        }
        times[hole] = times[child]!;
        seqs[hole] = seqs[child]!;
        actions[hole] = actions[child];
        hole = child;
        child = 2 * hole + 1;
      }
      this.siftUp(hole, times[last]!, seqs[last]!, actions[last]!);
    }
    actions[last] = undefined;
  }

  /**
   * Puts an entry in place of the (held) root and sifts it down, smaller children moving up. (A walk
   * to a leaf and a sift up from there, as in `removeRoot`, measured slower here.)
   */
  private replaceRoot(time: number, seq: number, action: Action): void {
    const times = this.times;
    const seqs = this.seqs;
    const actions = this.actions;
    const count = this.count;
    let hole = 0;
    let child = 1;
    while (child < count) {
      let ct = times[child]!;
      const right = child + 1;
      if (right < count) {
        const rt = times[right]!;
        if (rt < ct || (rt === ct && seqs[right]! < seqs[child]!)) {
          child = right;
          ct = rt;
        }
      }
      if (time < ct || (time === ct && seq < seqs[child]!)) break;
      times[hole] = ct;
      seqs[hole] = seqs[child]!;
      actions[hole] = actions[child];
      hole = child;
      child = 2 * hole + 1;
    }
    times[hole] = time;
    seqs[hole] = seq;
    actions[hole] = action;
  }

  /** Places an entry at `hole` or above it, moving larger parents down. */
  private siftUp(hole: number, time: number, seq: number, action: Action): void {
    const times = this.times;
    const seqs = this.seqs;
    const actions = this.actions;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      times[hole] = pt;
      seqs[hole] = seqs[parent]!;
      actions[hole] = actions[parent];
      hole = parent;
    }
    times[hole] = time;
    seqs[hole] = seq;
    actions[hole] = action;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    this.times = grown(this.times, capacity);
    this.seqs = grown(this.seqs, capacity);
    this.actions.length = capacity;
  }
}
