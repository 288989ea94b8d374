/**
 * The pending-event set: a binary min-heap on parallel arrays keyed by `(time, seq)`.
 *
 * `seq` is a counter stamped at insertion, so events at the same time leave in the order they
 * were scheduled (FIFO), as in SimPy. Keys live in typed arrays (`Float64Array`, exact for
 * integers up to 2^53) and the callbacks in a plain array moved alongside; the sift loops move a
 * hole instead of swapping. This layout ran about twice as fast as an array of `{ time, seq, fn }`
 * objects (see `npm run bench` and docs/design.md).
 */

/** An event's action: a plain closure run at its time. */
export type Action = () => void;

const INITIAL_CAPACITY = 1024;

export class EventQueue {
  private times = new Float64Array(INITIAL_CAPACITY);
  private seqs = new Float64Array(INITIAL_CAPACITY);
  private actions: (Action | undefined)[] = new Array<Action | undefined>(INITIAL_CAPACITY);
  private count = 0;
  private nextSeq = 0;
  /** Sequence number of the entry `pop` last removed. */
  poppedSeq = -1;

  /** Number of pending events. */
  get size(): number {
    return this.count;
  }

  /** Time of the earliest pending event; `Infinity` when empty. */
  peekTime(): number {
    return this.count > 0 ? this.times[0]! : Infinity;
  }

  /** Adds `action` at `time` (ps). Ties keep insertion order. */
  push(time: number, action: Action): void {
    if (this.count === this.times.length) this.grow();
    this.siftUp(this.count++, time, this.nextSeq++, action);
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
    if (this.count === this.times.length) this.grow();
    this.siftUp(this.count++, time, seq, action);
  }

  /**
   * Removes the earliest event and returns its action. Call only when `size > 0`.
   * Bottom-up deletion (Floyd): walk the hole at the root down to a leaf along the smaller child
   * (one comparison per level), then sift the last element up from there; it rarely moves far.
   */
  pop(): Action {
    const times = this.times;
    const seqs = this.seqs;
    const actions = this.actions;
    const top = actions[0]!;
    this.poppedSeq = seqs[0]!;
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
    return top;
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
    const times = new Float64Array(capacity);
    times.set(this.times);
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
    this.actions.length = capacity;
  }
}
