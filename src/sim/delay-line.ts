/**
 * Items that become due at given times, handed out in FIFO order with at most one pending event.
 * Components whose outputs come out in order (a FIFO server, a cut-through port) use it instead of
 * one event per item. A time earlier than the previous item's is raised to it, keeping FIFO order.
 */
import type { Simulator } from "./simulator.js";
import { Fifo } from "./fifo.js";

/** Calls around a delay line's deliveries (for a feeder that hands items over late; see LinkDirection). */
export interface DelayLineHooks {
  /** Before each round of deliveries. */
  before(): void;
  /** After a round that left the line empty. */
  idle(): void;
}

export class DelayLine<T> {
  private readonly items = new Fifo<T>();
  private readonly times = new Fifo<number>();
  private lastPs = 0;

  constructor(
    private readonly sim: Simulator,
    /** Called with each item at its time. */
    private readonly deliver: (item: T) => void,
    private readonly hooks?: DelayLineHooks,
  ) {}

  /** Number of items not yet delivered. */
  get length(): number {
    return this.items.length;
  }

  /**
   * Delivers `item` at `atPs` (an integer), or at the previous item's time if later, and not
   * before `addedPs`: when the item was added (now, or earlier for an item handed over late).
   */
  add(item: T, atPs: number, addedPs: number = this.sim.now): void {
    const time = Math.max(atPs, this.lastPs, addedPs);
    this.lastPs = time;
    this.items.push(item);
    this.times.push(time);
    if (this.items.length === 1) this.sim.at(time, this.onDue);
  }

  private readonly onDue = (): void => {
    this.hooks?.before();
    const now = this.sim.now;
    while (this.items.length > 0 && this.times.peek()! <= now) {
      this.times.shift();
      this.deliver(this.items.shift());
    }
    if (this.items.length > 0) this.sim.at(this.times.peek()!, this.onDue);
    else this.hooks?.idle();
  };
}
