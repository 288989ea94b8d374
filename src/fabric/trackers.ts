/**
 * A pool of `size` trackers (outstanding-request slots, as a root complex keeps for reads it has
 * sent on to memory), booked without events: a request takes the tracker that frees first, no
 * earlier than it arrives, and holds it until a time the caller knows when it books it (its data's
 * return). Requests must be booked in arrival order. A min-heap of the trackers' free times.
 */
export class TrackerPool {
  private readonly freeAt: Float64Array;

  constructor(readonly size: number) {
    this.freeAt = new Float64Array(size);
  }

  /** When a request arriving at `atPs` gets a tracker (the earliest one free, or `atPs`). */
  start(atPs: number): number {
    const free = this.freeAt[0]!;
    return free > atPs ? free : atPs;
  }

  /** Books the tracker `start` gave out until `untilPs`. */
  hold(untilPs: number): void {
    const heap = this.freeAt;
    const n = heap.length;
    // Replace the root (the earliest free tracker) and sift it down.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && heap[r]! < heap[l]! ? r : l;
      if (heap[c]! >= untilPs) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = untilPs;
  }
}
