/**
 * A calendar queue (R. Brown, "Calendar queues: a fast O(1) priority queue implementation for the
 * simulation event set problem", CACM 31(10), 1988) keyed by `(time, seq)`, for large pending sets.
 *
 * Time is cut into days of `width` ps; day `d` goes to bucket `d mod buckets`, so the buckets
 * together cover a year. Each bucket is a list sorted by `(time, seq)`. The earliest event is
 * the head of the current bucket if it falls in the current day; otherwise the next bucket is
 * tried, and after a whole year of misses the earliest head is searched directly. The calendar
 * doubles or halves its buckets when the count doubles or halves, and re-estimates the day width
 * from the gaps between the earliest events (the power of two nearest one mean gap: Brown suggests
 * three, one ran faster here, where walking a bucket's list costs more than skipping an empty
 * bucket). It also re-estimates when operations have been costing many steps on average (a
 * distribution that drifted without the count changing, as in SNOOPy calendar queues).
 *
 * Nodes live in typed arrays with a free list, so pushing and popping allocate nothing.
 */
import type { Action } from "./event-queue.js";
import { grown } from "./grow.js";
import { double } from "./double.js";

const NIL = -1;
const MIN_BUCKETS = 16;
/** Events sampled to estimate the day width. */
const WIDTH_SAMPLE = 64;
/** Day width in mean gaps between the earliest events (Brown suggests 3; 1 measured faster here). */
const DAY_GAPS = 1;
/** Steps per operation, averaged over a window, above which the width is re-estimated. */
const COSTLY_STEPS = 6;

export class CalendarQueue {
  // Node pool.
  private times: Float64Array;
  private seqs: Float64Array;
  private next: Int32Array;
  private actions: (Action | undefined)[];
  private free = NIL;
  private used = 0;
  // Buckets: sorted lists, with their tails for appends in order.
  private heads: Int32Array;
  private tails: Int32Array;
  private mask: number;
  /** Day width, ps: a power of two, so `time * perWidth` is exact and equals `time / width`. */
  private width = double(1);
  private perWidth = double(1);
  /** The current bucket and the end (exclusive) of its current day. */
  private current = 0;
  private dayEnd = double(1);
  private count = 0;
  private growAt: number;
  private shrinkAt: number;
  // Cost accounting for re-estimating the width.
  private steps = 0;
  private operations = 0;
  private accountEvery = 0;

  /** Takes over `count` entries given in parallel arrays (any order). */
  constructor(entries: { times: Float64Array; seqs: Float64Array; actions: (Action | undefined)[]; count: number }) {
    const capacity = Math.max(1024, 2 ** Math.ceil(Math.log2(entries.count + 1)));
    this.times = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.next = new Int32Array(capacity);
    this.actions = new Array<Action | undefined>(capacity);
    this.times.set(entries.times.subarray(0, entries.count));
    this.seqs.set(entries.seqs.subarray(0, entries.count));
    for (let i = 0; i < entries.count; i++) this.actions[i] = entries.actions[i];
    this.used = this.count = entries.count;
    this.heads = this.tails = new Int32Array(0);
    this.mask = this.growAt = this.shrinkAt = 0;
    this.rebuild(this.bucketsFor(entries.count));
  }

  get size(): number {
    return this.count;
  }

  push(time: number, seq: number, action: Action): void {
    let id = this.free;
    if (id !== NIL) this.free = this.next[id]!;
    else {
      if (this.used === this.times.length) this.growPool();
      id = this.used++;
    }
    this.times[id] = time;
    this.seqs[id] = seq;
    this.actions[id] = action;
    this.insert(id, time, seq);
    if (++this.count > this.growAt) this.rebuild((this.mask + 1) * 2);
    else this.account();
  }

  /** Time of the earliest event (it becomes the current bucket's head); `Infinity` when empty. */
  peekTime(): number {
    return this.count > 0 ? this.times[this.findEarliest()]! : Infinity;
  }

  /**
   * Removes the earliest event if its time is at most `limit` and returns its action, setting
   * `time` and `seq` to its key; otherwise (or when empty) returns undefined.
   */
  popDue(limit: number): Action | undefined {
    if (this.count === 0) return undefined;
    const id = this.findEarliest();
    const time = this.times[id]!;
    if (time > limit) return undefined;
    this.time = time;
    const bucket = this.current;
    const after = this.next[id]!;
    this.heads[bucket] = after;
    if (after === NIL) this.tails[bucket] = NIL;
    const action = this.actions[id]!;
    this.seq = this.seqs[id]!;
    this.actions[id] = undefined;
    this.next[id] = this.free;
    this.free = id;
    if (--this.count < this.shrinkAt) this.rebuild((this.mask + 1) >> 1);
    else this.account();
    return action;
  }

  /** Key of the entry `popDue` last removed. */
  time = double(0);
  seq = double(-1);

  /** Moves every entry out, in `(time, seq)` order, into `sink` (for handing back to a heap). */
  drain(sink: (time: number, seq: number, action: Action) => void): void {
    for (const id of this.sortedIds()) sink(this.times[id]!, this.seqs[id]!, this.actions[id]!);
    this.count = 0;
  }

