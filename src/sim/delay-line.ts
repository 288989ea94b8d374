/**
 * Items that become due at given times, handed out in FIFO order with at most one pending event.
 * Components whose outputs come out in order (a FIFO server, a cut-through port) use it instead of
 * one event per item. A time earlier than the previous item's is raised to it, keeping FIFO order.
 */
import type { Simulator } from "./simulator.js";
import { double } from "./double.js";

/** Calls around a delay line's deliveries (for a feeder that hands items over late; see pcie/delivery.ts). */
export interface DelayLineHooks {
  /** Before each round of deliveries. */
  before(): void;
  /** After a round that left the line empty. */
  idle(): void;
}

export class DelayLine<T> {
  // A ring of items and their due times (ps), oldest at `head`.
  private items: (T | undefined)[] = new Array<T | undefined>(16);
  private times = new Float64Array(16);
  private head = 0;
  private count = 0;
  private lastPs = double(0);

  constructor(
    private readonly sim: Simulator,
    /** Called with each item at its time. */
    private readonly deliver: (item: T) => void,
    private hooks?: DelayLineHooks,
  ) {}

  /** Sets the calls around deliveries (by whoever feeds the line late). */
  setHooks(hooks: DelayLineHooks): void {
    this.hooks = hooks;
  }

  /** Number of items not yet delivered. */
  get length(): number {
    return this.count;
  }

  /**
   * Delivers `item` at `atPs` (an integer), or at the previous item's time if later, and not
   * before `addedPs`: when the item was added (now, or earlier for an item handed over late).
   */
  add(item: T, atPs: number, addedPs: number = this.sim.now): void {
    const time = Math.max(atPs, this.lastPs, addedPs);
    this.lastPs = time;
    if (this.count === this.times.length) this.grow();
    const slot = (this.head + this.count) & (this.times.length - 1);
    this.items[slot] = item;
    this.times[slot] = time;
    if (++this.count === 1) this.sim.at(time, this.onDue);
  }

  private readonly onDue = (): void => {
    this.hooks?.before();
    const now = this.sim.now;
    while (this.count > 0 && this.times[this.head]! <= now) {
      const item = this.items[this.head] as T;
      this.items[this.head] = undefined;
      this.head = (this.head + 1) & (this.times.length - 1); // read each time: a delivery may grow the ring
      this.count--;
      this.deliver(item);
    }
    if (this.count > 0) this.sim.at(this.times[this.head]!, this.onDue);
    else this.hooks?.idle();
  };

  private grow(): void {
    const capacity = this.times.length * 2;
    const items = new Array<T | undefined>(capacity);
    const times = new Float64Array(capacity);
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) & (this.times.length - 1);
      items[i] = this.items[from];
      times[i] = this.times[from]!;
    }
    this.items = items;
    this.times = times;
    this.head = 0;
  }
}