  private insert(id: number, time: number, seq: number): void {
    const times = this.times;
    const seqs = this.seqs;
    const next = this.next;
    const day = Math.floor(time * this.perWidth);
    const bucket = day & this.mask; // exact: & reduces the integer modulo 2^32, a multiple of the bucket count
    const tail = this.tails[bucket]!;
    if (tail === NIL) {
      this.heads[bucket] = id;
      this.tails[bucket] = id;
      next[id] = NIL;
    } else if (times[tail]! < time || (times[tail] === time && seqs[tail]! < seq)) {
      next[tail] = id;
      next[id] = NIL;
      this.tails[bucket] = id;
    } else {
      let previous = NIL;
      let at = this.heads[bucket]!;
      let steps = 0;
      while (times[at]! < time || (times[at] === time && seqs[at]! < seq)) {
        previous = at;
        at = next[at]!;
        steps++;
      }
      this.steps += steps;
      next[id] = at;
      if (previous === NIL) this.heads[bucket] = id;
      else next[previous] = id;
    }
    // Earlier than the current day (after a peek moved ahead, the clock may be behind it): go back.
    if (time < this.dayEnd - this.width) {
      this.current = bucket;
      this.dayEnd = (day + 1) * this.width;
    }
  }

  /** The earliest node; leaves `current` and `dayEnd` on its bucket and day. */
  private findEarliest(): number {
    const heads = this.heads;
    const times = this.times;
    const mask = this.mask;
    const width = this.width;
    let bucket = this.current;
    let dayEnd = this.dayEnd;
    for (let n = 0; n <= mask; n++) {
      const head = heads[bucket]!;
      if (head !== NIL && times[head]! < dayEnd) {
        this.current = bucket;
        this.dayEnd = dayEnd;
        this.steps += n;
        return head;
      }
      bucket = (bucket + 1) & mask;
      dayEnd += width;
    }
    // A whole year without an event: look at every head.
    this.steps += mask + 1;
    let best = NIL;
    for (let b = 0; b <= mask; b++) {
      const head = heads[b]!;
      if (head !== NIL && (best === NIL || times[head]! < times[best]! || (times[head] === times[best] && this.seqs[head]! < this.seqs[best]!))) best = head;
    }
    const day = Math.floor(times[best]! * this.perWidth);
    this.current = day & mask;
    this.dayEnd = (day + 1) * width;
    return best;
  }

  /** Every so often, re-estimates the width if operations have been costing too many steps. */
  private account(): void {
    if (++this.operations < this.accountEvery) return;
    if (this.steps > COSTLY_STEPS * this.operations) this.rebuild(this.mask + 1);
    this.steps = 0;
    this.operations = 0;
  }

  private bucketsFor(count: number): number {
    let buckets = MIN_BUCKETS;
    while (buckets < count) buckets *= 2;
    return buckets;
  }

  /** Live nodes in `(time, seq)` order. */
  private sortedIds(): number[] {
    const ids: number[] = [];
    for (let id = 0; id < this.used; id++) if (this.actions[id] !== undefined) ids.push(id);
    const times = this.times;
    const seqs = this.seqs;
    return ids.sort((a, b) => times[a]! - times[b]! || seqs[a]! - seqs[b]!);
  }

  /** Re-lays the calendar with `buckets` buckets and a width estimated from the earliest events. */
  private rebuild(buckets: number): void {
    const ids = this.sortedIds();
    const times = this.times;
    // Mean gap between the earliest events, leaving out gaps over twice the first mean (outliers).
    const sample = Math.min(ids.length, WIDTH_SAMPLE);
    let width = this.width;
    if (sample >= 2) {
      const mean = (times[ids[sample - 1]!]! - times[ids[0]!]!) / (sample - 1);
      let sum = 0;
      let gaps = 0;
      for (let i = 1; i < sample; i++) {
        const gap = times[ids[i]!]! - times[ids[i - 1]!]!;
        if (gap <= 2 * mean) {
          sum += gap;
          gaps++;
        }
      }
      width = 2 ** Math.max(0, Math.round(Math.log2((DAY_GAPS * sum) / Math.max(gaps, 1))));
    }
    this.width = width;
    this.perWidth = 1 / width;
    this.mask = buckets - 1;
    this.heads = new Int32Array(buckets).fill(NIL);
    this.tails = new Int32Array(buckets).fill(NIL);
    this.growAt = 2 * buckets;
    this.shrinkAt = buckets === MIN_BUCKETS ? 0 : buckets >> 1;
    const first = ids.length > 0 ? Math.floor(times[ids[0]!]! * this.perWidth) : 0;
    this.current = first & this.mask;
    this.dayEnd = (first + 1) * width;
    // In order, so each insertion is an append.
    for (const id of ids) this.insert(id, times[id]!, this.seqs[id]!);
    this.steps = 0;
    this.operations = 0;
    this.accountEvery = 4 * buckets;
  }

  private growPool(): void {
    const capacity = this.times.length * 2;
    this.times = grown(this.times, capacity);
    this.seqs = grown(this.seqs, capacity);
    this.next = grown(this.next, capacity);
    this.actions.length = capacity;
  }
}
